import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { CALL_STATUS_LABELS, canTransitionCampaign, FINAL_CALL_STATUSES, formatNumber } from '@switchboard/core';
import { Form, Link, type useActionData, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams } from '@remix-run/react';
import { ActiveCalls, QueuedCalls, RecentCalls } from '../components/call-board.tsx';
import { CallSettingsForm, type CallSettingsFormValues } from '../components/call-settings-form.tsx';
import { CampaignStatusPill } from '../components/campaign-status.tsx';
import { ConfirmPanel } from '../components/confirm-panel.tsx';
import { FieldErrors, FormMessage } from '../components/field.tsx';
import { IgnoredFiltersNote } from '../components/ignored-filters.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { callingWindowDayChoices, callSettingsFormValuesOf, callSettingsInputOf, readCallSettingsForm } from '../utils/call-settings-form.server.ts';
import { formatDollars } from '../utils/format.ts';
import { numberOf } from '../utils/form-number.ts';
import { useKeptActionData } from '../utils/kept-action-data.ts';
import { useRevalidateOnLiveEvent } from '../utils/live-revalidate.ts';
import { loadWithLinkFilters } from '../utils/link-filters.server.ts';
import { formFailure, throwRequestError, formAnswerStatus } from '../utils/request-errors.server.ts';
import { campaignStatusLabel } from '../utils/vocabulary.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.campaign ? `Calls · ${loaded.campaign.name}` : 'Calls'} · Switchboard` }];

