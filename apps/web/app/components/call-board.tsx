import type { CallStatus } from '@switchboard/core';
import { Form, Link } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { formatDollars, formatElapsed, formatUtcDateTime, formatUtcTime } from '../utils/format.ts';
import { StatusPill, type Tone } from './status-pill.tsx';
import { formatNumber } from '@switchboard/core';

// The board's calls as calls.board returns them; dates may arrive as Date (the loader) or string (JSON).
type When = Date | string;

interface BoardCall {
  id: string;
  campaignId: string;
  leadName: string;
  status: CallStatus;
  statusLabel: string;
  attempt: number;
  startedAt: When | null;
  answeredAt: When | null;
  endedAt: When | null;
  durationS: number | null;
  costUsd: number | null;
}

interface QueuedCall {
  id: string;
  campaignId: string;
  leadName: string;
  attempt: number;
  notBefore: When;
}

const CALL_TONE: Record<CallStatus, Tone> = {
  queued: 'neutral',
  dialing: 'warn',
  ringing: 'warn',
  in_progress: 'good',
  completed: 'good',
  voicemail: 'neutral',
  no_answer: 'warn',
  busy: 'warn',
  failed: 'bad',
  canceled: 'neutral',
};

/**
 * The browser's clock, ticking each second after hydration; the server's render and the first client
 * render both use `renderedAt`, so they agree.
 */
function useTickingNow(renderedAt: number): number {
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** A call's first cells: the lead, linking to the call's page, and on the workspace's board its campaign's board. */
function CallCells({ call, names }: { call: { id: string; campaignId: string; leadName: string }; names: Map<string, string> | null }) {
  return (
    <>
      <td>
        <Link to={`/calls/${call.id}`}>{call.leadName}</Link>
      </td>
      {names ? (
        <td>
          <Link to={`/calls?campaign=${call.campaignId}`}>{names.get(call.campaignId) ?? 'Campaign'}</Link>
        </td>
      ) : null}
    </>
  );
}

/** The header cells CallCells fills. */
function CallHeadings({ names }: { names: Map<string, string> | null }) {
  return (
    <>
      <th scope="col">Lead</th>
      {names ? <th scope="col">Campaign</th> : null}
    </>
  );
}

/**
 * Calls being dialed, ringing or talking, with how long each has been going (from the answer, else
 * the dial), ticking each second here only, so the rest of the page does not render again with it.
 */
export function ActiveCalls({ calls, names, renderedAt }: { calls: BoardCall[]; names: Map<string, string> | null; renderedAt: number }) {
  const now = useTickingNow(renderedAt);
  if (calls.length === 0) return <p className="muted" data-testid="no-active-calls">No call is live right now.</p>;
  return (
    <div className="table-scroll">
      <table className="table call-table" data-testid="active-calls">
        <thead>
          <tr>
            <CallHeadings names={names} />
            <th scope="col">Status</th>
            <th scope="col" className="number wide-only">Attempt</th>
            <th scope="col" className="number">Elapsed</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr key={call.id} data-testid={`call-${call.id}`}>
              <CallCells call={call} names={names} />
              <td>
                <StatusPill tone={CALL_TONE[call.status]}>{call.statusLabel}</StatusPill>
              </td>
              <td className="number wide-only">{call.attempt}</td>
              <td className="number">{call.startedAt ? formatElapsed(now - new Date(call.startedAt).getTime()) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The latest ended calls: outcome, how long the call lasted, what it cost. */
export function RecentCalls({ calls, names }: { calls: BoardCall[]; names: Map<string, string> | null }) {
  if (calls.length === 0) return <p className="muted" data-testid="no-recent-calls">No call has ended yet. Outcomes show here as calls end.</p>;
  return (
    <div className="table-scroll">
      <table className="table call-table" data-testid="recent-calls">
        <thead>
          <tr>
            <CallHeadings names={names} />
            <th scope="col">Outcome</th>
            <th scope="col" className="number">Duration</th>
            <th scope="col" className="number">Cost</th>
            <th scope="col" className="wide-only">Ended</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => {
            // A call nobody (and no voicemail) picked up has no length worth showing.
            const talked = !call.answeredAt ? null : call.durationS !== null ? call.durationS * 1_000 : call.endedAt ? new Date(call.endedAt).getTime() - new Date(call.answeredAt).getTime() : null;
            return (
              <tr key={call.id} data-testid={`call-${call.id}`}>
                <CallCells call={call} names={names} />
                <td>
                  <StatusPill tone={CALL_TONE[call.status]}>{call.statusLabel}</StatusPill>
                </td>
                <td className="number">{talked === null ? '—' : formatElapsed(talked)}</td>
                <td className="number">{call.costUsd === null ? '—' : formatDollars(call.costUsd)}</td>
                <td className="wide-only">{call.endedAt ? formatUtcTime(call.endedAt) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The queued calls due first; an operator may cancel one before it is placed. */
export function QueuedCalls({ calls, total, names, canOperate, busy }: { calls: QueuedCall[]; total: number; names: Map<string, string> | null; canOperate: boolean; busy: boolean }) {
  if (calls.length === 0) return <p className="muted" data-testid="no-queued-calls">Nothing is queued.</p>;
  return (
    <>
      <div className="table-scroll">
        <table className="table" data-testid="queued-calls">
          <thead>
            <tr>
              <CallHeadings names={names} />
              <th scope="col" className="number">Attempt</th>
              <th scope="col">Not before</th>
              {canOperate ? <th scope="col"><span className="visually-hidden">Cancel</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr key={call.id} data-testid={`call-${call.id}`}>
                <CallCells call={call} names={names} />
                <td className="number">{call.attempt}</td>
                <td>{formatUtcDateTime(call.notBefore)}</td>
                {canOperate ? (
                  <td>
                    <Form method="post" preventScrollReset>
                      <input type="hidden" name="callId" value={call.id} />
                      <button type="submit" name="intent" value="cancel" className="link-button" disabled={busy} aria-label={`Cancel the call to ${call.leadName}`}>
                        Cancel
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > calls.length ? <p className="small muted">The {calls.length} due first of {formatNumber(total)} queued.</p> : null}
    </>
  );
}
