import { Link, useSearchParams } from '@remix-run/react';
import { useEffect } from 'react';
import type { ApiOutputs } from '../utils/api-types.ts';
import { useLiveEvent, useLiveReconnect } from '../utils/live.ts';
import { useSerialRefresh } from '../utils/serial-refresh.ts';
import { timelinePageLink, timelineStartQuery } from '../utils/timeline-page.ts';
import { trpc } from '../utils/trpc.client.ts';
import { SandboxLabel } from './sandbox-label.tsx';
import { StatusPill, type Tone } from './status-pill.tsx';
import { UtcTime } from './utc-time.tsx';
import { formatNumber } from '@switchboard/core';

export type LeadTimelineData = ApiOutputs['leads']['timeline'];
type Entry = LeadTimelineData['entries'][number];
type SendEntry = Extract<Entry, { entry: 'send' }>;

function sendTone(send: SendEntry): Tone {
  if (send.status === 'failed' || send.delivery === 'bounced' || send.delivery === 'complained') return 'bad';
  if (send.status === 'skipped') return 'warn';
  if (send.status === 'sent') return 'good';
  if (send.status === 'retrying') return 'warn';
  return 'neutral';
}

/**
 * What was sent to a lead and what came back, oldest first, refetched whenever outreach changes (a
 * send goes out, a provider event or a reply comes in). `campaignId` keeps it to one campaign. "Show
 * older" links to the page before (in the URL, so it works without JavaScript and can be shared).
 */
export function LeadTimeline({
  initial,
  campaignId,
  liveCampaignId,
  headingLevel = 2,
}: {
  initial: LeadTimelineData;
  campaignId?: string;
  /** Without `campaignId`: the campaign whose events may change this lead (a lead is enrolled only by its own campaign). */
  liveCampaignId?: string | null;
  headingLevel?: 2 | 3;
}) {
  const leadId = initial.leadId;
  const [params] = useSearchParams();
  const { value: timeline, refresh } = useSerialRefresh(initial, () =>
    trpc.leads.timeline.query({ id: leadId, ...(campaignId ? { campaignId } : {}), ...timelineStartQuery(initial.start) }),
  );
  useLiveEvent('outreach.changed', (payload) => {
    const watched = campaignId ?? liveCampaignId;
    if (!watched || payload.campaignId === watched) void refresh();
  });
  useLiveReconnect(() => void refresh());
  useEffect(() => {
    void refresh();
  }, [leadId, campaignId, initial.start?.sendsBefore, initial.start?.messagesBefore]);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="lead-timeline" data-testid="lead-timeline">
      <Heading id={`timeline-${leadId}`}>Timeline</Heading>
      {timeline.older ? (
        <p className="small muted" data-testid="timeline-older">
          Older entries: {olderShown(timeline.shown, timeline.totals)}. <Link to={timelinePageLink(params, null)} preventScrollReset>Back to the newest</Link>
        </p>
      ) : null}
      {timeline.entries.length === 0 ? (
        <p className="empty-state">
          {timeline.older ? 'Nothing older than the entries on the newer page.' : 'Nothing sent to this lead yet. Once outreach starts, each email and every reply shows here as it happens.'}
        </p>
      ) : (
        <>
          {timeline.more && !timeline.older ? (
            <p className="small muted" data-testid="timeline-shown">
              Showing{' '}
              {[
                timeline.totals.messages > 0 ? shownOf(timeline.shown.messages, timeline.totals.messages, 'message', 'messages') : null,
                timeline.totals.sends > 0 ? shownOf(timeline.shown.sends, timeline.totals.sends, 'email or contact form', 'emails and contact forms') : null,
              ]
                .filter(Boolean)
                .join(' and ')}
              .
              {timeline.shown.messages < timeline.totals.messages ? (
                <>
                  {' '}
                  <Link to={`/inbox?lead=${leadId}`}>All of this lead’s messages, page by page, in the Inbox</Link>
                </>
              ) : null}
            </p>
          ) : null}
          {/* Above the oldest entry shown: the older ones come before it. */}
          {timeline.next ? (
            <p className="timeline-older-link">
              <Link to={timelinePageLink(params, timeline.next)} preventScrollReset className="secondary-button" data-testid="timeline-show-older">
                Show older
              </Link>
            </p>
          ) : null}
          <ol className="timeline" aria-labelledby={`timeline-${leadId}`}>
            {timeline.entries.map((entry) => (entry.entry === 'send' ? <SendItem key={`send-${entry.id}`} send={entry} showCampaign={!campaignId} /> : <MessageItem key={`message-${entry.id}`} message={entry} leadId={leadId} />))}
          </ol>
        </>
      )}
    </div>
  );
}

