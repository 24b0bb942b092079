import { NavLink } from '@remix-run/react';
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

export function AppShell({ banner, children }: { banner?: ReactNode; children: ReactNode }) {
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
      </aside>
      <div className="main">
        {banner}
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
