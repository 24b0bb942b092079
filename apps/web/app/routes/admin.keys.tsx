import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormMessage } from '../components/field.tsx';
import { KeyTestButton } from '../components/key-test-button.tsx';
import { StatusPill, type Tone } from '../components/status-pill.tsx';
import { formFailure, formAnswerStatus } from '../utils/request-errors.server.ts';

type Kind = 'openai' | 'resend' | 'vapi' | 'search' | 'smtp';

// Each label is whole on its own ("OpenAI API key"), so none repeats its card's title.
const PROVIDERS: { kind: Kind; title: string; purpose: string; fields: { name: string; label: string; secret: boolean }[] }[] = [
  { kind: 'openai', title: 'OpenAI', purpose: 'AI-written email subjects and opening lines', fields: [{ name: 'apiKey', label: 'OpenAI API key', secret: true }] },
  { kind: 'resend', title: 'Resend', purpose: "Sending campaign email (sign-in and reset links use the server's settings)", fields: [{ name: 'apiKey', label: 'Resend API key', secret: true }] },
  { kind: 'smtp', title: 'SMTP', purpose: 'Sending campaign email from SMTP mailboxes, and when Resend says "not now"', fields: [{ name: 'url', label: 'SMTP URL', secret: true }] },
  {
    kind: 'vapi',
    title: 'Vapi',
    purpose: 'AI voice calls (without a key, the sandbox caller simulates them: no real phone calls)',
    fields: [
      { name: 'apiKey', label: 'Vapi API key', secret: true },
      { name: 'phoneNumberId', label: 'Vapi phone number id', secret: false },
    ],
  },
  {
    kind: 'search',
    title: 'Google Custom Search',
    purpose: 'Web search for lead discovery',
    fields: [
      { name: 'apiKey', label: 'Google API key', secret: true },
      { name: 'engineId', label: 'Search engine id (cx)', secret: false },
    ],
  },
];

type KeyRow = Awaited<ReturnType<typeof loader>>['keys'][number];

const MODE: Record<KeyRow['mode'], { tone: Tone; label: string }> = {
  live: { tone: 'good', label: 'live' },
  sandbox: { tone: 'neutral', label: 'sandbox' },
  unavailable: { tone: 'warn', label: 'unavailable' },
  last_test_failed: { tone: 'bad', label: 'saved — last test failed' },
};

/** One sentence on which key applies and what it does today. */
function keySentence(key: KeyRow | undefined): string {
  if (!key) return 'No key: runs in the sandbox';
  const saved = key.workspaceKey ? `Workspace key set, ${key.workspaceKey.hint}` : null;
  const lastTest = key.workspaceKey?.lastTest ?? key.environmentLastTest;
  const tested = lastTest ? (lastTest.ok ? ' Last test passed.' : ` Last test failed: ${lastTest.message}`) : '';
  if (key.mode === 'unavailable') return 'No key, and the server has no sandbox for it: nothing runs until a key is saved.';
  return saved ? `${saved}.${tested}` : key.fromEnvironment ? `Using the server environment key.${tested}` : 'No key: runs in the sandbox';
}

export async function loader({ context }: LoaderFunctionArgs) {
  return { keys: await context.trpc.keys.list() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const provider = String(form.get('provider')) as Kind;
  try {
    if (form.get('intent') === 'remove') {
      await context.trpc.keys.remove({ provider });
      return { provider, message: undefined, saved: false };
    }
    const fields: Record<string, string> = {};
    for (const field of PROVIDERS.find((candidate) => candidate.kind === provider)?.fields ?? []) fields[field.name] = String(form.get(field.name) ?? '');
    await context.trpc.keys.set({ provider, fields });
    return { provider, message: undefined, saved: true };
  } catch (error) {
    const { status, failure } = formFailure(error);
    return data({ provider, message: failure.message, saved: false }, { status: formAnswerStatus(status) });
  }
}

export default function ProviderKeysPage() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="card wide" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Provider keys</h2>
      <p className="muted">
        This workspace's own keys, encrypted at rest. They override the server's environment keys; with neither, the provider runs
        in the sandbox. Saved keys are never shown again, only their last characters.
      </p>
      <div className="key-list">
        {PROVIDERS.map((provider) => {
          const key = keys.find((candidate) => candidate.provider === provider.kind);
          return (
            <article key={provider.kind} className="key-card" aria-labelledby={`key-${provider.kind}`}>
              <header className="key-header">
                <div>
                  <h3 id={`key-${provider.kind}`}>{provider.title}</h3>
                  <p className="muted">{provider.purpose}</p>
                </div>
                <StatusPill tone={MODE[key?.mode ?? 'sandbox'].tone}>{MODE[key?.mode ?? 'sandbox'].label}</StatusPill>
              </header>
              <p className="key-state" data-testid={`key-state-${provider.kind}`}>
                {keySentence(key)}
              </p>
              {result?.provider === provider.kind ? <FormMessage message={result.message} /> : null}
              {result?.provider === provider.kind && result.saved ? <p role="status" className="notice">Saved.</p> : null}
              <Form method="post" className="inline-form key-form" autoComplete="off">
                <input type="hidden" name="provider" value={provider.kind} />
                {provider.fields.map((field) => (
                  <div className="field" key={field.name}>
                    <label className="field-label" htmlFor={`${provider.kind}-${field.name}`}>
                      {field.label}
                    </label>
                    <input id={`${provider.kind}-${field.name}`} name={field.name} type={field.secret ? 'password' : 'text'} autoComplete="off" required />
                  </div>
                ))}
                <button type="submit" name="intent" value="save" className="button">
                  {key?.workspaceKey ? 'Replace' : 'Save'}
                </button>
              </Form>
              <div className="inline-form">
                <KeyTestButton provider={provider.kind} />
                {key?.workspaceKey ? (
                  <Form method="post">
                    <input type="hidden" name="provider" value={provider.kind} />
                    <button type="submit" name="intent" value="remove" className="link-button danger" formNoValidate>
                      Remove workspace key
                    </button>
                  </Form>
                ) : null}
              </div>
            </article>
          );
        })}
      </div>
    </section>
  );
}
