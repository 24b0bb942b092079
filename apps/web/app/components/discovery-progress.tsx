import { useEffect, useRef } from 'react';
import type { ApiOutputs } from '../utils/api-types.ts';
import { useLiveEvent, useLiveReconnect } from '../utils/live.ts';
import { useSerialRefresh } from '../utils/serial-refresh.ts';
import { trpc } from '../utils/trpc.client.ts';
import { StatusPill, type Tone } from './status-pill.tsx';
import { UtcTime } from './utc-time.tsx';

export type DiscoveryProgress = ApiOutputs['discovery']['progress'];

const RUN_STATUS: Record<DiscoveryProgress['status'], { tone: Tone; label: string }> = {
  running: { tone: 'good', label: 'running' },
  paused: { tone: 'warn', label: 'paused' },
  done: { tone: 'neutral', label: 'done' },
  cancelled: { tone: 'neutral', label: 'cancelled' },
};

const SAFETY_POLL_MS = 10_000;
const KIND_LABELS = { search: 'Web search', places: 'Listings', scrape: 'Website' } as const;

/**
 * The current run's progress as the server rendered it, refetched through tRPC whenever the worker
 * says its counters moved. `onStatusChange` lets the page reload what depends on the run's status
 * (its buttons, the run history).
 */
export function useLiveProgress(initial: DiscoveryProgress, onStatusChange: (status: DiscoveryProgress['status']) => void) {
  const status = useRef(initial.status);
  const statusChanged = useRef(onStatusChange);
  statusChanged.current = onStatusChange;

  useEffect(() => {
    status.current = initial.status;
  }, [initial]);

  const { value: progress, refresh } = useSerialRefresh(
    initial,
    () => trpc.discovery.progress.query({ runId: initial.runId }),
    (next) => {
      if (next.status !== status.current) {
        status.current = next.status;
        statusChanged.current(next.status);
      }
    },
  );

  useLiveEvent('discovery.progress', (payload) => {
    if (payload.runId === initial.runId) void refresh();
  });
  useLiveReconnect(() => void refresh());
  const running = progress.status === 'running';
  useEffect(() => {
    // Events sent before the socket connected are not replayed: catch up once, then keep a slow
    // safety net while the run is busy.
    void refresh();
    if (!running) return;
    const poller = setInterval(() => void refresh(), SAFETY_POLL_MS);
    return () => clearInterval(poller);
  }, [initial.runId, running]);
  return progress;
}

export function DiscoveryProgressPanel({ progress }: { progress: DiscoveryProgress }) {
  const finished = progress.done + progress.failed;
  const percent = progress.total > 0 ? Math.round((finished / progress.total) * 100) : 100;
  const status = RUN_STATUS[progress.status];
  return (
    <div className="discovery-progress" data-testid="discovery-progress" data-status={progress.status}>
      <div className="progress-head">
        <StatusPill tone={status.tone}>{status.label}</StatusPill>
        <span data-testid="progress-tasks">
          {finished} of {progress.total} tasks done
        </span>
        <span className="muted">started <UtcTime at={progress.startedAt} show="time" /></span>
      </div>
      <progress className="progress-bar" max={Math.max(progress.total, 1)} value={finished} aria-label={`Discovery ${percent}% done`}>
        {percent}%
      </progress>
      <dl className="progress-numbers">
        <div>
          <dt>Leads found</dt>
          <dd data-testid="progress-found">{progress.leadsFound}</dd>
        </div>
        <div>
          <dt>Merged into known leads</dt>
          <dd data-testid="progress-merged">{progress.leadsMerged}</dd>
        </div>
        <div>
          <dt>Running</dt>
          <dd>{progress.running}</dd>
        </div>
        <div>
          <dt>Queued</dt>
          <dd>{progress.pending}</dd>
        </div>
        <div>
          <dt>Waiting for quota</dt>
          <dd data-testid="progress-quota" className={progress.waitingQuota > 0 ? 'warn-text' : undefined}>
            {progress.waitingQuota}
          </dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd data-testid="progress-failed" className={progress.failed > 0 ? 'bad-text' : undefined}>
            {progress.failed}
          </dd>
        </div>
      </dl>
      {progress.waitingQuota > 0 && progress.nextRetryAt ? (
        <p className="notice warn-notice">
          {progress.waitingQuota} {progress.waitingQuota === 1 ? 'task waits' : 'tasks wait'} for the provider's quota to reset; the next
          try is at <UtcTime at={progress.nextRetryAt} />.
        </p>
      ) : null}
      {progress.failures.length > 0 ? (
        <details className="failures" open={progress.status !== 'running'}>
          <summary>
            {progress.failed} failed {progress.failed === 1 ? 'task' : 'tasks'} {progress.failed > progress.failures.length ? `(latest ${progress.failures.length})` : ''}
          </summary>
          <div className="table-scroll">
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">What</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {progress.failures.map((failure) => (
                  <tr key={failure.taskId}>
                    <td>{KIND_LABELS[failure.kind]}</td>
                    <td className="small">{failure.label}</td>
                    <td className="small bad-text">{failure.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </div>
  );
}
