import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { campaignInputOf, CampaignForm, EMPTY_CAMPAIGN_FORM, readCampaignForm } from '../components/campaign-form.tsx';
import { FormMessage } from '../components/field.tsx';
import { CampaignStatusPill } from '../components/campaign-status.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { useKeptActionData } from '../utils/kept-action-data.ts';
import { useRevalidateOnLiveEvent } from '../utils/live-revalidate.ts';
import { formFailure, formAnswerStatus } from '../utils/request-errors.server.ts';
import { campaignStatusLabel } from '../utils/vocabulary.server.ts';
import { UtcTime } from '../components/utc-time.tsx';
import { formatNumber } from '@switchboard/core';

export const meta: MetaFunction = () => [{ title: 'Campaigns · Switchboard' }];

/** How often at most the lead counts reload while leads.changed events stream in (discovery publishes one per batch of leads). */
const LEAD_COUNTS_RELOAD_MS = 4_000;

export async function loader({ context }: LoaderFunctionArgs) {
  const campaigns = await context.trpc.campaigns.list();
  return { campaigns: campaigns.map((campaign) => ({ ...campaign, statusLabel: campaignStatusLabel(campaign.status) })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const values = readCampaignForm(await request.formData());
  try {
    const campaign = await context.trpc.campaigns.create(campaignInputOf(values));
    return redirect(`/campaigns/${campaign.id}`);
  } catch (error) {
    const { status, failure } = formFailure(error);
    return data({ message: failure.message, errors: failure.fieldErrors, values }, { status: formAnswerStatus(status) });
  }
}

export default function CampaignsPage() {
  const { campaigns } = useLoaderData<typeof loader>();
  // Kept across the live reloads below, so a refused new campaign keeps its errors (what was typed stays in the inputs).
  const result = useKeptActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const canCreate = root?.can.operate ?? false;
  // A campaign created, renamed, retargeted, paused or activated in another browser (or paused by the worker at its
  // call budget) shows without a reload, and so do leads found or reviewed (the Leads and To review counts): those
  // come in streams while discovery runs, so the counts follow at most every few seconds.
  useRevalidateOnLiveEvent(['campaigns.changed', 'leads.changed'], undefined, { spacedMs: { 'leads.changed': LEAD_COUNTS_RELOAD_MS } });
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Campaigns</h1>
          <p className="muted">Who you are looking for and where. Discovery finds the businesses; you approve them before any outreach.</p>
        </div>
      </header>
      <div className="grid">
        <section className="card wide" aria-labelledby="campaigns-heading">
          <h2 id="campaigns-heading">All campaigns</h2>
          {campaigns.length === 0 ? (
            <div className="empty-state">
              <p className="empty-title">No campaigns yet.</p>
              <p>
                {canCreate
                  ? 'Create one below: say what to search for (e.g. “plumber”) and where (e.g. “Austin”), then start discovery on its page.'
                  : 'An operator or admin creates campaigns; they appear here.'}
              </p>
            </div>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="campaigns-table">
                <thead>
                  <tr>
                    <th scope="col">Campaign</th>
                    <th scope="col">Status</th>
                    <th scope="col">Target</th>
                    <th scope="col" className="number">Leads</th>
                    <th scope="col" className="number">To review</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {campaigns.map((campaign) => (
                    <tr key={campaign.id}>
                      <td className="name-cell">
                        <Link to={`/campaigns/${campaign.id}`}>{campaign.name}</Link>
                      </td>
                      <td>
                        <CampaignStatusPill status={campaign.status} label={campaign.statusLabel} />
                      </td>
                      <td className="small">
                        {campaign.target.queries.join(', ')}
                        {campaign.target.locations.length > 0 ? <span className="muted"> in {campaign.target.locations.join(', ')}</span> : null}
                      </td>
                      <td className="number">
                        <Link to={`/leads?campaign=${campaign.id}`}>{formatNumber(campaign.leadCount)}</Link>
                      </td>
                      <td className="number">
                        {campaign.pendingReviewCount > 0 ? (
                          <Link to={`/leads/review?campaign=${campaign.id}`}>{formatNumber(campaign.pendingReviewCount)}</Link>
                        ) : (
                          0
                        )}
                      </td>
                      <td className="small">{campaign.ownerEmail ?? ''}</td>
                      <td className="small"><UtcTime at={campaign.updatedAt} show="date" /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {canCreate ? (
          <section className="card wide" aria-labelledby="new-campaign-heading">
            <h2 id="new-campaign-heading">New campaign</h2>
            <FormMessage message={result?.message} />
            <CampaignForm values={result?.values ?? EMPTY_CAMPAIGN_FORM} errors={result?.errors ?? {}} submitLabel="Create campaign" busy={busy} suggestTimeZone />
          </section>
        ) : null}
      </div>
    </>
  );
}
