import { PASSWORD_MIN_LENGTH } from '@switchboard/core';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { Field, FormMessage } from '../components/field.tsx';
import { formFailure } from '../utils/request-errors.server.ts';
import { HOME_PATH } from '../utils/home.ts';

export const meta: MetaFunction = () => [{ title: 'Set up · Switchboard' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!(await context.trpc.setup.needed())) throw redirect('/sign-in');
  return { token: new URL(request.url).searchParams.get('token') ?? '' };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = {
    token: String(form.get('token') ?? ''),
    email: String(form.get('email') ?? ''),
    password: String(form.get('password') ?? ''),
    workspaceName: String(form.get('workspaceName') ?? ''),
  };
  try {
    await context.trpc.setup.complete(values);
  } catch (error) {
    // Answered 200, as on the sign-in page: a wrong token or a short password is the form's answer, shown
    // on the page with its field errors, not a failed request in the browser console.
    const { failure } = formFailure(error);
    return { ...failure, email: values.email, workspaceName: values.workspaceName };
  }
  throw redirect(HOME_PATH);
}

export default function SetupPage() {
  const { token } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  return (
    <section className="auth-card" aria-labelledby="setup-heading">
      <h1 id="setup-heading">Set up Switchboard</h1>
      <p className="muted">Create the first workspace and its admin. You can invite the rest of your team afterwards.</p>
      {token ? null : (
        <p className="form-message" role="alert">
          Open the setup link that Switchboard printed in its console when it started.
        </p>
      )}
      <Form method="post" className="stack">
        <input type="hidden" name="token" value={token} />
        <FormMessage message={failure?.message} />
        <Field label="Workspace name" name="workspaceName" defaultValue={failure?.workspaceName} errors={failure?.fieldErrors.workspaceName} />
        <Field label="Your email" name="email" type="email" autoComplete="username" defaultValue={failure?.email} errors={failure?.fieldErrors.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          errors={failure?.fieldErrors.password}
        />
        <button type="submit" className="button" disabled={submitting || !token}>
          {submitting ? 'Creating…' : 'Create workspace and admin'}
        </button>
      </Form>
    </section>
  );
}
