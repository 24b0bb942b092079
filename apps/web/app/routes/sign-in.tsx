import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { Field, FormMessage } from '../components/field.tsx';
import { formFailure } from '../utils/action-errors.server.ts';

export const meta: MetaFunction = () => [{ title: 'Sign in · Switchboard' }];

export async function loader({ context }: LoaderFunctionArgs) {
  if (await context.trpc.setup.needed()) throw redirect('/setup');
  if (await context.trpc.auth.me()) throw redirect('/system');
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  try {
    await context.trpc.auth.signIn({ email, password: String(form.get('password') ?? '') });
  } catch (error) {
    const { status, failure } = formFailure(error);
    return data({ ...failure, email }, { status });
  }
  throw redirect('/system');
}

export default function SignInPage() {
  const failure = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  return (
    <section className="auth-card" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <p className="muted">Only people on your team's allowlist can sign in.</p>
      <Form method="post" className="stack">
        <FormMessage message={failure?.message} />
        <Field label="Email" name="email" type="email" autoComplete="username" defaultValue={failure?.email} errors={failure?.fieldErrors.email} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" errors={failure?.fieldErrors.password} />
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </Form>
    </section>
  );
}
