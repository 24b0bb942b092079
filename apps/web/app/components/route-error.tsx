import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';

const TITLES: Record<number, string> = {
  400: 'That request could not be used',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Changed meanwhile',
  413: 'Too large',
};

/**
 * The page for a 4xx a loader threw: its status, the API's sentence, and a way back. Anything else
 * goes on to the app's generic error page.
 */
export function RouteErrorPage({ backTo, backLabel }: { backTo: string; backLabel: string }) {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status >= 500) throw error;
  return (
    <section className="empty-state" aria-labelledby="route-error-heading">
      <h2 id="route-error-heading">{TITLES[error.status] ?? 'Something is not right'}</h2>
      <p role="alert" className="break-anywhere">{typeof error.data === 'string' && error.data ? error.data : error.statusText}</p>
      <p>
        <Link to={backTo}>{backLabel}</Link>
      </p>
    </section>
  );
}
