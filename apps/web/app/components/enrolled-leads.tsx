import { Link } from '@remix-run/react';
import { useEffect } from 'react';
import type { ApiOutputs } from '../utils/api-types.ts';
import { useLiveEvent, useLiveReconnect } from '../utils/live.ts';
import { useSerialRefresh } from '../utils/serial-refresh.ts';
import { trpc } from '../utils/trpc.client.ts';
import { LeadTimeline, type LeadTimelineData } from './lead-timeline.tsx';
import { StatusPill, type Tone } from './status-pill.tsx';
import { formatNumber } from '@switchboard/core';

type Enrolled = ApiOutputs['outreach']['enrolledLeads'];

const STATUS_TONES: Record<Enrolled['leads'][number]['status'], Tone> = { active: 'good', paused: 'neutral', completed: 'neutral', stopped: 'warn' };

/**
 * The campaign's leads in its sequence, refetched when its outreach changes. A row opens that lead's
 * timeline below the table (`?lead=…`, so the view can be shared and works without JavaScript).
 */
export function EnrolledLeads({ campaignId, enrolled: initial, timeline }: { campaignId: string; enrolled: Enrolled; timeline: LeadTimelineData | null }) {
  const { value: enrolled, refresh } = useSerialRefresh(initial, () => trpc.outreach.enrolledLeads.query({ campaignId, page: initial.page }));
  useLiveEvent('outreach.changed', (payload) => {
    if (payload.campaignId === campaignId) void refresh();
  });
  useLiveReconnect(() => void refresh());
  useEffect(() => {
    void refresh();
  }, [campaignId, initial.page]);
  const link = (params: { lead?: string; page?: number }) => {
    const search = new URLSearchParams();
    if (params.lead) search.set('lead', params.lead);
    if ((params.page ?? 1) > 1) search.set('leads', String(params.page));
    const query = search.toString();
    return query ? `?${query}` : '.';
  };
  const selected = timeline ? enrolled.leads.find((lead) => lead.leadId === timeline.leadId) : undefined;
  return (
    <section className="card wide" aria-labelledby="enrolled-heading">
      <h2 id="enrolled-heading">Leads in the sequence ({formatNumber(enrolled.total)})</h2>
      {enrolled.leads.length === 0 ? (
        <p className="empty-state">No lead is in the sequence yet. Start outreach and every approved lead with an email address shows here, with what was sent to it.</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="enrolled-leads">
            <thead>
              <tr>
                <th scope="col">Lead</th>
                <th scope="col">Email</th>
                <th scope="col">Status</th>
                <th scope="col">Next step</th>
                <th scope="col" className="number">Emails</th>
                <th scope="col" className="number">Contact forms</th>
              </tr>
            </thead>
            <tbody>
              {enrolled.leads.map((lead) => (
                <tr key={lead.leadId} aria-current={timeline?.leadId === lead.leadId ? 'true' : undefined}>
                  <td>
                    <Link to={link({ lead: lead.leadId, page: enrolled.page })} preventScrollReset aria-label={`Timeline of ${lead.leadName}`}>
                      {lead.leadName}
                    </Link>
                  </td>
                  <td className="break-anywhere">{lead.email ?? <span className="muted">Contact form only</span>}</td>
                  <td>
                    <StatusPill tone={STATUS_TONES[lead.status]}>{lead.stopReasonLabel ? `Stopped: ${lead.stopReasonLabel}` : lead.status}</StatusPill>
                  </td>
                  <td>{lead.stepId ?? '—'}</td>
                  <td className="number">{lead.emails}</td>
                  <td className="number">{lead.forms}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {enrolled.pageCount > 1 ? (
        <nav className="pager" aria-label="Pages of leads">
          {enrolled.page > 1 ? <Link to={link({ page: enrolled.page - 1 })}>Previous</Link> : null}
          <span className="muted">
            Page {enrolled.page} of {enrolled.pageCount}
          </span>
          {enrolled.page < enrolled.pageCount ? <Link to={link({ page: enrolled.page + 1 })}>Next</Link> : null}
        </nav>
      ) : null}
      {timeline ? (
        <div className="timeline-panel stack" data-testid="campaign-lead-timeline">
          <p className="step-toolbar">
            <strong>{selected?.leadName ?? 'Lead'}</strong>
            <span>
              <Link to={`/leads/${timeline.leadId}`}>Lead page</Link> · <Link to={link({ page: enrolled.page })} preventScrollReset>Close</Link>
            </span>
          </p>
          <LeadTimeline key={timeline.leadId} initial={timeline} campaignId={campaignId} headingLevel={3} />
        </div>
      ) : null}
    </section>
  );
}
