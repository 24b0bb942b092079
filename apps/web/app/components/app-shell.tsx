import { Form, NavLink } from '@remix-run/react';
import { roleAllows, type Role } from '@switchboard/core';
import type { ReactNode } from 'react';
import type { ApiOutputs } from '../utils/api-types.ts';

/** The main pages; `role` is the least a member needs to open one (the page answers others with 403), so the menu leaves it out for them. */
export const NAVIGATION: readonly { to: string; label: string; role?: Role }[] = [
  { to: '/campaigns', label: 'Campaigns' },
  { to: '/mailboxes', label: 'Mailboxes' },
  { to: '/leads', label: 'Leads' },
  { to: '/analytics', label: 'Analytics' },
  { to: '/calls', label: 'Calls' },
  { to: '/inbox', label: 'Inbox' },
  { to: '/suppressions', label: 'Suppressions', role: 'operator' },
  { to: '/health', label: 'Health' },
  { to: '/jobs', label: 'Jobs', role: 'admin' },
  { to: '/admin', label: 'Admin', role: 'admin' },
  { to: '/system', label: 'System' },
];

/** The signed-in member, as auth.me returns them. */
export type SignedIn = NonNullable<ApiOutputs['auth']['me']>;

export function AppShell({ banner, signedIn, children }: { banner?: ReactNode; signedIn: SignedIn; children: ReactNode }) {
  return (
    <div className="shell">
      {/* The menu is a dozen links before every page's own content: a keyboard skips them in one Tab and Enter. */}
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <a className="brand" href="/">
          <span className="brand-mark" aria-hidden="true">◆</span> Switchboard
        </a>
        <nav aria-label="Main">
          <ul>
            {NAVIGATION.filter((item) => !item.role || roleAllows(signedIn.user.role, item.role)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')} prefetch="intent">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          {signedIn.memberships.length > 1 ? (
            <Form method="post" action="/switch-workspace" className="workspace-switcher">
              <label className="visually-hidden" htmlFor="workspace-switcher">
                Workspace
              </label>
              <select
                id="workspace-switcher"
                name="workspaceId"
                defaultValue={signedIn.workspace?.id}
                onChange={(event) => event.currentTarget.form?.requestSubmit()}
              >
                {signedIn.memberships.map((membership) => (
                  <option key={membership.workspaceId} value={membership.workspaceId}>
                    {membership.workspaceName}
                  </option>
                ))}
              </select>
              <noscript>
                <button type="submit" className="link-button">Switch</button>
              </noscript>
            </Form>
          ) : (
            <p className="account-workspace">{signedIn.workspace?.name ?? 'No workspace'}</p>
          )}
          <p className="account-user">
            {signedIn.user.email} · {signedIn.user.role}
          </p>
          <Form method="post" action="/sign-out" className="account-actions">
            <button type="submit" className="link-button">
              Sign out
            </button>
            <button
              type="submit"
              name="intent"
              value="everywhere"
              className="link-button"
              onClick={(event) => {
                if (!confirm('Sign out of every browser and device, this one included?')) event.preventDefault();
              }}
            >
              Sign out everywhere
            </button>
          </Form>
        </div>
      </aside>
      <div className="main">
        {banner}
        <main className="content" id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
