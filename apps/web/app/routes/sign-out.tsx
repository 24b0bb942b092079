import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { RefusedForm } from '../components/refused-form.tsx';
import { requestError } from '../utils/request-errors.server.ts';

// Said in place of the API's "Sign in to continue.": the person asked to sign out, not to sign in.
const NO_SESSION_HERE = 'This browser is not signed in any more, so it cannot end your other sessions. Sign in, then choose “Sign out everywhere” again.';

export async function action({ request, context }: ActionFunctionArgs) {
  const everywhere = (await request.formData()).get('intent') === 'everywhere';
  try {
    if (everywhere) await context.trpc.auth.signOutEverywhere();
    else await context.trpc.auth.signOut();
  } catch (error) {
    // Other refusals (an API token may not end sessions) go out as their 4xx and sentence (server/remix-handler.ts).
    if (requestError(error)?.status === 401) throw new Response(NO_SESSION_HERE, { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    throw error;
  }
  throw redirect('/sign-in');
}

export function loader() {
  return redirect('/sign-in');
}

/** Never shown (the loader and the action redirect); its presence makes a refusal a page instead of bare text. */
export default function SignOut() {
  return null;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status >= 500) throw error;
  return (
    <RefusedForm title={error.status === 401 ? 'Not signed out everywhere' : 'Not signed out'} reason={typeof error.data === 'string' && error.data ? error.data : error.statusText}>
      <p>
        <Link to="/">Back to the dashboard</Link> · <Link to="/sign-in">Sign in</Link>
      </p>
    </RefusedForm>
  );
}
