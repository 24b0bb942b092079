import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { OutboxHint, SandboxLinkHelp } from '../components/auth-links.tsx';
import { Field, FormMessage } from '../components/field.tsx';
import { formFailure } from '../utils/request-errors.server.ts';

export const meta: MetaFunction = () => [{ title: 'Reset your password · Switchboard' }];

export async function action({ request, context }: ActionFunctionArgs) {
  const email = String((await request.formData()).get('email') ?? '');
  try {
    await context.trpc.auth.requestLink({ email, purpose: 'password_reset' });
    return data({ sentTo: email, message: undefined, fieldErrors: {} as Record<string, string[] | undefined>, email });
  } catch (error) {
    const { status, failure } = formFailure(error);
    return data({ ...failure, sentTo: undefined, email }, { status });
  }
}

export default function ForgotPasswordPage() {
  const result = useActionData<typeof action>();
  return (
    <section className="auth-card" aria-labelledby="forgot-heading">
      <h1 id="forgot-heading">Set or reset your password</h1>
      {result?.sentTo ? (
        <p role="status" className="notice">
          A link to set your password is on its way to {result.sentTo}. <OutboxHint />
        </p>
      ) : (
        <Form method="post" className="stack">
          <FormMessage message={result?.message} />
          <Field label="Email" name="email" type="email" autoComplete="username" defaultValue={result?.email} errors={result?.fieldErrors.email} />
          <button type="submit" className="button">
            Email me a link
          </button>
        </Form>
      )}
      <SandboxLinkHelp />
      <p>
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </section>
  );
}
