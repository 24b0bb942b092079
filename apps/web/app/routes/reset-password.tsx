import { PASSWORD_MIN_LENGTH } from '@switchboard/core';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { Field, FormMessage } from '../components/field.tsx';
import { formFailure } from '../utils/request-errors.server.ts';
import { pathAfterSignIn } from '../utils/sign-in-return.ts';

export const meta: MetaFunction = () => [{ title: 'Set your password · Switchboard' }];

export function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get('token') ?? '' };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  let next: string | null;
  try {
    ({ next } = await context.trpc.auth.resetPassword({ token: String(form.get('token') ?? ''), password: String(form.get('password') ?? '') }));
  } catch (error) {
    // Answered 200, as on the sign-in page: a short password or a used link is the form's answer, shown
    // on the page, not a failed request in the browser console.
    return formFailure(error).failure;
  }
  // The page the reset was asked for from, checked again here as the sign-in link checks it.
  throw redirect(pathAfterSignIn(next));
}

export default function ResetPasswordPage() {
  const { token } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <section className="auth-card" aria-labelledby="reset-heading">
      <h1 id="reset-heading">Set your password</h1>
      <Form method="post" className="stack">
        <FormMessage message={failure?.message} />
        <input type="hidden" name="token" value={token} />
        <Field
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          errors={failure?.fieldErrors.password}
        />
        <button type="submit" className="button">
          Set password and sign in
        </button>
      </Form>
    </section>
  );
}
