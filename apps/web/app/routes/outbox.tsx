import { redirect } from '@remix-run/node';

// The outbox moved under Admin: it holds other people's sign-in links, so only admins may read it.
export function loader() {
  return redirect('/admin/outbox');
}
