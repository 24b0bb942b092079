import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from '@remix-run/react';
import { RefusedForm } from '../components/refused-form.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { HOME_PATH } from '../utils/home.ts';

// A refused switch (not a workspace id, not one of theirs) is thrown as its 4xx with the API's sentence
// (server/remix-handler.ts) and shown by the boundary below: nothing switched.
export async function action({ request, context }: ActionFunctionArgs) {
  const workspaceId = String((await request.formData()).get('workspaceId') ?? '');
  await context.trpc.auth.switchWorkspace({ workspaceId });
  // Another workspace's data: start again from its home page.
  throw redirect(HOME_PATH);
}

export function loader() {
  return redirect(HOME_PATH);
}

/** Never shown (the loader and the action redirect); its presence makes a refusal a page instead of bare text. */
export default function SwitchWorkspace() {
  return null;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const workspace = useRouteLoaderData<typeof rootLoader>('root')?.me?.workspace;
  if (!isRouteErrorResponse(error) || error.status >= 500) throw error;
  return (
    <RefusedForm title="Workspace not switched" reason={typeof error.data === 'string' && error.data ? error.data : error.statusText}>
      <p>
        {workspace ? `You are still in ${workspace.name}. ` : null}
        <Link to={HOME_PATH}>Back to the dashboard</Link>
      </p>
    </RefusedForm>
  );
}
