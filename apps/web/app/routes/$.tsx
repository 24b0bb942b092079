import type { MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { HOME_PATH } from '../utils/home.ts';

export const meta: MetaFunction = () => [{ title: 'Page not found · Switchboard' }];

export function loader() {
  throw new Response('Not found', { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return (
    <section className="empty-state">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to={HOME_PATH}>Go to Campaigns</Link>.
      </p>
    </section>
  );
}
