import { Link, useRouteLoaderData } from '@remix-run/react';
import type { loader as rootLoader } from '../root.tsx';

/** In the sandbox, says where "sent" email can be read. */
export function OutboxHint() {
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const sandboxEmail = root?.providers.some((provider) => provider.provider === 'email' && provider.mode === 'sandbox');
  if (!sandboxEmail) return null;
  return (
    <>
      Sandbox: read it in the <Link to="/outbox">local outbox</Link>.
    </>
  );
}
