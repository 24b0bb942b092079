import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { TRPCError } from '@trpc/server';
import { useCallback, useEffect, useRef, useState } from 'react';
import { PingPanel } from '../components/ping-panel.tsx';
import { DatabasePanel, ProvidersPanel, QueuesPanel, WorkerPanel } from '../components/system-panels.tsx';
import type { ApiOutputs } from '../utils/api-types.ts';
import { useLiveConnection, useLiveEvent } from '../utils/live.ts';
import { trpc } from '../utils/trpc.client.ts';

export const meta: MetaFunction = () => [{ title: 'System · Switchboard' }];

type SystemStatus = ApiOutputs['system']['status'];

export async function loader({ context }: LoaderFunctionArgs) {
  return { status: await context.trpc.system.status() };
}

export async function action({ context }: ActionFunctionArgs) {
  try {
    const { jobId } = await context.trpc.system.ping();
    return { pingQueued: jobId, refused: undefined };
  } catch (error) {
    // A ping already waiting for a worker is said in the panel, answered 200 (the limit is the form's answer,
    // not a failed request; the tRPC API keeps its 429); anything else goes to the error page as before.
    if (!(error instanceof TRPCError) || error.code !== 'TOO_MANY_REQUESTS') throw error;
    return { pingQueued: undefined, refused: error.message };
  }
}

/** The status as last fetched, plus when, so the heartbeat age can keep counting between fetches. */
function useLiveStatus(initial: SystemStatus) {
  const [status, setStatus] = useState(initial);
  const [fetchedAt, setFetchedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const inFlight = useRef(false);

  useEffect(() => {
    setStatus(initial);
    setFetchedAt(Date.now());
  }, [initial]);

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      setStatus(await trpc.system.status.query());
      setFetchedAt(Date.now());
    } catch {
      // The next heartbeat or tick tries again; the page keeps showing the last good status.
    } finally {
      inFlight.current = false;
    }
  }, []);

  useLiveEvent('system.heartbeat', () => void refresh());
  useEffect(() => {
    const ticker = setInterval(() => setNow(Date.now()), 1_000);
    // A slow safety net for queue counts, which change without a heartbeat.
    const poller = setInterval(() => void refresh(), 15_000);
    return () => {
      clearInterval(ticker);
      clearInterval(poller);
    };
  }, [refresh]);

  const ageMs = status.heartbeatAgeMs === null ? null : status.heartbeatAgeMs + Math.max(0, now - fetchedAt);
  return { status, ageMs };
}

export default function SystemPage() {
  const { status: initial } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { status, ageMs } = useLiveStatus(initial);
  const connection = useLiveConnection();

  return (
    <>
      <header className="page-header">
        <div>
          <h1>System</h1>
          <p className="muted">Database, workers, queues and providers, updating live.</p>
        </div>
        <span className={`live-indicator live-${connection}`} data-testid="live-connection">
          {connection === 'ended' ? (
            <>
              Session ended: <a href="/sign-in">sign in again</a>
            </>
          ) : connection === 'live' ? (
            'Live'
          ) : connection === 'connecting' ? (
            'Connecting…'
          ) : (
            'Reconnecting…'
          )}
        </span>
      </header>
      <div className="grid">
        <DatabasePanel database={status.database} />
        <WorkerPanel status={status} ageMs={ageMs} />
        <PingPanel sentWithoutScript={Boolean(actionData?.pingQueued)} refusedWithoutScript={actionData?.refused} />
        <ProvidersPanel providers={status.providers} />
        <QueuesPanel queues={status.queues} />
      </div>
    </>
  );
}
