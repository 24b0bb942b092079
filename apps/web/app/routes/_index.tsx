import { redirect } from '@remix-run/node';

// The campaigns board becomes the home page once campaigns exist.
export function loader() {
  return redirect('/system');
}
