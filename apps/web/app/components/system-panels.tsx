import type { ApiOutputs } from '../utils/api-types.ts';
import { formatAge } from '../utils/format.ts';
import { StatusPill, type Tone } from './status-pill.tsx';

type SystemStatus = ApiOutputs['system']['status'];

const LIVENESS: Record<SystemStatus['liveness'], { tone: Tone; label: string }> = {
  alive: { tone: 'good', label: 'alive' },
  stale: { tone: 'warn', label: 'stale' },
  stopped: { tone: 'bad', label: 'stopped' },
  never_seen: { tone: 'bad', label: 'not seen yet' },
};

/** One worker in the list: a stopped one is usually an earlier run, not an alarm. */
const WORKER_ROW_TONE: Record<SystemStatus['liveness'], Tone> = { alive: 'good', stale: 'warn', stopped: 'neutral', never_seen: 'neutral' };

const PROVIDER_MODE: Record<SystemStatus['providers'][number]['mode'], { tone: Tone; label: string }> = {
  live: { tone: 'good', label: 'live' },
  sandbox: { tone: 'neutral', label: 'sandbox' },
  unavailable: { tone: 'warn', label: 'unavailable' },
  last_test_failed: { tone: 'bad', label: 'saved — last test failed' },
};

export function DatabasePanel({ database }: { database: SystemStatus['database'] }) {
  return (
    <section className="card" aria-labelledby="database-heading">
      <h2 id="database-heading">Database</h2>
      {database.reachable ? (
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <StatusPill tone="good">reachable</StatusPill>
          </dd>
          <dt>Server</dt>
          <dd>{database.version}</dd>
          <dt>Migrations</dt>
          <dd>
            {database.migrations.applied} of {database.migrations.latest} applied
            {database.migrations.pending > 0 ? ` (${database.migrations.pending} pending)` : ''}
          </dd>
        </dl>
      ) : (
        <p>
          <StatusPill tone="bad">unreachable</StatusPill> {database.error}
        </p>
      )}
    </section>
  );
}

export function WorkerPanel({ status, ageMs }: { status: SystemStatus; ageMs: number | null }) {
  const liveness = LIVENESS[status.liveness];
  return (
    <section className="card span-2" aria-labelledby="worker-heading" data-checked-at={status.checkedAt}>
      <h2 id="worker-heading">Worker</h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="worker-liveness">
          <StatusPill tone={liveness.tone}>{liveness.label}</StatusPill>
        </dd>
        <dt>Last heartbeat</dt>
        <dd data-testid="heartbeat-age">{ageMs === null ? 'never' : formatAge(ageMs)}</dd>
        <dt>Processes</dt>
        <dd>{status.workers.filter((worker) => worker.liveness === 'alive').length} alive</dd>
        <dt>Browser</dt>
        <dd data-testid="worker-browser">{status.browser ?? 'not reported yet'}</dd>
      </dl>
      {status.workers.length > 0 ? (
        <div className="table-scroll">
        <table className="table compact">
          <caption className="visually-hidden">Workers</caption>
          <thead>
            <tr>
              <th scope="col">Worker</th>
              <th scope="col">Host / pid</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {status.workers.map((worker) => (
              <tr key={worker.workerId}>
                <td className="mono">{worker.workerId}</td>
                <td>
                  {worker.hostname} / {worker.pid}
                </td>
                <td>{worker.version}</td>
                <td>
                    <StatusPill tone={WORKER_ROW_TONE[worker.liveness]}>{LIVENESS[worker.liveness].label}</StatusPill>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      ) : (
        <p className="muted">No worker has reported yet. Start one with <code>pnpm start</code> (or <code>node apps/worker/src/main.ts</code>).</p>
      )}
    </section>
  );
}

export function QueuesPanel({ queues }: { queues: SystemStatus['queues'] }) {
  return (
    <section className="card wide" aria-labelledby="queues-heading">
      <h2 id="queues-heading">Queues</h2>
      {'error' in queues ? (
        <p>
          <StatusPill tone="bad">unavailable</StatusPill> {queues.error}
        </p>
      ) : queues.length === 0 ? (
        <p className="muted">No queues yet: they appear when the worker starts.</p>
      ) : (
        <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col" className="number">Queued</th>
              <th scope="col" className="number">Deferred</th>
              <th scope="col" className="number">Active</th>
              <th scope="col" className="number">Failed</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((queue) => (
              <tr key={queue.name}>
                <td className="mono">{queue.name}</td>
                <td className="number">{queue.queued}</td>
                <td className="number">{queue.deferred}</td>
                <td className="number">{queue.active}</td>
                <td className={queue.failed > 0 ? 'number bad-text' : 'number'}>{queue.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  );
}

export function ProvidersPanel({ providers }: { providers: SystemStatus['providers'] }) {
  return (
    <section className="card" aria-labelledby="providers-heading">
      <h2 id="providers-heading">Providers</h2>
      <div className="table-scroll">
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Mode</th>
            <th scope="col">Via</th>
          </tr>
        </thead>
        <tbody>
          {providers.map((provider) => (
            <tr key={provider.provider}>
              <td>{provider.provider}</td>
                <td data-testid={`provider-mode-${provider.provider}`}>
                  <StatusPill tone={PROVIDER_MODE[provider.mode].tone}>{PROVIDER_MODE[provider.mode].label}</StatusPill>
                </td>
                <td>
                  {provider.via}
                  {provider.note ? <p className="muted small">{provider.note}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </section>
  );
}
