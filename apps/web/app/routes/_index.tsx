import { redirect } from '@remix-run/node';
import { HOME_PATH } from '../utils/home.ts';

export function loader() {
  return redirect(HOME_PATH);
}
