import { ACTIVE_CALL_STATUSES, endedReasonInWords, FINAL_CALL_STATUSES, type CallStatus } from '@switchboard/core';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useRouteLoaderData, useSearchParams } from '@remix-run/react';
import { Fragment } from 'react';
import { CallTranscript } from '../components/call-transcript.tsx';
import { ConfirmPanel } from '../components/confirm-panel.tsx';
import { ElapsedTimer, formatClock } from '../components/elapsed-timer.tsx';
import { FormMessage } from '../components/field.tsx';
import { RouteErrorPage } from '../components/route-error.tsx';
import { StatusPill, type Tone } from '../components/status-pill.tsx';
import type { loader as rootLoader } from '../root.tsx';
import { analysisFacts } from '../utils/call-analysis.ts';
import { formatUtcDateTime } from '../utils/format.ts';
import { useRevalidateOnLiveEvent } from '../utils/live-revalidate.ts';
import { requestError, throwRequestError, formAnswerStatus } from '../utils/request-errors.server.ts';

// The file is `calls_.$callId` so the page stands on its own, whatever /calls itself renders.

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.call.leadName ? `Call to ${loaded.call.leadName}` : 'Call'} · Switchboard` }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOT_FOUND = 'That call does not exist in this workspace.';

export async function loader({ params, context }: LoaderFunctionArgs) {
  const callId = String(params.callId);
  // A mistyped link is a call that is not there, not a bad request.
  if (!UUID.test(callId)) throw new Response(NOT_FOUND, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  try {
    return { call: await context.trpc.calls.get({ callId }) };
  } catch (error) {
    throwRequestError(error);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const callId = String(params.callId);
  if (form.get('intent') !== 'cancel') return { message: 'Nothing to do: the form asked for no known action.' };
  try {
    await context.trpc.calls.cancel({ callId });
  } catch (error) {
    const problem = requestError(error);
    if (!problem) throw error;
    return data({ message: problem.message }, { status: formAnswerStatus(problem.status) });
  }
  return redirect(`/calls/${callId}`);
}

const TONES: Readonly<Record<CallStatus, Tone>> = {
  queued: 'neutral',
  dialing: 'warn',
  ringing: 'warn',
  in_progress: 'good',
  completed: 'good',
  no_answer: 'neutral',
  busy: 'neutral',
  voicemail: 'neutral',
  failed: 'bad',
  canceled: 'neutral',
};

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
const when = (at: Date | null) => (at ? formatUtcDateTime(at) : '—');

function isLive(status: CallStatus): boolean {
  return (ACTIVE_CALL_STATUSES as readonly CallStatus[]).includes(status);
}

function isEnded(status: CallStatus): boolean {
  return (FINAL_CALL_STATUSES as readonly CallStatus[]).includes(status);
}

export default function CallPage() {
  const { call } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const canOperate = useRouteLoaderData<typeof rootLoader>('root')?.can.operate ?? false;
  useRevalidateOnLiveEvent(['calls.changed', 'calls.transcript'], (payload) => payload.callId === call.id);
  const live = isLive(call.status);
  const ended = isEnded(call.status);
  // Whose report fills the summary and transcript: a sandbox call's comes from the sandbox caller, not Vapi.
  const reporter = call.sandbox ? 'the sandbox caller' : 'Vapi';
  const cancelable = canOperate && call.status === 'queued';
  const confirming = cancelable && (params.get('confirm') === 'cancel' || result !== undefined);
  const startedAt = call.answeredAt ?? call.dialingAt;
  const reason = endedReasonInWords(call.endedReason);
  return (
    <>
      <p className="breadcrumb">
        {/* Back to the campaign's own board, where the operator came from. */}
        <Link to="/calls">Calls</Link> › <Link to={`/calls?campaign=${call.campaignId}`}>{call.campaignName}</Link> ›
      </p>
      <header className="page-header">
        <div>
          <h1 className="break-anywhere">Call to {call.leadName}</h1>
          <p className="muted break-anywhere">
            <Link to={`/leads/${call.leadId}`}>{call.leadName}</Link> · {call.toNumber} · campaign{' '}
            <Link to={`/campaigns/${call.campaignId}/outreach`}>{call.campaignName}</Link> · attempt {call.attempt}
          </p>
        </div>
        <div className="call-status" data-testid="call-status">
          <StatusPill tone={TONES[call.status]}>{call.statusLabel}</StatusPill>
          {live && startedAt ? <ElapsedTimer since={startedAt} suffix={call.answeredAt ? 'since answered' : 'since dialing began'} /> : null}
        </div>
      </header>
      {cancelable && !confirming ? (
        <p>
          <Link to="?confirm=cancel" className="secondary-button" preventScrollReset>
            Cancel this call
          </Link>
        </p>
      ) : null}
      {confirming ? (
        <ConfirmPanel
          question={`Cancel the queued call to ${call.leadName}?`}
          detail={<>It will not be placed. Its attempt ends as canceled; no further attempt is queued.{result ? <FormMessage message={result.message} /> : null}</>}
          confirmLabel="Cancel the call"
          cancelTo="."
          tone="danger"
        >
          <input type="hidden" name="intent" value="cancel" />
        </ConfirmPanel>
      ) : null}
      {!confirming && result ? <FormMessage message={result.message} /> : null}
      <div className="grid">
        <section className="card span-2" aria-labelledby="call-outcome-heading">
          <h2 id="call-outcome-heading">Outcome</h2>
          <dl className="facts">
            <dt>Status</dt>
            <dd>{call.statusLabel}</dd>
            {reason ? (
              <>
                <dt>Why it ended</dt>
                <dd className="break-anywhere">{reason}</dd>
              </>
            ) : null}
            {call.failure ? (
              <>
                <dt>Note</dt>
                <dd className="break-anywhere">{call.failure}</dd>
              </>
            ) : null}
            <dt>Duration</dt>
            <dd>{call.durationS !== null ? formatClock(call.durationS) : ended ? 'Not reported' : 'Still going'}</dd>
            <dt>Cost</dt>
            <dd>{call.costUsd !== null ? usd.format(call.costUsd) : ended ? 'Not reported' : 'Known when the call ends'}</dd>
            {call.assistantHangs > 0 ? (
              <>
                <dt>Assistant delays</dt>
                <dd>
                  Vapi reported the assistant kept the caller waiting {call.assistantHangs === 1 ? 'once' : `${call.assistantHangs} times`}
                  {call.lastAssistantHangAt ? ` (last at ${when(call.lastAssistantHangAt)})` : ''}.
                </dd>
              </>
            ) : null}
          </dl>
          <h3 className="small">Recording</h3>
          <p>
            {call.recordingUrl ? (
              <a href={call.recordingUrl} target="_blank" rel="noreferrer noopener">
                Listen to the recording
              </a>
            ) : call.sandbox ? (
              'No recording: this was a sandbox call, so nothing was recorded.'
            ) : ended ? (
              'Vapi reported no recording for this call.'
            ) : (
              'A recording link comes with Vapi’s report when the call ends.'
            )}
          </p>
        </section>
        <section className="card" aria-labelledby="call-timings-heading">
          <h2 id="call-timings-heading">Timings</h2>
          <dl className="facts">
            <dt>Queued</dt>
            <dd>{when(call.createdAt)}</dd>
            {call.status === 'queued' ? (
              <>
                <dt>Not before</dt>
                <dd>{when(call.notBefore)}</dd>
              </>
            ) : null}
            <dt>Dialing</dt>
            <dd>{when(call.dialingAt)}</dd>
            <dt>Ringing</dt>
            <dd>{when(call.ringingAt)}</dd>
            <dt>Answered</dt>
            <dd>{when(call.answeredAt)}</dd>
            <dt>Ended</dt>
            <dd>{when(call.endedAt)}</dd>
          </dl>
        </section>
        <section className="card wide" aria-labelledby="call-summary-heading">
          <h2 id="call-summary-heading">Summary and analysis</h2>
          <p className="break-anywhere">{call.summary ?? (ended ? `${call.sandbox ? 'The sandbox caller' : 'Vapi'} reported no summary for this call.` : `The summary comes with ${reporter}’s report when the call ends.`)}</p>
          <CallAnalysis analysis={call.analysis} />
        </section>
        <section className="card wide" aria-labelledby="call-transcript-heading">
          <div className="card-header">
            <h2 id="call-transcript-heading">Transcript</h2>
            {live && call.transcript === null ? <span className="muted small">Live: lines appear as they are spoken.</span> : null}
          </div>
          <CallTranscript
            reported={call.transcript}
            live={call.liveTranscript}
            answeredAt={call.answeredAt}
            reporter={reporter}
            empty={ended ? `No transcript: nothing was said on this call, or ${reporter} reported none.` : 'The transcript appears here line by line once the call is answered.'}
          />
        </section>
      </div>
    </>
  );
}

/** Vapi's structured analysis: the structured data's fields and the success evaluation, in words. */
function CallAnalysis({ analysis }: { analysis: Record<string, unknown> | null }) {
  const facts = analysisFacts(analysis);
  if (facts.length === 0) return <p className="muted small">No structured analysis.</p>;
  return (
    <dl className="facts" data-testid="call-analysis">
      {facts.map(({ label, value }, index) => (
        <Fragment key={`${index}-${label}`}>
          <dt className="break-anywhere">{label}</dt>
          <dd className="break-anywhere">{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backTo="/calls" backLabel="Back to calls" />;
}
