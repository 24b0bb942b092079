import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { FormMessage } from '../components/field.tsx';
import { formFailure } from '../utils/request-errors.server.ts';
import { pathAfterSignIn } from '../utils/sign-in-return.ts';

export const meta: MetaFunction = () => [{ title: 'Sign in · Switchboard' }];

// Opening the link only shows a button: mail scanners that prefetch links must not use them up.
export function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get('token') ?? '' };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  let next: string | null;
  try {
    ({ next } = await context.trpc.auth.useLink({ token: String(form.get('token') ?? '') }));
  } catch (error) {
    const { status, failure } = formFailure(error);
    // Answered 200, as on the sign-in page: the refusal is shown on the page, not a failed request in the
    // browser console (tRPC callers still get the 4xx/429). Only a refusal for too many attempts can pass
    // later; a used, expired or unknown link never will.
    return { ...failure, canRetry: status === 429 };
  }
  // The page the link was asked for from, checked again here as the password path checks it.
  throw redirect(pathAfterSignIn(next));
}

export default function UseLinkPage() {
  const { token } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <section className="auth-card" aria-labelledby="link-heading">
      <h1 id="link-heading">Sign in with your link</h1>
      {failure && !failure.canRetry ? (
        <div className="stack">
          <FormMessage message={failure.message ?? failure.fieldErrors.token?.join(' ')} />
          <p>
            <Link to="/sign-in">Ask for a new sign-in link</Link>
          </p>
        </div>
      ) : (
        <>
          <Form method="post" className="stack">
            <FormMessage message={failure?.message} />
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="button">
              Continue to Switchboard
            </button>
          </Form>
          <p>
            <Link to="/sign-in">Back to sign in</Link>
          </p>
        </>
      )}
    </section>
  );
}
