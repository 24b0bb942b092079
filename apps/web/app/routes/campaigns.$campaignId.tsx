import { CAMPAIGN_EVENTS, type CampaignEvent, canTransitionCampaign, formatNumber, isFinalCallStatus } from '@switchboard/core';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import type { ReactNode } from 'react';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation, useRevalidator, useRouteLoaderData, useSearchParams } from '@remix-run/react';
import { CampaignForm, campaignFormValuesOf, campaignInputOf, readCampaignForm, type CampaignFormValues } from '../components/campaign-form.tsx';
import { CampaignStatusPill } from '../components/campaign-status.tsx';
import { ConfirmPanel } from '../components/confirm-panel.tsx';
import { DiscoveryProgressPanel, useLiveProgress, type DiscoveryProgress } from '../components/discovery-progress.tsx';
import { FormMessage } from '../components/field.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import { StatusPill } from '../components/status-pill.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { useKeptActionData } from '../utils/kept-action-data.ts';
import { useRevalidateOnLiveEvent } from '../utils/live-revalidate.ts';
import { formFailure, throwRequestError, formAnswerStatus } from '../utils/request-errors.server.ts';
import { campaignStatusLabel, scoreWeightFields } from '../utils/vocabulary.server.ts';
import { UtcTime } from '../components/utc-time.tsx';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.campaign.name ?? 'Campaign'} · Switchboard` }];


export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = String(params.campaignId);
  try {
    const [campaign, runs, sendWindow] = await Promise.all([
      context.trpc.campaigns.get({ id }),
      context.trpc.discovery.runs({ campaignId: id }),
      // Why nothing goes out at night: the emails waiting for their recipients' send window.
      context.trpc.outreach.sendWindowWait({ campaignId: id }),
    ]);
    const latest = runs[0];
    const progress = latest ? await context.trpc.discovery.progress({ runId: latest.id }) : null;
    // What the status machine allows from here, decided on the server (core stays out of the browser bundle).
    const statusActions = CAMPAIGN_EVENTS.filter((event) => canTransitionCampaign(campaign.status, event));
    return { campaign, runs, progress, sendWindow, statusLabel: campaignStatusLabel(campaign.status), statusActions, weightFields: scoreWeightFields(campaign.scoreWeights) };
  } catch (error) {
    throwRequestError(error);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = String(params.campaignId);
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  // Only the edit form is shown again with what was typed.
  let values: CampaignFormValues | null = null;
  try {
    if (intent === 'update') {
      values = readCampaignForm(form);
      await context.trpc.campaigns.update({ id, ...campaignInputOf(values) });
    } else if (intent === 'start') await context.trpc.discovery.start({ campaignId: id });
    else if (intent === 'pause-run') await context.trpc.discovery.pause({ runId: String(form.get('runId') ?? '') });
    else if (intent === 'resume-run') await context.trpc.discovery.resume({ runId: String(form.get('runId') ?? '') });
    else if (intent === 'status') await context.trpc.campaigns.setStatus({ id, event: String(form.get('event') ?? '') as CampaignEvent });
    else return { message: 'Unknown action.', errors: {}, values };
    return redirect(`/campaigns/${id}`);
  } catch (error) {
    const { status, failure } = formFailure(error);
    return data({ message: failure.message, errors: failure.fieldErrors, values }, { status: formAnswerStatus(status) });
  }
}

const STATUS_ACTIONS: Record<CampaignEvent, { label: string; question: (name: string) => string; detail: string; tone: 'normal' | 'danger' }> = {
  activate: { label: 'Activate', question: (name) => `Activate “${name}”?`, detail: 'An active campaign can run discovery and, once approved, outreach.', tone: 'normal' },
  pause: { label: 'Pause', question: (name) => `Pause “${name}”?`, detail: 'Nothing new starts for it until you activate it again. A running discovery keeps its own pause button.', tone: 'normal' },
  complete: { label: 'Complete', question: (name) => `Mark “${name}” completed?`, detail: 'It stops for good; its leads stay in the workspace.', tone: 'danger' },
  archive: { label: 'Archive', question: (name) => `Archive “${name}”?`, detail: 'It is kept for the record but can no longer run. Its leads stay in the workspace.', tone: 'danger' },
};

function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

export default function CampaignPage() {
  const { campaign, runs, progress, sendWindow, statusLabel, statusActions, weightFields } = useLoaderData<typeof loader>();
  // Kept across the live reloads below, so a refused edit keeps its form, typed values and errors.
  const result = useKeptActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const canOperate = root?.can.operate ?? false;
  const asked = params.get('confirm');
  const confirmStatus = canOperate ? statusActions.find((event) => event === asked) : undefined;
  // The edit form stays open (with what was typed) when the update was refused.
  const editing = canOperate && (params.has('edit') || Boolean(result?.values));
  // A call of this campaign that ends brings its cost, which can take the campaign to its call budget:
  // the worker pauses it then, and the status, its buttons and the budget notice follow without a reload.
  // So do an operator's pause or activation elsewhere (here in another browser, or on the call board).
  useRevalidateOnLiveEvent(
    ['calls.changed', 'campaigns.changed'],
    (payload) => payload.campaignId === campaign.id && (!('status' in payload) || isFinalCallStatus(payload.status)),
  );
  const customWeights = weightFields.filter((field) => field.weight !== field.defaultWeight);
  const { target, discoveryPlan } = campaign;
  const latest = runs[0];
  const openRun = latest && (latest.status === 'running' || latest.status === 'paused') ? latest : null;
  // A paused campaign starts nothing new until it is activated again (its pause dialog says so).
  const canDiscover = campaign.status === 'draft' || campaign.status === 'active';
  const canStart = canOperate && canDiscover && latest?.status !== 'running';

  const startQuestion = `Start discovery for “${campaign.name}”: ${plural(discoveryPlan.total, 'task', 'tasks')}?`;
  const startDetail = (
    <p>
      {discoveryPlan.search > 0
        ? `${plural(discoveryPlan.search, 'web search', 'web searches')} (${plural(target.queries.length, 'query', 'queries')} × ${plural(Math.max(1, target.locations.length), 'location', 'locations')} × ${plural(target.pagesPerQuery, 'page', 'pages')})`
        : 'No web searches'}
      {' and '}
      {discoveryPlan.places > 0 ? plural(discoveryPlan.places, 'listing search', 'listing searches') : 'no listing searches'}. Every business website found
      is then visited for contacts, which adds a task per site.
      {openRun?.status === 'paused' ? ' The paused run is cancelled first.' : ''}
    </p>
  );

  return (
    <>
      <p className="breadcrumb">
        <Link to="/campaigns">Campaigns</Link> ›
      </p>
      <header className="page-header">
        <div>
          <h1>
            {campaign.name} <CampaignStatusPill status={campaign.status} label={statusLabel} />
          </h1>
          <p className="muted">{campaign.description || 'No description.'}</p>
          {campaign.status === 'draft' ? (
            <p className="status-hint small" data-testid="draft-hint">
              Still a draft: discovery runs either way. Activate it once the target is settled; outreach runs only for active
              campaigns (starting it activates the campaign).
            </p>
          ) : null}
          {sendWindow ? (
            <p className="notice" role="status" data-testid="send-window-notice">
              {sendWindow.notice} <Link to={`/campaigns/${campaign.id}/outreach`}>Outreach board</Link>
            </p>
          ) : null}
          {campaign.callBudgetNotice ? (
            <p className="notice warn-notice" role="status" data-testid="call-budget-notice">
              {campaign.callBudgetNotice} <Link to={`/calls?campaign=${campaign.id}`}>Call settings</Link>
            </p>
          ) : null}
        </div>
        {canOperate ? (
          <div className="inline-form header-actions">
            {canStart ? (
              <Link to="?confirm=start" className="button" preventScrollReset>
                Start discovery
              </Link>
            ) : null}
            {editing ? null : (
              <Link to="?edit" className="secondary-button" preventScrollReset>
                Edit
              </Link>
            )}
            {statusActions.map((event) => (
              <Link key={event} to={`?confirm=${event}`} className="secondary-button" preventScrollReset>
                {STATUS_ACTIONS[event].label}
              </Link>
            ))}
          </div>
        ) : null}
      </header>

      <FormMessage message={result?.message} />
      {asked === 'start' && canStart ? (
        <ConfirmPanel question={startQuestion} detail={startDetail} confirmLabel={`Start ${plural(discoveryPlan.total, 'task', 'tasks')}`} cancelTo=".">
          <input type="hidden" name="intent" value="start" />
        </ConfirmPanel>
      ) : confirmStatus ? (
        <ConfirmPanel
          question={STATUS_ACTIONS[confirmStatus].question(campaign.name)}
          detail={STATUS_ACTIONS[confirmStatus].detail}
          confirmLabel={STATUS_ACTIONS[confirmStatus].label}
          cancelTo="."
          tone={STATUS_ACTIONS[confirmStatus].tone}
        >
          <input type="hidden" name="intent" value="status" />
          <input type="hidden" name="event" value={confirmStatus} />
        </ConfirmPanel>
      ) : null}

      {editing ? (
        <section className="card wide" aria-labelledby="edit-heading">
          <div className="card-header">
            <h2 id="edit-heading">Edit campaign</h2>
            <Link to="." preventScrollReset>Cancel</Link>
          </div>
          <CampaignForm
            values={result?.values ?? campaignFormValuesOf(campaign)}
            errors={result?.errors ?? {}}
            submitLabel="Save changes"
            busy={busy}
            intent="update"
            weightFields={weightFields}
          />
        </section>
      ) : null}

      {progress ? (
        <LiveProgress key={progress.runId} initial={progress}>
          {(live) => renderGrid(live)}
        </LiveProgress>
      ) : (
        renderGrid(null)
      )}
    </>
  );

  function renderGrid(live: DiscoveryProgress | null) {
    return (
      <div className="grid">
        <section className="card span-2" aria-labelledby="discovery-heading">
          <div className="card-header">
            <h2 id="discovery-heading">Discovery</h2>
            <span className="inline-form">
              <Link to={`/leads/review?campaign=${campaign.id}`}>Review its leads</Link>
              <Link to={`/campaigns/${campaign.id}/outreach`}>Outreach</Link>
              <Link to={`/calls?campaign=${campaign.id}`}>Calls</Link>
            </span>
          </div>
          {live ? (
            <LiveRun progress={live} canOperate={canOperate} busy={busy} />
          ) : (
            <p className="muted">
              No discovery has run yet. {canOperate && canDiscover ? 'Start one to find businesses matching the target.' : ''}
            </p>
          )}
        </section>
        <section className="card" aria-labelledby="target-heading">
          <h2 id="target-heading">Target</h2>
          <dl className="facts">
            <dt>Queries</dt>
            <dd>{target.queries.join(', ')}</dd>
            <dt>Locations</dt>
            <dd>{target.locations.length > 0 ? target.locations.join(', ') : <span className="muted">anywhere</span>}</dd>
            <dt>Categories</dt>
            <dd>{target.categories.length > 0 ? target.categories.join(', ') : <span className="muted">any</span>}</dd>
            <dt>Pages per query</dt>
            <dd>{target.pagesPerQuery}</dd>
            <dt>Sources</dt>
            <dd>{target.sources.map((source) => (source === 'search' ? 'web search' : 'business listings')).join(', ')}</dd>
            <dt>Score weights</dt>
            <dd>
              {customWeights.length > 0 ? customWeights.map((field) => `${field.label} ${field.weight}`).join(', ') : <span className="muted">defaults</span>}
            </dd>
            <dt>Time zone</dt>
            <dd>{campaign.timeZone}</dd>
            <dt>Owner</dt>
            <dd>{campaign.ownerEmail ?? <span className="muted">nobody</span>}</dd>
            <dt>Created</dt>
            <dd>
              <UtcTime at={campaign.createdAt} />
            </dd>
          </dl>
        </section>
        <section className="card wide" aria-labelledby="runs-heading">
          <h2 id="runs-heading">Run history</h2>
          {runs.length === 0 ? (
            <p className="muted">No runs yet.</p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="run-history">
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="number">Leads found</th>
                    <th scope="col" className="number">Merged</th>
                    <th scope="col">Finished</th>
                  </tr>
                </thead>
                <tbody>
                  {runs.map((listed) => {
                    // The live run's row counts along with the panel above.
                    const run = live && listed.id === live.runId ? { ...listed, status: live.status, leadsFound: live.leadsFound, leadsMerged: live.leadsMerged } : listed;
                    return (
                      <tr key={run.id}>
                        <td>
                          <UtcTime at={run.startedAt} />
                        </td>
                        <td>
                          <StatusPill tone={run.status === 'running' ? 'good' : run.status === 'paused' ? 'warn' : 'neutral'}>{run.status}</StatusPill>
                        </td>
                        <td className="number">{run.leadsFound}</td>
                        <td className="number">{run.leadsMerged}</td>
                        <td>{run.finishedAt ? <UtcTime at={run.finishedAt} /> : ''}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    );
  }
}

/** The latest run's progress, refetched on each live event, for every part of the page that shows it. */
function LiveProgress({ initial, children }: { initial: DiscoveryProgress; children: (progress: DiscoveryProgress) => ReactNode }) {
  const revalidator = useRevalidator();
  const progress = useLiveProgress(initial, () => {
    // Status moved (done, paused elsewhere): the buttons and the rest of the page follow.
    if (revalidator.state === 'idle') revalidator.revalidate();
  });
  return <>{children(progress)}</>;
}

/** The latest run's counters, with pause/resume as plain forms. */
function LiveRun({ progress, canOperate, busy }: { progress: DiscoveryProgress; canOperate: boolean; busy: boolean }) {
  return (
    <>
      <DiscoveryProgressPanel progress={progress} />
      {canOperate && (progress.status === 'running' || progress.status === 'paused') ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="runId" value={progress.runId} />
          {progress.status === 'running' ? (
            <button type="submit" name="intent" value="pause-run" className="secondary-button" disabled={busy}>
              Pause discovery
            </button>
          ) : (
            <button type="submit" name="intent" value="resume-run" className="button" disabled={busy}>
              Resume discovery
            </button>
          )}
        </Form>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/campaigns" backLabel="Back to campaigns" />;
}
