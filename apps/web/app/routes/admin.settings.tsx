import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormMessage } from '../components/field.tsx';
import { formFailure, formAnswerStatus } from '../utils/request-errors.server.ts';

const SYSTEM_SETTINGS = [
  { key: 'default_concurrency_cap', label: 'Concurrent calls', hint: 'How many AI voice calls a workspace, and each Vapi phone number, may have live at once.' },
  { key: 'default_cron_cadence', label: 'Scheduled job cadence, seconds (default)', hint: 'How often recurring work runs unless a schedule says otherwise.' },
  { key: 'search_daily_quota', label: 'Web searches per day', hint: 'Your Google Custom Search daily quota; discovery waits for the reset when it is used up.' },
  { key: 'search_requests_per_minute', label: 'Web searches per minute', hint: 'Per workspace; further searches wait for the next minute.' },
  { key: 'places_requests_per_minute', label: 'Business listing searches per minute', hint: 'Per workspace, for Google Places text search.' },
  { key: 'scrape_max_pages_per_site', label: 'Pages visited per website', hint: 'The home page plus the likeliest contact, about, team and impressum pages.' },
  { key: 'scrape_domain_delay_ms', label: 'Delay between pages of one website, ms', hint: 'Politeness towards the sites being visited.' },
  { key: 'scrape_page_timeout_ms', label: 'Time allowed per page, ms', hint: 'A slower page is given up on and counted as a timeout.' },
  { key: 'scrape_site_timeout_ms', label: 'Time allowed per website, ms', hint: 'All pages of one site together.' },
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
    return data({ section: String(form.get('intent')), message, saved: false }, { status: formAnswerStatus(status) });
  }
}

export default function SettingsPage() {
  const { workspace, system, systemEditable, owners, ownerExists } = useLoaderData<typeof loader>();
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
        <p className="muted">These apply to the whole installation, every workspace included. Changes appear in every workspace's audit log.</p>
        {systemEditable ? null : (
          <p className="notice" role="note">
            Read-only: only the instance owner (
            {owners.length > 0 ? owners.join(', ') : ownerExists ? 'in another workspace' : 'nobody yet: run pnpm switchboard admin create --owner'}) can change these.
          </p>
        )}
        {feedback('system')}
        {SYSTEM_SETTINGS.map((setting) => (
          <Form method="post" className="settings-row" key={setting.key}>
            <input type="hidden" name="key" value={setting.key} />
            <div className="field">
              <label className="field-label" htmlFor={`system-${setting.key}`}>{setting.label}</label>
              <input id={`system-${setting.key}`} name="value" type="number" defaultValue={system[setting.key]} required readOnly={!systemEditable} />
              <span className="field-hint">{setting.hint}</span>
            </div>
            {systemEditable ? (
              <button type="submit" name="intent" value="system" className="secondary-button">Save</button>
            ) : null}
          </Form>
        ))}
      </section>
    </>
  );
}