/** "12 emails and contact forms (of 57) and 3 messages (of 23)": what an older page holds. */
function olderShown(shown: LeadTimelineData['shown'], totals: LeadTimelineData['totals']): string {
  const parts = [
    shown.sends > 0 ? `${formatNumber(shown.sends)} ${shown.sends === 1 ? 'email or contact form' : 'emails and contact forms'} (of ${formatNumber(totals.sends)})` : null,
    shown.messages > 0 ? `${formatNumber(shown.messages)} ${shown.messages === 1 ? 'message' : 'messages'} (of ${formatNumber(totals.messages)})` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' and ') : 'none';
}

/** "the latest 20 of 3,000 messages", or "all 4 messages" when none is left out. */
function shownOf(shown: number, total: number, one: string, many: string): string {
  const noun = total === 1 ? one : many;
  return shown < total ? `the latest ${formatNumber(shown)} of ${formatNumber(total)} ${noun}` : `${total === 1 ? 'the one' : `all ${formatNumber(total)}`} ${noun}`;
}

function SendItem({ send, showCampaign }: { send: SendEntry; showCampaign: boolean }) {
  const form = send.channel === 'form';
  const times: [string, string | null][] = [
    [form ? 'Submitted' : 'Sent', send.sentAt],
    ['Delivered', send.deliveredAt],
    ['Opened', send.openedAt],
    ['Clicked', send.clickedAt],
    ['Bounced', send.bouncedAt],
    ['Complaint', send.complainedAt],
  ];
  return (
    <li className="timeline-item" data-testid={`timeline-send-${send.stepId}`}>
      <p className="timeline-head">
        <strong>
          {form ? 'Contact form' : 'Email'} · step {send.stepId}
        </strong>{' '}
        <StatusPill tone={sendTone(send)}>{send.delivery === 'bounced' ? 'Bounced' : send.delivery === 'complained' ? 'Complaint' : (send.formOutcomeLabel ?? send.statusLabel)}</StatusPill>
      </p>
      <p className="small break-anywhere">
        {send.subject ? <>“{send.subject}” · </> : null}
        {form ? (send.formUrl ? <>on {send.formUrl}</> : 'on the lead’s website') : <>to {send.toAddress}</>}
        {send.mailboxAddress ? <> from {send.mailboxAddress}</> : null}
        {showCampaign ? (
          <>
            {' '}
            · <Link to={`/campaigns/${send.campaignId}/outreach`}>{send.campaignName}</Link>
          </>
        ) : null}
      </p>
      <dl className="timeline-times small">
        {send.sentAt || send.status === 'failed' || send.status === 'canceled' ? null : (
          <div className="timeline-time">
            <dt>Due</dt>
            <dd>
              <UtcTime at={send.notBefore} />
            </dd>
          </div>
        )}
        {times.map(([label, at]) =>
          at ? (
            <div key={label} className="timeline-time">
              <dt>{label}</dt>
              <dd>
                <UtcTime at={at} />
              </dd>
            </div>
          ) : null,
        )}
      </dl>
      {send.failure && send.status !== 'sent' ? <p className="small warn-text break-anywhere">{send.failure}</p> : null}
      {send.outboxId ? (
        <p className="small">
          <Link to={`/outbox/${send.outboxId}`}>Open in the sandbox outbox</Link>
        </p>
      ) : null}
    </li>
  );
}

function MessageItem({ message, leadId }: { message: Extract<Entry, { entry: 'message' }>; leadId: string }) {
  return (
    <li className="timeline-item timeline-message" data-testid="timeline-message">
      <p className="timeline-head">
        <strong>{message.kindLabel}</strong> {message.simulated ? <><SandboxLabel />{' '}</> : null}<span className="small muted">from {message.fromAddress} · <UtcTime at={message.receivedAt} /></span>
      </p>
      {message.subject ? <p className="small break-anywhere">“{message.subject}”</p> : null}
      <pre className="preview-text">{message.text}{message.truncated ? '…' : ''}</pre>
      {message.truncated ? (
        <p className="small">
          {/* The timeline keeps each message's start: the whole one is a page of its own (it can be 100,000 characters). */}
          <Link to={`/leads/${leadId}/messages/${message.id}`} aria-label={`Show all of “${message.subject || 'the message'}” from ${message.fromAddress}`}>
            Show all
          </Link>
        </p>
      ) : null}
    </li>
  );
}
