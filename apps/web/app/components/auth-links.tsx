import { Link, useRouteLoaderData } from '@remix-run/react';
import type { loader as rootLoader } from '../root.tsx';

function useSandboxEmail(): boolean {
  const root = useRouteLoaderData<typeof rootLoader>('root');
  return root?.providers.some((provider) => provider.provider === 'email' && provider.mode === 'sandbox') ?? false;
}

/** In the sandbox, says where a "sent" link really goes. */
export function OutboxHint() {
  if (!useSandboxEmail()) return null;
  return <>Sandbox: it lands in the admins' outbox, not in an inbox. Ask an admin of your workspace to send it to you.</>;
}

/** For the admin who just had a link "sent": in the sandbox, where it really is and what to do with it. */
export function AdminOutboxHint() {
  if (!useSandboxEmail()) return null;
  return (
    <>
      Sandbox: it waits in <Link to="/admin/outbox">Admin → Outbox</Link>; reveal it there and hand it over.
    </>
  );
}

/**
 * In the sandbox no email leaves the machine, and the outbox holding the links is for admins only:
 * this says how an invitee, and a locked-out admin, gets in.
 */
export function SandboxLinkHelp() {
  if (!useSandboxEmail()) return null;
  return (
    <div className="notice" role="note" aria-label="Links in the sandbox">
      <p>
        <strong>Sandbox:</strong> no email provider is set up, so links are not emailed. After you ask for one, an admin of your
        workspace copies it from <em>Admin → Outbox</em> and hands it to you.
      </p>
      <p>
        An admin who cannot sign in runs <code>pnpm switchboard admin reset-link --email you@example.com</code> on the server and
        opens the link it prints.
      </p>
    </div>
  );
}
