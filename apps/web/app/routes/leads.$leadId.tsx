import { CONTACT_FORM_OUTCOME_LABELS, formatNumber, type RejectReason } from '@switchboard/core';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { FormMessage } from '../components/field.tsx';
import { HealthPill, HealthReasons } from '../components/lead-health.tsx';
import { LeadTimeline } from '../components/lead-timeline.tsx';
import { ContactList, ScoreReasons, SourceList } from '../components/lead-evidence.tsx';
import { ConfidencePill, LeadStatusPill, ScoreBadge } from '../components/lead-pills.tsx';
import { rejectReasonLabel, useLeadVocabulary } from '../components/lead-vocabulary.tsx';
import { PossibleDuplicateNote } from '../components/possible-duplicate-note.tsx';
import { RejectReasonSelect } from '../components/reject-reason-select.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { requestError, throwRequestError, formAnswerStatus } from '../utils/request-errors.server.ts';
import { UtcTime } from '../components/utc-time.tsx';
import { IgnoredFiltersNote } from '../components/ignored-filters.tsx';
import { loadWithLinkFilters } from '../utils/link-filters.server.ts';
import { timelinePageQuery } from '../utils/timeline-page.ts';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.lead.name ?? 'Lead'} · Switchboard` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  try {
    const lead = await context.trpc.leads.get({ id: String(params.leadId) });
    const [campaign, formSends, timeline, health] = await Promise.all([
      lead.campaignId ? context.trpc.campaigns.get({ id: lead.campaignId }) : null,
      context.trpc.outreach.leadFormSends({ leadId: lead.id }),
      // A "Show older" link that is not one (an edited URL) shows the newest entries, and the page says so.
      loadWithLinkFilters(
        { query: { id: lead.id, ...timelinePageQuery(new URL(request.url).searchParams) }, names: { sendsBefore: 'timeline page', messagesBefore: 'timeline page' } },
        (query) => context.trpc.leads.timeline(query),
      ),
      context.trpc.health.forLead({ leadId: lead.id }),
    ]);
    return { lead, timeline: timeline.page, ignored: timeline.ignored, campaign: campaign ? { id: campaign.id, name: campaign.name } : null, formSends, health };
  } catch (error) {
    throwRequestError(error);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const id = String(params.leadId);
  try {
    const intent = form.get('intent');
    if (intent === 'approve') await context.trpc.leads.approve({ id });
    else if (intent === 'reopen') await context.trpc.leads.reopen({ id });
    else if (intent === 'mark_replied') await context.trpc.leads.markReplied({ id });
    else await context.trpc.leads.reject({ id, reason: String(form.get('reason') ?? '') as RejectReason });
    return { message: undefined };
  } catch (error) {
    const problem = requestError(error);
    if (!problem) throw error;
    return data({ message: problem.message }, { status: formAnswerStatus(problem.status) });
  }
}

export default function LeadPage() {
  const { lead, timeline, ignored, campaign, formSends, health } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const vocabulary = useLeadVocabulary();
  const canDecide = useRouteLoaderData<typeof rootLoader>('root')?.can.operate ?? false;
  // A full address already names the city; without one, city, region and country say where.
  const location = lead.address ?? [lead.city, lead.region, lead.country].filter(Boolean).join(', ');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/leads">All leads</Link> ›
      </p>
      <div className="grid">
        <section className="card wide" aria-labelledby="lead-heading">
          <div className="card-header">
            <div>
              <h2 id="lead-heading" className="lead-title">{lead.name}</h2>
              <p className="muted">
                {lead.category ?? 'No category'} {location ? `· ${location}` : ''}
              </p>
            </div>
            <div className="lead-score-block">
              <ScoreBadge score={lead.score} /> <ConfidencePill confidence={lead.confidence} /> <LeadStatusPill status={lead.status} />
            </div>
          </div>
          <FormMessage message={result?.message} />
          {lead.possibleDuplicateOf ? <PossibleDuplicateNote duplicate={lead.possibleDuplicateOf} /> : null}
          {lead.status === 'pending_review' && canDecide ? (
            <div className="decision-bar">
              <Form method="post" className="inline-form">
                <button type="submit" name="intent" value="approve" className="button" disabled={busy}>Approve</button>
              </Form>
              <Form method="post" className="inline-form">
                <RejectReasonSelect id="lead-reject-reason" />
                <button type="submit" name="intent" value="reject" className="secondary-button danger-text" disabled={busy}>Reject</button>
              </Form>
            </div>
          ) : null}
          {lead.status === 'rejected' || lead.status === 'approved' ? (
            <div className="decision-bar">
              <p className="muted">
                {lead.status === 'rejected' ? `Rejected${lead.rejectReason ? `: ${rejectReasonLabel(vocabulary, lead.rejectReason)}` : ''}.` : 'Approved.'}
              </p>
              {canDecide ? (
                <Form method="post" className="inline-form">
                  <button type="submit" name="intent" value="reopen" className="secondary-button" disabled={busy}>Reopen for review</button>
                </Form>
              ) : null}
            </div>
          ) : null}
          {lead.status === 'in_outreach' && canDecide ? (
            <div className="decision-bar">
              <p className="muted">In outreach. A reply that came another way (a call, another inbox) stops its emails here.</p>
              <Form method="post" className="inline-form">
                <button type="submit" name="intent" value="mark_replied" className="secondary-button" disabled={busy}>Mark as replied</button>
              </Form>
            </div>
          ) : null}
          <dl className="facts">
            <dt>Website</dt>
            <dd>
              {lead.website ? (
                <a href={lead.website} rel="noreferrer noopener" target="_blank">{lead.website}</a>
              ) : (
                <span className="muted">none found</span>
              )}
              {lead.websiteReachable === false ? <span className="bad-text"> (did not answer)</span> : null}
            </dd>
            <dt>Phone</dt>
            <dd className="mono">{lead.phone ?? <span className="muted">none found</span>}</dd>
            <dt>Rating</dt>
            <dd>{lead.rating !== null ? `${lead.rating} ★ from ${lead.reviewCount ?? 0} reviews` : <span className="muted">unknown</span>}</dd>
            <dt>Contact form</dt>
            <dd>{lead.hasContactForm === null ? <span className="muted">unknown</span> : lead.hasContactForm ? 'yes' : 'no'}</dd>
            <dt>Campaign</dt>
            <dd>{campaign ? <Link to={`/campaigns/${campaign.id}`}>{campaign.name}</Link> : <span className="muted">none (imported)</span>}</dd>
            <dt>First seen</dt>
            <dd>
              <UtcTime at={lead.firstSeenAt} />
            </dd>
            <dt>Last seen</dt>
            <dd>
              <UtcTime at={lead.lastSeenAt} />
            </dd>
            {lead.socialLinks.length > 0 ? (
              <>
                <dt>Social</dt>
                <dd>
                  {lead.socialLinks.map((link) => (
                    <a key={link} href={link} rel="noreferrer noopener" target="_blank" className="social-link">{link}</a>
                  ))}
                </dd>
              </>
            ) : null}
          </dl>
          {lead.description ? <p className="lead-description">{lead.description}</p> : null}
        </section>
        <section className="card" aria-labelledby="lead-score-heading">
          <h2 id="lead-score-heading">Score {lead.score} — why</h2>
          <ScoreReasons reasons={lead.scoreReasons} />
        </section>
        {health ? (
          <section className="card" aria-labelledby="lead-health-heading" data-testid="lead-health">
            <h2 id="lead-health-heading">Relationship health</h2>
            <p className="lead-score-block">
              <HealthPill status={health.status} label={health.statusLabel} /> <ScoreBadge score={health.score} />
            </p>
            <HealthReasons reasons={health.reasons} />
            <p className="muted small">
              Scored <UtcTime at={health.computedAt} /> from its emails, replies and calls. <Link to="/health">All leads’ health</Link>
            </p>
          </section>
        ) : null}
        <section className="card" aria-labelledby="lead-contacts-heading">
          <h2 id="lead-contacts-heading">Contacts</h2>
          <ContactList contacts={lead.contacts} />
          <ListedOf listed={lead.contacts.length} total={lead.contactCount} noun="contacts" />
        </section>
        <section className="card wide timeline-panel" aria-labelledby={`timeline-${lead.id}`}>
          <IgnoredFiltersNote message={ignored} />
          <LeadTimeline initial={timeline} liveCampaignId={lead.campaignId} />
        </section>
        {formSends.length > 0 ? (
          <section className="card wide" aria-labelledby="lead-forms-heading">
            <h2 id="lead-forms-heading">Contact form submissions</h2>
            <ul className="plain-list">
              {formSends.map((send) => (
                <li key={send.id} data-testid={`form-send-${send.id}`}>
                  <strong>{send.formOutcome ? CONTACT_FORM_OUTCOME_LABELS[send.formOutcome] : `Waiting (${send.status})`}</strong> · step {send.stepId}
                  {send.sentAt ? (
                    <>
                      {' · '}
                      <UtcTime at={send.sentAt} />
                    </>
                  ) : null}
                  {send.formUrl ? (
                    <>
                      {' · '}
                      <a href={send.formUrl} rel="noreferrer noopener" target="_blank">{send.formUrl}</a>
                    </>
                  ) : null}
                  {send.failure && send.formOutcome !== 'submitted' ? <p className="small muted">{send.failure}</p> : null}
                  {send.hasScreenshot ? (
                    <p className="small">
                      <a href={`/sends/${send.id}/screenshot.png`} target="_blank" rel="noreferrer">Screenshot of the page</a>
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <section className="card wide" aria-labelledby="lead-sources-heading">
          <h2 id="lead-sources-heading">Sources</h2>
          <SourceList sources={lead.sources} detailed />
          <ListedOf listed={lead.sources.length} total={lead.sourceCount} noun="sources" />
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/leads" backLabel="Back to all leads" />;
}

/** Said under a list the server cut short (a lead found again and again has thousands of sources). */
function ListedOf({ listed, total, noun }: { listed: number; total: number; noun: string }) {
  if (total <= listed) return null;
  return (
    <p className="muted small" data-testid={`lead-${noun}-more`}>
      The first {listed} of {formatNumber(total)} {noun}, in the order they were found.
    </p>
  );
}
