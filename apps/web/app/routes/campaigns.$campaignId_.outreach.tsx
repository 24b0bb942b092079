import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams } from '@remix-run/react';
import { useEffect } from 'react';
import { CampaignStatusPill } from '../components/campaign-status.tsx';
import { ConfirmPanel } from '../components/confirm-panel.tsx';
import { FormMessage } from '../components/field.tsx';
import { IgnoredFiltersNote } from '../components/ignored-filters.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import { StatusPill } from '../components/status-pill.tsx';
import type { loader as rootLoader } from '../root.tsx';
import type { ApiOutputs } from '../utils/api-types.ts';
import { useKeptActionData } from '../utils/kept-action-data.ts';
import { loadWithLinkFilters } from '../utils/link-filters.server.ts';
import { useLiveEvent, useLiveReconnect } from '../utils/live.ts';
import { useRevalidateOnLiveEvent } from '../utils/live-revalidate.ts';
import { useSerialRefresh } from '../utils/serial-refresh.ts';
import { formFailure, requestError, throwRequestError, formAnswerStatus } from '../utils/request-errors.server.ts';
import { applySequenceEdit, parseSequenceEdit, readSequenceForm, readSequenceVersion, stepToFocusAfter } from '../utils/sequence-form.server.ts';
import { EnrolledLeads } from '../components/enrolled-leads.tsx';
import { OutreachCallSteps } from '../components/outreach-call-steps.tsx';
import { SequenceEditor } from '../components/sequence-editor.tsx';
import type { SequenceInput } from '../components/sequence-step-editors.tsx';
import { timelinePageQuery } from '../utils/timeline-page.ts';
import { trpc } from '../utils/trpc.client.ts';
import { campaignStatusLabel } from '../utils/vocabulary.server.ts';
import { UtcTime } from '../components/utc-time.tsx';
import { BoardStepLabel } from '../components/board-step-label.tsx';
import { formatNumber } from '@switchboard/core';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Outreach · ${loaded?.campaign.name ?? 'Campaign'} · Switchboard` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const campaignId = String(params.campaignId);
  const search = new URL(request.url).searchParams;
  const leadsPage = Math.max(1, Math.min(10_000, Number.parseInt(search.get('leads') ?? '1', 10) || 1));
  const leadId = search.get('lead');
  const timelineQuery: { id?: string; sendsBefore?: string; messagesBefore?: string } = leadId ? { id: leadId, ...timelinePageQuery(search) } : {};
  try {
    const [campaign, current, preview, start, board, mailboxes, rotation, enrolled, timeline] = await Promise.all([
      context.trpc.campaigns.get({ id: campaignId }),
      context.trpc.outreach.sequence({ campaignId }),
      context.trpc.outreach.preview({ campaignId }),
      context.trpc.outreach.startPreview({ campaignId }),
      context.trpc.outreach.board({ campaignId }),
      context.trpc.mailboxes.list(),
      context.trpc.mailboxes.forCampaign({ campaignId }),
      context.trpc.outreach.enrolledLeads({ campaignId, page: leadsPage }),
      // A lead id that is not one (an edited link) closes the timeline, and the page says so.
      loadWithLinkFilters(
        { query: timelineQuery, names: { id: 'lead', sendsBefore: 'timeline page', messagesBefore: 'timeline page' } },
        ({ id, ...page }) => (id ? context.trpc.leads.timeline({ id, campaignId, ...page }) : Promise.resolve(null)),
      ),
    ]);
    return { campaign, statusLabel: campaignStatusLabel(campaign.status), current, preview, start, board, mailboxes, rotation, enrolled, timeline: timeline.page, ignored: timeline.ignored };
  } catch (error) {
    throwRequestError(error);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const campaignId = String(params.campaignId);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const editing = intent.startsWith('edit:');
  const sequence = intent === 'save-sequence' || editing ? readSequenceForm(form) : null;
  // The stored version the form was edited from: a save is refused when someone else saved since.
  const baseVersion = readSequenceVersion(form);
  if (editing && sequence) {
    // Add, remove or move a step: shown again with its lint, saved only by "Save sequence".
    const edit = parseSequenceEdit(intent.slice('edit:'.length), typeof form.get('addType') === 'string' ? String(form.get('addType')) : null);
    if (!edit) return { intent: 'save-sequence', message: 'That edit is not one the editor offers.', sequence, baseVersion, stepErrors: {} };
    const edited = applySequenceEdit(sequence, edit);
    const checked = await checkSequence(context.trpc, edited);
    return {
      intent: 'save-sequence',
      message: checked.message,
      notice: 'Not saved yet: “Save sequence” stores these steps as a new version.',
      focusStep: stepToFocusAfter(edit, edited),
      sequence: edited,
      baseVersion,
      stepErrors: checked.stepErrors,
    };
  }
  try {
    if (sequence) await context.trpc.outreach.saveSequence({ campaignId, sequence, ...(baseVersion === null ? {} : { baseVersion }) });
    else if (intent === 'mailboxes') await context.trpc.mailboxes.setForCampaign({ campaignId, mailboxIds: form.getAll('mailboxIds').map(String) });
    else if (intent === 'start') await context.trpc.outreach.start({ campaignId, confirm: (form.get('confirm') === 'yes') as true });
    else return { intent, message: 'Unknown action.', sequence, baseVersion, stepErrors: {} };
    return redirect(`/campaigns/${campaignId}/outreach`);
  } catch (error) {
    const { status, failure } = formFailure(error);
    // No field here is highlighted on its own: the page says every reason in its message.
    const reasons = [...new Set(Object.values(failure.fieldErrors).flatMap((messages) => messages ?? []))];
    const stepErrors = sequence ? (await checkSequence(context.trpc, sequence)).stepErrors : {};
    if (sequence && status === 409) {
      // Someone else saved since: the steps come back as posted, edited from the version stored now, so saving them again is a choice made knowingly.
      const now = await context.trpc.outreach.sequence({ campaignId });
      const message = `${failure.message} They are shown below as you left them: “Save sequence” again replaces version ${now.version} with them; open the page again to see theirs instead.`;
      return data({ intent, message, sequence, baseVersion: now.version, stepErrors }, { status: formAnswerStatus(status) });
    }
    return data({ intent, message: reasons.length > 0 ? reasons.join(' ') : failure.message, sequence, baseVersion, stepErrors }, { status: formAnswerStatus(status) });
  }
}

/** Each step's template problems, to show next to it; when the sequence itself does not parse, the reasons instead. */
async function checkSequence(caller: ActionFunctionArgs['context']['trpc'], sequence: SequenceInput): Promise<{ stepErrors: Record<string, string[]>; message?: string }> {
  try {
    const lints = await caller.outreach.lint({ sequence });
    return { stepErrors: Object.fromEntries(lints.map((lint) => [lint.stepId, lint.problems.map((problem) => `${problem.part === 'subject' ? 'Subject' : 'Body'}: ${problem.message}`)])) };
  } catch (error) {
    if (!requestError(error)) throw error;
    const { failure } = formFailure(error);
    const reasons = [...new Set(Object.values(failure.fieldErrors).flatMap((messages) => messages ?? []))];
    return { stepErrors: {}, message: `Not saved yet. ${reasons.length > 0 ? reasons.join(' ') : failure.message}` };
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Board = ApiOutputs['outreach']['board'];

function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

export default function CampaignOutreachPage() {
  const { campaign, statusLabel, current, preview, start, board, mailboxes, rotation, enrolled, timeline, ignored } = useLoaderData<typeof loader>();
  // Kept across the live reloads below: an added or moved step not saved yet, a refused save and its lint live only here.
  const result = useKeptActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const canOperate = root?.can.operate ?? false;
  const sandboxEmail = root?.providers.some((provider) => provider.provider === 'email' && provider.mode === 'sandbox') ?? false;
  const confirming = canOperate && (params.get('confirm') === 'start' || result?.intent === 'start');
  // Problems of the stored sequence show until it is fixed; a refused save shows its own.
  const stepErrors: Record<string, string[]> =
    result?.intent === 'save-sequence'
      ? result.stepErrors
      : Object.fromEntries(current.lint.map((lint) => [lint.stepId, lint.problems.map((problem) => `${problem.part === 'subject' ? 'Subject' : 'Body'}: ${problem.message}`)]));
  // Its status, sequence version, mailboxes and start preview follow a change made elsewhere (another browser, the
  // campaign's page, the worker's pause at the call budget). Inputs keep what someone is typing: they are uncontrolled
  // and keyed by step or mailbox id, so a reload changes only what nobody has touched; the sequence editor says when
  // a save elsewhere touched a step being edited (sequence-editor.tsx).
  useRevalidateOnLiveEvent('campaigns.changed', (payload) => payload.campaignId === campaign.id);
  const chosen = new Set(rotation.map((entry) => entry.mailboxId));
  const choosable = mailboxes.filter((mailbox) => mailbox.status !== 'archived');

  // Once started, leads approved since join only when an operator enrols them: the button says so.
  const newcomers = start.counts.enrolable + (start.contactFormSteps > 0 ? start.counts.formOnly : 0);
  const startAction = !current.outreachStartedAt
    ? 'Start outreach'
    : newcomers > 0
      ? `Enrol ${plural(newcomers, 'newly approved lead', 'newly approved leads')}`
      : null;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/campaigns">Campaigns</Link> › <Link to={`/campaigns/${campaign.id}`}>{campaign.name}</Link> ›
      </p>
      <header className="page-header">
        <div>
          <h1>
            Outreach <CampaignStatusPill status={campaign.status} label={statusLabel} />
          </h1>
          <p className="muted">
            {current.stored ? `Sequence version ${current.version}.` : 'The default sequence: a first email and two follow-ups, three business days apart, while the lead has not replied.'}{' '}
            {current.outreachStartedAt ? (
              <>
                Outreach started <UtcTime at={current.outreachStartedAt} />.
              </>
            ) : (
              'Outreach has not started.'
            )}
            {sandboxEmail ? (
              <>
                {' '}
                No email provider is set: sent emails land in the <Link to="/outbox">sandbox outbox</Link>, and a simulated recipient makes them
                delivered, bounced, opened or answered (a “[Sandbox]” reply in the Inbox), so the board and Analytics move as with real email.
              </>
            ) : null}
          </p>
          <p>
            <Link to={`/analytics?campaign=${campaign.id}`}>Analytics: sent, bounces, complaints, replies and unsubscribes per day, step and mailbox</Link>
          </p>
        </div>
        {canOperate ? (
          <div className="inline-form header-actions">
            {startAction ? (
              <Link to="?confirm=start" className="button" preventScrollReset>
                {startAction}
              </Link>
            ) : (
              <p className="muted small" data-testid="no-newcomers">
                Every approved lead is in the sequence. Leads approved later join when you enrol them here.
              </p>
            )}
          </div>
        ) : null}
      </header>

      {confirming ? <StartConfirmation start={start} campaignName={campaign.name} message={result?.intent === 'start' ? result.message : undefined} /> : null}

      <div className="grid">
        <OutreachBoard campaignId={campaign.id} initial={board} />

        <IgnoredFiltersNote message={ignored} />
        <EnrolledLeads campaignId={campaign.id} enrolled={enrolled} timeline={timeline} />

        <section className="card span-2" aria-labelledby="sequence-heading">
          <h2 id="sequence-heading">Sequence</h2>
          <SequenceEditor
            stored={current}
            posted={result?.sequence ? { sequence: result.sequence, baseVersion: result.baseVersion } : null}
            stepErrors={stepErrors}
            message={result?.intent === 'save-sequence' ? result.message : undefined}
            notice={result && 'notice' in result ? result.notice : undefined}
            focusStep={result && 'focusStep' in result ? result.focusStep : null}
            variables={current.variables}
            readOnly={!canOperate}
            busy={busy}
          />
        </section>

        <section className="card" aria-labelledby="mailboxes-heading">
          <h2 id="mailboxes-heading">Mailboxes</h2>
          <FormMessage message={result?.intent === 'mailboxes' ? result.message : undefined} />
          {choosable.length === 0 ? (
            <p className="muted">
              No mailboxes yet. <Link to="/mailboxes">Add one on the Mailboxes page</Link> first.
            </p>
          ) : canOperate ? (
            <Form method="post" className="stack" preventScrollReset>
              <fieldset className="field">
                <legend className="field-label">Send from (in this order)</legend>
                {choosable.map((mailbox) => (
                  <label key={mailbox.id} className="checkbox mailbox-choice">
                    <input type="checkbox" name="mailboxIds" value={mailbox.id} defaultChecked={chosen.has(mailbox.id)} />
                    <span>
                      {mailbox.fromName} <span className="small">{mailbox.fromAddress}</span>
                      {mailbox.blockers.length > 0 ? <span className="small field-error"> {mailbox.blockers.join('; ')}</span> : null}
                    </span>
                  </label>
                ))}
              </fieldset>
              <div className="inline-form">
                <button type="submit" name="intent" value="mailboxes" className="secondary-button" disabled={busy}>
                  Save mailboxes
                </button>
              </div>
            </Form>
          ) : rotation.length === 0 ? (
            <p className="muted">No mailbox chosen yet.</p>
          ) : (
            <ul>
              {rotation.map((entry) => (
                <li key={entry.mailboxId}>{entry.fromAddress}</li>
              ))}
            </ul>
          )}
        </section>

        <section className="card wide" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview with real leads</h2>
          {preview.leads.length === 0 ? (
            <p className="muted">
              No approved lead with an email address yet. <Link to={`/leads/review?campaign=${campaign.id}`}>Review its leads</Link> to approve some.
            </p>
          ) : (
            <>
              <p className="small muted">
                {preview.mailbox ? `From ${preview.mailbox.fromName} <${preview.mailbox.fromAddress}>.` : 'No mailbox chosen: the signature and postal address are empty.'} The
                unsubscribe link in a preview goes nowhere.
              </p>
              {preview.leads.map((lead) => (
                <details key={lead.leadId} className="preview-lead" open={lead === preview.leads[0]}>
                  <summary>
                    <strong>{lead.name}</strong> <span className="small">{lead.email}</span>
                  </summary>
                  {lead.emails.map((email, index) => (
                    <article key={email.stepId} className="preview-email">
                      <p className="small muted">Step {preview.steps[index]?.number ?? ''}</p>
                      {email.error ? (
                        <p className="field-error">{email.error}</p>
                      ) : (
                        <>
                          <p>
                            <strong>{email.subject}</strong>
                          </p>
                          <pre className="preview-text">{email.text}</pre>
                        </>
                      )}
                    </article>
                  ))}
                </details>
              ))}
            </>
          )}
        </section>
      </div>
    </>
  );
}

/** What starting will do, said before it is done; without blockers it offers the confirmation. */
function StartConfirmation({ start, campaignName, message }: { start: Loaded['start']; campaignName: string; message: string | undefined }) {
  // Leads with only a contact form join when the sequence has a contact form step.
  const leftOut = start.counts.withoutEmail - (start.contactFormSteps > 0 ? start.counts.formOnly : 0);
  const detail = (
    <div data-testid="start-detail">
      <p>
        <strong>{start.estimate}</strong>
      </p>
      {start.outlook.map((sentence) => (
        <p key={sentence}>{sentence}</p>
      ))}
      <ul>
        <li>{`${plural(start.counts.enrolable, 'approved lead', 'approved leads')} with an email address join the sequence (${plural(start.emailSteps, 'email step', 'email steps')}).`}</li>
        {start.contactFormSteps > 0 && start.counts.formOnly > 0 ? (
          <li>{`${plural(start.counts.formOnly, 'approved lead', 'approved leads')} without an email address but with a contact form join for the contact form ${start.contactFormSteps === 1 ? 'step' : 'steps'} only.`}</li>
        ) : null}
        {leftOut > 0 ? (
          <li>{`${plural(leftOut, 'approved lead has', 'approved leads have')} no email address${start.contactFormSteps > 0 ? ' and no contact form' : ''} and ${leftOut === 1 ? 'stays' : 'stay'} out.`}</li>
        ) : null}
        {start.counts.enrolled > 0 ? <li>{`${plural(start.counts.enrolled, 'lead is', 'leads are')} already in the sequence and not written to again.`}</li> : null}
        <li>{`Sending from ${start.mailboxes.length > 0 ? start.mailboxes.map((mailbox) => mailbox.fromAddress).join(', ') : 'no mailbox'}.`}</li>
        {start.activates ? <li>The campaign becomes active.</li> : null}
      </ul>
    </div>
  );
  if (start.blockers.length > 0) {
    return (
      <section className="confirm-panel" role="alertdialog" aria-labelledby="start-blocked">
        <p id="start-blocked" className="confirm-question">Outreach for “{campaignName}” cannot start yet</p>
        <ul className="blockers" aria-label="What stops it">
          {start.blockers.map((blocker) => (
            <li key={blocker}>{blocker}</li>
          ))}
        </ul>
        {detail}
        <FormMessage message={message} />
        <Link to="." className="secondary-button" preventScrollReset>
          Close
        </Link>
      </section>
    );
  }
  return (
    <ConfirmPanel
      question={`Start outreach for “${campaignName}”?`}
      detail={
        <>
          {detail}
          <FormMessage message={message} />
        </>
      }
      confirmLabel={`Start: ${plural(start.counts.enrolable, 'lead', 'leads')}`}
      cancelTo="."
    >
      <input type="hidden" name="intent" value="start" />
      <input type="hidden" name="confirm" value="yes" />
    </ConfirmPanel>
  );
}

/** Per-step and per-enrolment counts, refetched whenever this campaign's outreach changes. */
function OutreachBoard({ campaignId, initial }: { campaignId: string; initial: Board }) {
  const { value: board, refresh } = useSerialRefresh(initial, () => trpc.outreach.board.query({ campaignId }));
  useLiveEvent('outreach.changed', (payload) => {
    if (payload.campaignId === campaignId) void refresh();
  });
  // A call step's calls move without the sequence moving.
  useLiveEvent('calls.changed', (payload) => {
    if (payload.campaignId === campaignId && board.callSteps.length > 0) void refresh();
  });
  useLiveReconnect(() => void refresh());
  // Events sent before the socket connected are not replayed: catch up once.
  useEffect(() => {
    void refresh();
  }, [campaignId]);
  const stopped = board.stopped.filter((row) => row.count > 0);
  return (
    <section className="card wide" aria-labelledby="board-heading">
      <h2 id="board-heading">Board</h2>
      {board.mailboxLimits ? (
        <p className="warn-text" data-testid="mailbox-limits-notice">
          {board.mailboxLimits}
        </p>
      ) : null}
      {board.sendWindow ? (
        <p className="notice" role="status" data-testid="send-window-notice">
          {board.sendWindow.notice}
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="table" data-testid="outreach-board">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col" className="number">Scheduled</th>
              <th scope="col" className="number">Sent / submitted</th>
              <th scope="col" className="number">Delivered</th>
              <th scope="col" className="number">Bounced</th>
              <th scope="col" className="number">Replied</th>
              <th scope="col" className="number">Unsubscribed</th>
              <th scope="col" className="number">Opened</th>
              <th scope="col" className="number">Clicked</th>
              <th scope="col" className="number">Failed</th>
              <th scope="col" className="number">Skipped</th>
            </tr>
          </thead>
          <tbody>
            {board.steps.map((step) => {
              // A contact form has no delivery, open or click; only a form step can be skipped (no form, robots.txt).
              const form = step.channel === 'form';
              const email = (count: number) => (form ? '—' : count);
              return (
                <tr key={`${step.channel}:${step.stepId}`} data-testid={`board-${form ? 'form-' : ''}${step.stepId}`}>
                  <td>
                    <BoardStepLabel step={step} />
                    {form ? <span className="small muted"> · contact form</span> : null}
                  </td>
                  <td className="number">{step.scheduled}</td>
                  <td className="number">{step.sent}</td>
                  <td className="number">{email(step.delivered)}</td>
                  <td className="number">{email(step.bounced)}</td>
                  <td className="number">{step.replied}</td>
                  <td className="number">{step.unsubscribed}</td>
                  <td className="number">{email(step.opened)}</td>
                  <td className="number">{email(step.clicked)}</td>
                  <td className="number">{step.failed}</td>
                  <td className="number">{form ? step.skipped : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <OutreachCallSteps steps={board.callSteps} campaignId={campaignId} />
      <p data-testid="enrolment-counts">
        <StatusPill tone="good">{plural(board.enrolments.active ?? 0, 'active', 'active')}</StatusPill>{' '}
        <StatusPill tone="neutral">{plural(board.enrolments.completed ?? 0, 'completed', 'completed')}</StatusPill>{' '}
        <StatusPill tone="warn">{plural(board.enrolments.stopped ?? 0, 'stopped', 'stopped')}</StatusPill>
        {(board.enrolments.paused ?? 0) > 0 ? <> <StatusPill tone="neutral">{plural(board.enrolments.paused ?? 0, 'paused', 'paused')}</StatusPill></> : null}
      </p>
      {stopped.length > 0 ? (
        <ul className="small" aria-label="Why enrolments stopped">
          {stopped.map((row) => (
            <li key={row.reason}>
              {row.label}: {row.count}
            </li>
          ))}
        </ul>
      ) : (
        <p className="small muted">Replied, unsubscribed and bounced leads stop their sequence at once and are counted here.</p>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/campaigns" backLabel="Back to campaigns" />;
}
