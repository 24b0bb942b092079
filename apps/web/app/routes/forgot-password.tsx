import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { OutboxHint, SandboxLinkHelp } from '../components/auth-links.tsx';
import { Field, FormMessage } from '../components/field.tsx';
import { HOME_PATH } from '../utils/home.ts';
import { formFailure } from '../utils/request-errors.server.ts';
import { pathAfterSignIn } from '../utils/sign-in-return.ts';

export const meta: MetaFunction = () => [{ title: 'Reset your password · Switchboard' }];

/** The page the sign-in page was asked for from (?next=): setting the password returns there. None for the home page. */
function returnPath(next: unknown): string | null {
  const path = pathAfterSignIn(next);
  return path === HOME_PATH ? null : path;
}

export function loader({ request }: LoaderFunctionArgs) {
  return { next: returnPath(new URL(request.url).searchParams.get('next')) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const next = returnPath(form.get('next'));
  try {
    await context.trpc.auth.requestLink({ email, purpose: 'password_reset', ...(next === null ? {} : { next }) });
    // The same answer whether or not the allowlist names the address, so the page does not tell who may sign in.
    return { linkRequested: true, message: undefined, fieldErrors: {} as Record<string, string[] | undefined>, email: undefined };
  } catch (error) {
    // Answered 200, as on the sign-in page: a bad address or a rate limit is the form's answer, shown on
    // the page, not a failed request in the browser console. API callers still get the 4xx/429 from tRPC.
    const { failure } = formFailure(error);
    return { ...failure, linkRequested: false, email };
  }
}

export default function ForgotPasswordPage() {
  const result = useActionData<typeof action>();
  const { next } = useLoaderData<typeof loader>();
  return (
    <section className="auth-card" aria-labelledby="forgot-heading">
      <h1 id="forgot-heading">Set or reset your password</h1>
      {result?.linkRequested ? (
        <p role="status" className="notice">
          If this address may sign in, a link to set your password is on its way. <OutboxHint />
        </p>
      ) : (
        <Form method="post" className="stack">
          <FormMessage message={result?.message} />
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <Field label="Email" name="email" type="email" autoComplete="username" defaultValue={result?.email} errors={result?.fieldErrors.email} />
          <button type="submit" className="button">
            Email me a link
          </button>
        </Form>
      )}
      <SandboxLinkHelp />
      <p>
        <Link to={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'}>Back to sign in</Link>
      </p>
    </section>
  );
}
