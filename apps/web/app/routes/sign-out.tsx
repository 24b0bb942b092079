import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';

export async function action({ context }: ActionFunctionArgs) {
  await context.trpc.auth.signOut();
  throw redirect('/sign-in');
}

export function loader() {
  return redirect('/sign-in');
}
