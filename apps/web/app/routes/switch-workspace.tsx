import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { HOME_PATH } from '../utils/home.ts';

export async function action({ request, context }: ActionFunctionArgs) {
  const workspaceId = String((await request.formData()).get('workspaceId') ?? '');
  await context.trpc.auth.switchWorkspace({ workspaceId });
  // Another workspace's data: start again from its home page.
  throw redirect(HOME_PATH);
}

export function loader() {
  return redirect(HOME_PATH);
}
