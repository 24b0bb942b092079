import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { ONE_CLICK_BODY, UNSUBSCRIBE_PAGE_FIELD } from '@switchboard/core';
import { useLoaderData } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { requestErrorMessage } from '../utils/request-errors.server.ts';

// The page an unsubscribe link opens. Opening it changes nothing: mail security scanners open every
// link in a message, and must not unsubscribe anyone. The button posts to the same URL, which
// server/unsubscribe.ts answers (as it answers mail clients' one-click posts), then comes back here.

export const meta: MetaFunction = () => [{ title: 'Unsubscribe · Switchboard' }, { name: 'robots', content: 'noindex' }];

const [ONE_CLICK_FIELD, ONE_CLICK_VALUE] = ONE_CLICK_BODY.split('=') as [string, string];
const NO_STORE = { 'cache-control': 'no-store' };

export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = params.token ?? '';
  try {
    const link = await context.trpc.suppressions.unsubscribeLink({ token });
    return data({ token, link, problem: null }, { headers: NO_STORE });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) {
      return data({ token, link: null, problem: requestErrorMessage(error) }, { status: 404, headers: NO_STORE });
    }
    throw error;
  }
}

export default function UnsubscribePage() {
  const { token, link, problem } = useLoaderData<typeof loader>();
  if (!link) {
    return (
      <section className="auth-card" aria-labelledby="unsubscribe-heading">
        <h1 id="unsubscribe-heading">This link does not work</h1>
        <p role="alert" className="break-anywhere">{problem}</p>
      </section>
    );
  }
  if (link.unsubscribed) {
    return (
      <section className="auth-card" aria-labelledby="unsubscribe-heading">
        <h1 id="unsubscribe-heading">You are unsubscribed</h1>
        <p role="status" className="notice break-anywhere">
          {link.workspaceName} will send no more emails to {link.email}.
        </p>
      </section>
    );
  }
  return (
    <section className="auth-card" aria-labelledby="unsubscribe-heading">
      <h1 id="unsubscribe-heading">Unsubscribe</h1>
      <p>
        Stop all emails from {link.workspaceName} to <strong className="break-anywhere">{link.email}</strong>?
      </p>
      {/* A plain form, not Remix's: the post goes to the server's unsubscribe route, with or without JavaScript. */}
      <form method="post" action={`/u/${token}`} className="stack">
        <input type="hidden" name={ONE_CLICK_FIELD} value={ONE_CLICK_VALUE} />
        <input type="hidden" name={UNSUBSCRIBE_PAGE_FIELD.name} value={UNSUBSCRIBE_PAGE_FIELD.value} />
        <button type="submit" className="button">
          Unsubscribe
        </button>
      </form>
    </section>
  );
}
