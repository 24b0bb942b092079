import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { roleAllows } from '@switchboard/core';
import { isRouteErrorResponse, NavLink, Outlet, useRouteError } from '@remix-run/react';

export const meta: MetaFunction = () => [{ title: 'Admin · Switchboard' }];

/** Admin pages are for workspace admins; everyone else gets a 403 page, not a crash. */
export async function loader({ context }: LoaderFunctionArgs) {
  const me = await context.trpc.auth.me();
  if (!me || !roleAllows(me.user.role, 'admin')) throw new Response('Forbidden', { status: 403 });
  return null;
}

const SECTIONS = [
  { to: '/admin/members', label: 'Members' },
  { to: '/admin/allowlist', label: 'Allowlist' },
  { to: '/admin/keys', label: 'Provider keys' },
  { to: '/admin/tokens', label: 'API tokens' },
  { to: '/admin/audit', label: 'Audit log' },
  { to: '/admin/settings', label: 'Settings' },
  { to: '/admin/outbox', label: 'Outbox' },
] as const;

export default function AdminLayout() {
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Admin</h1>
          <p className="muted">Who can sign in, and what they may do in this workspace.</p>
        </div>
      </header>
      <nav aria-label="Admin" className="tabs">
        {SECTIONS.map((section) => (
          <NavLink key={section.to} to={section.to} className={({ isActive }) => (isActive ? 'tab active' : 'tab')}>
            {section.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <section className="empty-state" aria-labelledby="forbidden-heading">
        <h1 id="forbidden-heading">Admins only</h1>
        <p>These pages need the admin role in this workspace. Ask one of its admins if you need a change made.</p>
      </section>
    );
  }
  throw error;
}
