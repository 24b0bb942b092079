import { Form } from '@remix-run/react';
import { TRPCClientError } from '@trpc/client';
import { useState, type FormEvent } from 'react';
import { trpc } from '../utils/trpc.client.ts';
import { waitForLiveEvent } from '../utils/live.ts';

const PONG_TIMEOUT_MS = 10_000;

type PingState =
  | { kind: 'idle' }
  | { kind: 'waiting' }
  | { kind: 'answered'; roundTripMs: number; workerId: string }
  | { kind: 'failed'; message: string };

/**
 * Sends a job to the worker and shows how long the answer took to come back as a live event. Without
 * JavaScript the form still posts, and the job is queued.
 */
export function PingPanel({ sentWithoutScript, refusedWithoutScript }: { sentWithoutScript: boolean; refusedWithoutScript?: string | undefined }) {
  const [state, setState] = useState<PingState>({ kind: 'idle' });

  async function ping(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState({ kind: 'waiting' });
    const startedAt = performance.now();
    try {
      // Listen before sending, so an answer faster than the mutation's own response is not missed.
      const expected = { pingId: '' };
      const answers = new Map<string, { workerId: string; at: number }>();
      const pong = waitForLiveEvent(
        'system.pong',
        (payload) => {
          answers.set(payload.pingId, { workerId: payload.workerId, at: performance.now() });
          return payload.pingId === expected.pingId;
        },
        PONG_TIMEOUT_MS,
      );
      // Observed below only when needed; never an unhandled rejection if the answer came early.
      pong.catch(() => undefined);
      expected.pingId = (await trpc.system.ping.mutate()).pingId;
      const answer = answers.get(expected.pingId) ?? { ...(await pong), at: performance.now() };
      setState({ kind: 'answered', roundTripMs: Math.round(answer.at - startedAt), workerId: answer.workerId });
    } catch (error) {
      setState({
        kind: 'failed',
        message:
          error instanceof Error && error.message === 'timeout'
            ? `No answer within ${PONG_TIMEOUT_MS / 1000} s: is a worker running?`
            : refusalOf(error) ?? 'The ping could not be sent.',
      });
    }
  }

  return (
    <section className="card" aria-labelledby="ping-heading">
      <h2 id="ping-heading">Round trip</h2>
      <p className="muted">Sends a job through the queue; the worker answers with a live event.</p>
      <Form method="post" onSubmit={ping} className="inline-form">
        <input type="hidden" name="intent" value="ping" />
        <button type="submit" className="button" disabled={state.kind === 'waiting'}>
          Ping worker
        </button>
        <output aria-live="polite" data-testid="ping-result">
          {state.kind === 'waiting' && 'Waiting for the worker…'}
          {state.kind === 'answered' && (
            <>
              Round trip {state.roundTripMs} ms <span className="muted">via {state.workerId}</span>
            </>
          )}
          {state.kind === 'failed' && <span className="bad-text">{state.message}</span>}
          {state.kind === 'idle' && sentWithoutScript && 'Ping queued. The answer shows live when JavaScript is on.'}
          {state.kind === 'idle' && refusedWithoutScript && <span className="bad-text">{refusedWithoutScript}</span>}
        </output>
      </Form>
    </section>
  );
}

/** The server's own sentence for a refused ping (one already waiting, say); null for anything else. */
function refusalOf(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
  return status !== undefined && status >= 400 && status < 500 ? error.message : null;
}
