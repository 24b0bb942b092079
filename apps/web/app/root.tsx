import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { roleAllows, UNSUBSCRIBE_PATH_PREFIX } from '@switchboard/core';
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { AppShell } from './components/app-shell.tsx';
import { RouteErrorPage } from './components/route-error.tsx';
import { SandboxBanner } from './components/sandbox-banner.tsx';
import stylesheet from './styles/app.css?url';
import { useNonce } from './utils/nonce.ts';
import { SIGN_IN_PAGES, signInPathFor } from './utils/sign-in-return.ts';

const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 1l7 7-7 7-7-7z" fill="#2f5bea"/></svg>',
)}`;

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: FAVICON, type: 'image/svg+xml' },
];

/** Unsubscribe links (/u/<token>): opened by email recipients, who are not members. */
const isUnsubscribePage = (pathname: string) => pathname.startsWith(UNSUBSCRIBE_PATH_PREFIX);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [providers, me] = await Promise.all([context.trpc.system.providers(), context.trpc.auth.me()]);
  const { pathname, search } = new URL(request.url);
  if (isUnsubscribePage(pathname)) {
    // The bare layout even for a member who is signed in: the page speaks to the recipient.
    return { providers, me: null, can: { operate: false } };
  }
  if (!me?.workspace && !SIGN_IN_PAGES.has(pathname)) {
    throw redirect((await context.trpc.setup.needed()) ? '/setup' : signInPathFor(pathname, search));
  }
  // What the member's role lets them do, by core's rule, for pages to show or hide controls (every
  // procedure checks the role again).
  const can = { operate: me ? roleAllows(me.user.role, 'operator') : false };
  return { providers, me, can };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {data?.me?.workspace ? (
          <AppShell banner={<SandboxBanner providers={data.providers} />} signedIn={data.me}>
            {children}
          </AppShell>
        ) : (
          <div className="bare">
            <a className="brand dark" href="/">
              <span className="brand-mark" aria-hidden="true">◆</span> Switchboard
            </a>
            {data ? <SandboxBanner providers={data.providers} /> : null}
            <main className="bare-content">{children}</main>
          </div>
        )}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** A friendly page for anything that goes wrong; details stay in the server log. */
export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // A refused request (a bad id, a role that may not, a limit) says why, like the routes' own boundaries.
  if (isRouteErrorResponse(error) && !notFound && error.status < 500) return <RouteErrorPage backTo="/" backLabel="Back to the home page" />;
  return (
    <section className="empty-state">
      <h1>{notFound ? 'Page not found' : 'Something went wrong'}</h1>
      <p>
        {notFound
          ? 'There is nothing at this address.'
          : 'This page could not be shown. The error has been logged; try again in a moment.'}{' '}
        <a href="/system">Go to the System page</a>.
      </p>
    </section>
  );
}
