import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormMessage } from '../components/field.tsx';
import { formFailure } from '../utils/action-errors.server.ts';

const SYSTEM_SETTINGS = [
  { key: 'default_concurrency_cap', label: 'Concurrent calls per campaign (default)', hint: 'How many AI voice calls a campaign may run at once unless it sets its own cap.' },
  { key: 'default_cron_cadence', label: 'Scheduled job cadence, seconds (default)', hint: 'How often recurring work runs unless a schedule says otherwise.' },
] as const;

export async function loader({ context }: LoaderFunctionArgs) {
  return context.trpc.settings.get();
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  try {
    if (form.get('intent') === 'workspace') {
      await context.trpc.settings.updateWorkspace({ name: String(form.get('name') ?? ''), timeZone: String(form.get('timeZone') ?? '') });
    } else {
      const key = String(form.get('key')) as (typeof SYSTEM_SETTINGS)[number]['key'];
      await context.trpc.settings.updateSystemConfig({ key, value: Number(form.get('value')) });
    }
    return { section: String(form.get('intent')), message: undefined, saved: true };
  } catch (error) {
    const { status, failure } = formFailure(error);
    const message = failure.message === 'Check the highlighted fields.' ? Object.values(failure.fieldErrors).flat().join(' ') : failure.message;
    return data({ section: String(form.get('intent')), message, saved: false }, { status });
  }
}

export default function SettingsPage() {
  const { workspace, system } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const feedback = (section: string) =>
    result?.section === section ? (
      result.saved ? (
        <p role="status" className="notice">Saved.</p>
      ) : (
        <FormMessage message={result.message} />
      )
    ) : null;
  return (
    <>
      <section className="card wide" aria-labelledby="workspace-settings-heading">
        <h2 id="workspace-settings-heading">Workspace</h2>
        {feedback('workspace')}
        <Form method="post" className="inline-form filters">
          <div className="field">
            <label className="field-label" htmlFor="workspace-name">Name</label>
            <input id="workspace-name" name="name" defaultValue={workspace.name} required />
          </div>
          <div className="field">
            <label className="field-label" htmlFor="workspace-tz">Time zone</label>
            <input id="workspace-tz" name="timeZone" defaultValue={workspace.timeZone} required placeholder="Europe/Berlin" />
          </div>
          <button type="submit" name="intent" value="workspace" className="button">Save workspace</button>
        </Form>
      </section>
      <section className="card wide" aria-labelledby="system-settings-heading">
        <h2 id="system-settings-heading">System</h2>
        <p className="muted">These apply to the whole installation, every workspace included.</p>
        {feedback('system')}
        {SYSTEM_SETTINGS.map((setting) => (
          <Form method="post" className="inline-form filters" key={setting.key}>
            <input type="hidden" name="key" value={setting.key} />
            <div className="field">
              <label className="field-label" htmlFor={`system-${setting.key}`}>{setting.label}</label>
              <input id={`system-${setting.key}`} name="value" type="number" defaultValue={system[setting.key]} required />
              <span className="field-hint">{setting.hint}</span>
            </div>
            <button type="submit" name="intent" value="system" className="secondary-button">Save</button>
          </Form>
        ))}
      </section>
    </>
  );
}
