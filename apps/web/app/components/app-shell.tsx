import { Form, NavLink } from '@remix-run/react';
import type { ReactNode } from 'react';

export const NAVIGATION = [
  { to: '/campaigns', label: 'Campaigns' },
  { to: '/leads', label: 'Leads' },
  { to: '/calls', label: 'Calls' },
  { to: '/inbox', label: 'Inbox' },
  { to: '/health', label: 'Health' },
  { to: '/jobs', label: 'Jobs' },
  { to: '/admin', label: 'Admin' },
  { to: '/system', label: 'System' },
] as const;

export interface SignedIn {
  user: { email: string; role: string };
  workspace: { name: string } | null;
}

export function AppShell({ banner, signedIn, children }: { banner?: ReactNode; signedIn: SignedIn; children: ReactNode }) {
  return (
    <div className="shell">
      <aside className="sidebar">
        <a className="brand" href="/">
          <span className="brand-mark" aria-hidden="true">◆</span> Switchboard
        </a>
        <nav aria-label="Main">
          <ul>
            {NAVIGATION.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')} prefetch="intent">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <p className="account-workspace">{signedIn.workspace?.name ?? 'No workspace'}</p>
          <p className="account-user">
            {signedIn.user.email} · {signedIn.user.role}
          </p>
          <Form method="post" action="/sign-out">
            <button type="submit" className="link-button">
              Sign out
            </button>
          </Form>
        </div>
      </aside>
      <div className="main">
        {banner}
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
