import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';

export async function action({ request, context }: ActionFunctionArgs) {
  const everywhere = (await request.formData()).get('intent') === 'everywhere';
  if (everywhere) await context.trpc.auth.signOutEverywhere();
  else await context.trpc.auth.signOut();
  throw redirect('/sign-in');
}

export function loader() {
  return redirect('/sign-in');
}
