import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { TRPCError } from '@trpc/server';

export const meta: MetaFunction = () => [{ title: 'Sandbox outbox · Switchboard' }];

export async function loader({ context }: LoaderFunctionArgs) {
  try {
    return { emails: await context.trpc.outbox.list() };
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') throw new Response(error.message, { status: 404 });
    throw error;
  }
}

/** Turns URLs in a plain-text email into links, so a sandbox sign-in link is one click. */
function Linkified({ text }: { text: string }) {
  return (
    <>
      {text.split(/(https?:\/\/\S+)/g).map((part, index) =>
        /^https?:\/\//.test(part) ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

export default function OutboxPage() {
  const { emails } = useLoaderData<typeof loader>();
  return (
    <section className="outbox" aria-labelledby="outbox-heading">
      <h1 id="outbox-heading">Sandbox outbox</h1>
      <p className="muted">
        No email provider is configured, so email "sent" by Switchboard lands here instead of anyone's inbox. <Link to="/sign-in">Sign in</Link>
      </p>
      {emails.length === 0 ? (
        <p className="empty-state">Nothing sent yet. Ask for a sign-in link and it appears here.</p>
      ) : (
        <ul className="outbox-list">
          {emails.map((email) => (
            <li key={email.id} className="card">
              <p className="outbox-meta">
                To <strong>{email.to}</strong> · {new Date(email.createdAt).toLocaleString()}
              </p>
              <h2>{email.subject}</h2>
              <pre className="outbox-body">
                <Linkified text={email.bodyText} />
              </pre>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
