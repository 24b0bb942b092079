import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { OutboxHint, SandboxLinkHelp } from '../components/auth-links.tsx';
import { Field, FormMessage } from '../components/field.tsx';
import { HOME_PATH } from '../utils/home.ts';
import { formFailure } from '../utils/request-errors.server.ts';
import { pathAfterSignIn } from '../utils/sign-in-return.ts';

export const meta: MetaFunction = () => [{ title: 'Sign in · Switchboard' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const next = new URL(request.url).searchParams.get('next');
  if (await context.trpc.setup.needed()) throw redirect('/setup');
  if (await context.trpc.auth.me()) throw redirect(pathAfterSignIn(next));
  return { next: next === null ? null : pathAfterSignIn(next) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const intent = form.get('intent') === 'link' ? 'link' : 'password';
  try {
    if (intent === 'link') {
      // The link returns to the same page as a password would; the home page needs no note.
      const next = pathAfterSignIn(form.get('next'));
      await context.trpc.auth.requestLink({ email, purpose: 'sign_in', ...(next === HOME_PATH ? {} : { next }) });
      // The same answer, byte for byte, whether or not the allowlist names the address (nor is the
      // address echoed back), so the page does not tell who may sign in.
      return { message: undefined, fieldErrors: {} as Record<string, string[] | undefined>, email: undefined, linkRequested: true };
    }
    await context.trpc.auth.signIn({ email, password: String(form.get('password') ?? '') });
  } catch (error) {
    // Answered 200: a refused sign-in is the form's answer, shown on the page, not a failed request
    // (the browser console would report a 4xx of the form's fetch as an error).
    const { failure } = formFailure(error);
    return { ...failure, email, linkRequested: false };
  }
  throw redirect(pathAfterSignIn(form.get('next')));
}

export default function SignInPage() {
  const failure = useActionData<typeof action>();
  const { next } = useLoaderData<typeof loader>();
  const submitting = useNavigation().state === 'submitting';
  return (
    <section className="auth-card" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <p className="muted">Only people on your team's allowlist can sign in.</p>
      <Form method="post" className="stack">
        <FormMessage message={failure?.message} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <Field label="Email" name="email" type="email" autoComplete="username" defaultValue={failure?.email} errors={failure?.fieldErrors.email} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" errors={failure?.fieldErrors.password} />
        <button type="submit" className="button" name="intent" value="password" disabled={submitting}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
        <div className="inline-form">
          <span className="muted">No password yet?</span>
          {/* Skips the browser's "password required" check: a link needs only the email. */}
          <button type="submit" className="secondary-button" name="intent" value="link" formNoValidate disabled={submitting}>
            Email me a sign-in link
          </button>
        </div>
      </Form>
      <SandboxLinkHelp />
      <div className="auth-alternatives">
        {failure?.linkRequested ? (
          <p role="status" className="notice">
            If this address may sign in, a sign-in link is on its way. <OutboxHint />
          </p>
        ) : null}
        <p>
          <Link to={next ? `/forgot-password?next=${encodeURIComponent(next)}` : '/forgot-password'}>Forgot your password?</Link>
        </p>
      </div>
    </section>
  );
}