/** The board of the workspace, or of the campaign named by ?campaign=. */
function campaignOf(request: Request): string | null {
  return new URL(request.url).searchParams.get('campaign') || null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const linked = campaignOf(request);
  // Counted only while the queue confirmation is open, not on every live reload.
  const previewQueue = new URL(request.url).searchParams.get('confirm') === 'queue';
  try {
    // A campaign id that is not one (an edited link) shows the workspace's board, and says so.
    const { page: board, query, ignored } = await loadWithLinkFilters({ query: linked ? { campaignId: linked } : {}, names: { campaignId: 'campaign' } }, ({ campaignId }) =>
      context.trpc.calls.board({ campaignId: campaignId ?? null }),
    );
    const { campaignId } = query;
    const [campaigns, campaign, settings, queuePreview] = await Promise.all([
      context.trpc.campaigns.names(),
      campaignId ? context.trpc.campaigns.get({ id: campaignId }) : null,
      campaignId ? context.trpc.calls.settings({ campaignId }) : null,
      campaignId && previewQueue ? context.trpc.calls.queuePreview({ campaignId }) : null,
    ]);
    return {
      ignored,
      board,
      campaigns,
      campaign: campaign
        ? {
            id: campaign.id,
            name: campaign.name,
            status: campaign.status,
            statusLabel: campaignStatusLabel(campaign.status),
            // Decided on the server (core stays out of the browser bundle).
            canPause: canTransitionCampaign(campaign.status, 'pause'),
            canActivate: canTransitionCampaign(campaign.status, 'activate'),
          }
        : null,
      settings,
      queuePreview,
      settingsValues: settings ? callSettingsFormValuesOf(settings) : null,
      outcomeLabels: FINAL_CALL_STATUSES.map((status) => ({ status, label: CALL_STATUS_LABELS[status] })),
      dayChoices: callingWindowDayChoices(),
      renderedAt: Date.now(),
    };
  } catch (error) {
    throwRequestError(error);
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const campaignId = String(form.get('campaignId') ?? '');
  const back = new URL(request.url);
  back.searchParams.delete('confirm');
  back.searchParams.delete('index');
  const boardUrl = `${back.pathname}${back.search}`;
  let values: CallSettingsFormValues | null = null;
  const errors: Record<string, string[] | undefined> = {};
  try {
    if (intent === 'queue') {
      const queued = await context.trpc.calls.queueForCampaign({ campaignId, confirm: (form.get('confirm') === 'yes') as true });
      return { intent, notice: queuedNotice(queued), errors, values };
    }
    if (intent === 'settings') {
      values = readCallSettingsForm(form);
      await context.trpc.calls.updateSettings(callSettingsInputOf(campaignId, values));
      return { intent, notice: 'Call settings saved.', errors, values: null };
    }
    if (intent === 'pause' || intent === 'activate') await context.trpc.campaigns.setStatus({ id: campaignId, event: intent });
    else if (intent === 'cancel') await context.trpc.calls.cancel({ callId: String(form.get('callId') ?? '') });
    else if (intent === 'spend-alert') {
      const threshold = String(form.get('thresholdUsd') ?? '').trim();
      await context.trpc.calls.setSpendAlert({ thresholdUsd: threshold === '' ? null : numberOf(threshold) });
    } else return { intent, message: 'Unknown action.', errors, values };
    return redirect(boardUrl);
  } catch (error) {
    const { status, failure } = formFailure(error);
    return data({ intent, message: failure.message, errors: failure.fieldErrors, values }, { status: formAnswerStatus(status) });
  }
}

function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

function queuedNotice(queued: { queued: number; more: boolean; waitsForActivation: boolean; waitsForBudget: boolean; notQueued: string[] }): string {
  if (queued.queued === 0) return ['Nothing new to queue:', ...queued.notQueued].join(' ');
  return [
    `Queued ${plural(queued.queued, 'call', 'calls')}.`,
    queued.more ? 'More approved leads are waiting: queue calls again for the next batch.' : '',
    queued.waitsForActivation
      ? 'They wait until the campaign is active.'
      : queued.waitsForBudget
        ? 'They wait until its call budget is raised: it lets no call be placed now.'
        : 'They are placed under the concurrency cap, inside each callee’s calling window.',
  ]
    .filter(Boolean)
    .join(' ');
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionResult = ReturnType<typeof useActionData<typeof action>>;

export default function CallBoardPage() {
  const { ignored, board, campaigns, campaign, settings, queuePreview, settingsValues, outcomeLabels, dayChoices, renderedAt } = useLoaderData<typeof loader>();
  // Kept across the live reloads this board does on every call event, so a notice or a form's errors stay.
  const result = useKeptActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const canOperate = root?.can.operate ?? false;
  const isAdmin = root?.me?.user.role === 'admin';
  const voiceSandbox = root?.providers.find((provider) => provider.provider === 'voice')?.mode === 'sandbox';
  // Every call of the workspace moves this board; a campaign's board only its own, and its campaign paused or activated elsewhere.
  useRevalidateOnLiveEvent(['calls.changed', 'campaigns.changed'], (payload) => !campaign || payload.campaignId === campaign.id);

  const names = campaign ? null : new Map(campaigns.map((entry) => [entry.id, entry.name]));
  const asked = params.get('confirm');
  const notice = result && 'notice' in result ? result.notice : undefined;
  const message = result && 'message' in result ? result.message : undefined;
  return (
    <>
      {campaign ? (
        <p className="breadcrumb">
          <Link to="/calls">Calls</Link> › <Link to={`/campaigns/${campaign.id}`}>{campaign.name}</Link> ›
        </p>
      ) : null}
      <header className="page-header">
        <div>
          <h1>
            {campaign ? `Calls · ${campaign.name}` : 'Calls'} {campaign ? <CampaignStatusPill status={campaign.status} label={campaign.statusLabel} /> : null}
          </h1>
          <p className="muted">
            Live AI voice calls as they happen, under the workspace’s concurrency cap. Calls are placed only for active campaigns, inside each
            callee’s calling window.
          </p>
        </div>
        {campaign && canOperate ? <CampaignControls campaign={campaign} busy={busy} /> : null}
      </header>

      <Form method="get" className="inline-form filters" aria-label="Choose a campaign">
        <div className="field">
          <label className="field-label" htmlFor="calls-campaign">Campaign</label>
          <select id="calls-campaign" name="campaign" defaultValue={campaign?.id ?? ''}>
            <option value="">All campaigns</option>
            {campaigns.map((entry) => (
              <option key={entry.id} value={entry.id}>{entry.name}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary-button">Show</button>
      </Form>
      <IgnoredFiltersNote message={ignored} />

      {notice ? (
        <p className="notice" role="status" data-testid="board-notice">{notice}</p>
      ) : null}
      {result?.intent !== 'settings' && result?.intent !== 'spend-alert' ? <FormMessage message={message} /> : null}
      {campaign && settings && canOperate && !notice ? <Confirmation asked={asked} campaign={campaign} settings={settings} preview={queuePreview} queued={board.queued} budgetHolds={board.budget ? !board.budget.open : false} voiceSandbox={voiceSandbox} /> : null}
      {board.budget && !board.budget.open ? (
        <p className="notice warn-notice" role="status" data-testid="budget-reached">{board.budget.reason}</p>
      ) : null}
      {campaign && campaign.status !== 'active' && board.queued > 0 ? (
        <p className="notice warn-notice" data-testid="calls-waiting">
          {plural(board.queued, 'queued call waits', 'queued calls wait')} until the campaign is active.
        </p>
      ) : null}

      <dl className="analytics-tiles" aria-label="Calls at a glance">
        <div className="analytics-tile" data-testid="slots">
          <dt>Slots in use</dt>
          <dd>{`${board.slots.used} / ${board.slots.cap}`}</dd>
        </div>
        <div className="analytics-tile" data-testid="queue-depth">
          <dt>Queued</dt>
          <dd>{formatNumber(board.queued)}</dd>
        </div>
        <div className="analytics-tile" data-testid="spent-today">
          <dt>Spent today (UTC)</dt>
          <dd>{formatDollars(board.spentTodayUsd)}</dd>
        </div>
        {board.budget ? (
          <div className="analytics-tile" data-testid="campaign-spend">
            <dt>Spent in all</dt>
            <dd>{board.budget.budgetUsd === null ? formatDollars(board.budget.spentUsd) : `${formatDollars(board.budget.spentUsd)} of ${formatDollars(board.budget.budgetUsd)}`}</dd>
          </div>
        ) : null}
      </dl>
      <p className="small muted" data-testid="outcomes-today">
        Ended today: {outcomeLabels.map(({ status, label }) => `${label} ${board.outcomesToday[status] ?? 0}`).join(' · ')}
      </p>

      <div className="grid">
        <section className="card wide" aria-labelledby="active-heading">
          <h2 id="active-heading">Live calls</h2>
          <ActiveCalls calls={board.active} names={names} renderedAt={renderedAt} />
        </section>
        <section className="card wide" aria-labelledby="recent-heading">
          <h2 id="recent-heading">Outcomes</h2>
          <RecentCalls calls={board.recent} names={names} />
        </section>
        <section className="card wide" aria-labelledby="queued-heading">
          <h2 id="queued-heading">Queue</h2>
          <QueuedCalls calls={board.queuedNext} total={board.queued} names={names} canOperate={canOperate} busy={busy} />
        </section>
        {campaign && settings && settingsValues ? (
          <section className="card wide" aria-labelledby="settings-heading">
            <h2 id="settings-heading">Call settings</h2>
            {canOperate ? (
              <CallSettingsForm
                campaignId={campaign.id}
                values={result?.intent === 'settings' && result.values ? result.values : settingsValues}
                errors={result?.intent === 'settings' ? result.errors : {}}
                message={result?.intent === 'settings' ? message : undefined}
                dayChoices={dayChoices}
                busy={busy}
                voiceSandbox={voiceSandbox}
              />
            ) : (
              <SettingsFacts settings={settings} dayChoices={dayChoices} />
            )}
          </section>
        ) : null}
        {campaign ? null : <WorkspaceSpend board={board} isAdmin={isAdmin} result={result} busy={busy} />}
      </div>
    </>
  );
}

/** Queue calls, and pause or resume the campaign: the buttons an operator reaches for first. */
function CampaignControls({ campaign, busy }: { campaign: NonNullable<Loaded['campaign']>; busy: boolean }) {
  return (
    <div className="inline-form header-actions">
      {/* A completed or archived campaign never runs again: nothing it queued would be placed. */}
      {campaign.canPause || campaign.canActivate ? (
        <Link to={`?campaign=${campaign.id}&confirm=queue`} className="button" preventScrollReset>
          Queue calls
        </Link>
      ) : null}
      {campaign.canPause ? (
        <Form method="post" preventScrollReset>
          <input type="hidden" name="campaignId" value={campaign.id} />
          <button type="submit" name="intent" value="pause" className="secondary-button" disabled={busy}>
            Pause campaign
          </button>
        </Form>
      ) : null}
      {campaign.canActivate ? (
        <Link to={`?campaign=${campaign.id}&confirm=activate`} className="secondary-button" preventScrollReset>
          {campaign.status === 'paused' ? 'Resume campaign' : 'Activate campaign'}
        </Link>
      ) : null}
    </div>
  );
}

/** What queuing or activating will do, said before it is done. */
function Confirmation({
  asked,
  campaign,
  settings,
  preview,
  queued,
  budgetHolds,
  voiceSandbox,
}: {
  asked: string | null;
  campaign: NonNullable<Loaded['campaign']>;
  settings: NonNullable<Loaded['settings']>;
  preview: Loaded['queuePreview'];
  queued: number;
  /** The campaign's call budget ($0, or used up) lets no call be placed now. */
  budgetHolds: boolean;
  voiceSandbox: boolean;
}) {
  const cancelTo = `?campaign=${campaign.id}`;
  if (asked === 'queue' && !campaign.canPause && !campaign.canActivate) return null;
  if (asked === 'queue' && preview?.count === 0) {
    return (
      <section className="confirm-panel" role="alertdialog" aria-labelledby="queue-nothing">
        <p id="queue-nothing" className="confirm-question">{`Nothing to queue for “${campaign.name}”`}</p>
        <p className="muted">Queuing calls each approved lead with a phone number and no call in this campaign yet. None is left:</p>
        <ul className="muted" data-testid="queue-nothing-reasons">
          {preview.notQueued.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
        <Link to={cancelTo} className="secondary-button" preventScrollReset>
          Close
        </Link>
      </section>
    );
  }
  if (asked === 'queue' && preview) {
    const { count, more, perRequest } = preview;
    return (
      <ConfirmPanel
        question={`Queue calls to ${plural(count, 'approved lead', 'approved leads')} of “${campaign.name}”?`}
        detail={
          <div data-testid="queue-detail">
            <p>
              Each approved lead with a phone number and no call in this campaign yet gets a first call
              {settings.maxAttempts > 1 ? `, tried up to ${plural(settings.maxAttempts, 'time', 'times')} in all when nobody answers` : ''}.
              {voiceSandbox ? ' The sandbox caller simulates them: nobody is phoned and nothing is charged.' : ' Each placed call costs money.'}
            </p>
            {more ? <p>{`More leads are waiting: this queues the first ${formatNumber(perRequest)}; queue again for the rest.`}</p> : null}
            <p>
              {campaign.status !== 'active'
                ? 'The campaign is not active: the calls wait in the queue until you activate it.'
                : budgetHolds
                  ? 'Its call budget lets no call be placed now: the calls wait in the queue until you raise it.'
                  : 'The campaign is active: calls start under the concurrency cap, inside each callee’s calling window.'}
            </p>
            {settings.assistantId || voiceSandbox ? null : <p className="warn-text">No Vapi assistant is set: its calls fail instead of being placed. Set one in the call settings below first.</p>}
          </div>
        }
        confirmLabel={`Queue ${plural(count, 'call', 'calls')}`}
        cancelTo={cancelTo}
      >
        <input type="hidden" name="intent" value="queue" />
        <input type="hidden" name="campaignId" value={campaign.id} />
        <input type="hidden" name="confirm" value="yes" />
      </ConfirmPanel>
    );
  }
  if (asked === 'activate' && campaign.canActivate) {
    return (
      <ConfirmPanel
        question={`${campaign.status === 'paused' ? 'Resume' : 'Activate'} “${campaign.name}”?`}
        detail={
          queued === 0
            ? 'Nothing is queued for it yet; its outreach runs again.'
            : budgetHolds
              ? `Its outreach runs again; its call budget lets no call be placed, so ${plural(queued, 'queued call waits', 'queued calls wait')} until you raise it.`
              : `${plural(queued, 'queued call is', 'queued calls are')} then placed under the concurrency cap, inside each callee’s calling window, and its outreach runs again.`
        }
        confirmLabel={campaign.status === 'paused' ? 'Resume' : 'Activate'}
        cancelTo={cancelTo}
      >
        <input type="hidden" name="intent" value="activate" />
        <input type="hidden" name="campaignId" value={campaign.id} />
      </ConfirmPanel>
    );
  }
  return null;
}

/** The call settings as a viewer sees them. */
function SettingsFacts({ settings, dayChoices }: { settings: NonNullable<Loaded['settings']>; dayChoices: Loaded['dayChoices'] }) {
  const days = dayChoices.filter((day) => settings.callWindow.days.includes(day.value as never)).map((day) => day.label);
  return (
    <dl className="facts">
      <dt>Vapi assistant</dt>
      <dd className="break-anywhere">{settings.assistantId ?? <span className="muted">none</span>}</dd>
      <dt>Attempts per lead</dt>
      <dd>{settings.maxAttempts}</dd>
      <dt>Between attempts</dt>
      <dd>{plural(settings.spacingMinutes, 'minute', 'minutes')}</dd>
      <dt>Calling window</dt>
      <dd>{`${days.join(', ')}, ${settings.callWindow.startHour}:00–${settings.callWindow.endHour}:00 on the callee’s clock`}</dd>
      <dt>Call budget</dt>
      <dd>{settings.budgetUsd === null ? <span className="muted">none</span> : formatDollars(settings.budgetUsd)}</dd>
    </dl>
  );
}

/** Today's spend per campaign, the daily spend alert's threshold (an admin sets it) and the last alerts. */
function WorkspaceSpend({ board, isAdmin, result, busy }: { board: Loaded['board']; isAdmin: boolean; result: ActionResult; busy: boolean }) {
  const errors = result?.intent === 'spend-alert' ? result.errors : {};
  const thresholdErrors = errors.thresholdUsd;
  return (
    <section className="card wide" aria-labelledby="spend-heading">
      <h2 id="spend-heading">Spend</h2>
      {board.campaignsToday.length === 0 ? (
        <p className="muted">No call has ended today.</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="spend-by-campaign">
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col" className="number">Calls ended today</th>
                <th scope="col" className="number">Cost today</th>
              </tr>
            </thead>
            <tbody>
              {board.campaignsToday.map((row) => (
                <tr key={row.campaignId}>
                  <td>
                    <Link to={`/calls?campaign=${row.campaignId}`}>{row.name}</Link>
                  </td>
                  <td className="number">{row.calls}</td>
                  <td className="number">{formatDollars(row.costUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Daily spend alert</h3>
      {isAdmin ? (
        <Form method="post" className="inline-form" preventScrollReset>
          <input type="hidden" name="intent" value="spend-alert" />
          <div className="field">
            <label className="field-label" htmlFor="spend-alert-threshold">Alert when a day’s calls cost more than (US dollars)</label>
            <input
              id="spend-alert-threshold"
              name="thresholdUsd"
              type="number"
              min={0}
              step="0.01"
              inputMode="decimal"
              defaultValue={board.spendAlertThresholdUsd === null ? '' : String(board.spendAlertThresholdUsd)}
              aria-invalid={thresholdErrors?.length ? true : undefined}
              aria-describedby={thresholdErrors?.length ? 'spend-alert-error' : undefined}
            />
            <span className="field-hint">Blank: no alert. Raised at most once per UTC day and listed below.</span>
            <FieldErrors id="spend-alert-error" errors={thresholdErrors} />
          </div>
          <button type="submit" className="secondary-button" disabled={busy}>Save alert</button>
          <FormMessage message={result?.intent === 'spend-alert' && !thresholdErrors?.length && 'message' in result ? result.message : undefined} />
        </Form>
      ) : (
        <p className="muted">{board.spendAlertThresholdUsd === null ? 'No alert is set.' : `Alert when a day’s calls cost more than ${formatDollars(board.spendAlertThresholdUsd)}.`}</p>
      )}
      {board.spendAlerts.length > 0 ? (
        <ul className="small" aria-label="Recent spend alerts">
          {board.spendAlerts.map((alert) => (
            <li key={alert.day}>{`${alert.day}: ${formatDollars(alert.spentUsd)} spent, past the ${formatDollars(alert.thresholdUsd)} threshold`}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/calls" backLabel="Back to the call board" />;
}
