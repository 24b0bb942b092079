import { Link } from '@remix-run/react';
import type { ApiOutputs } from '../utils/api-types.ts';
import { StatusPill, type Tone } from './status-pill.tsx';
import { UtcTime } from './utc-time.tsx';

type Overview = ApiOutputs['jobs']['overview'];
type JobItem = ApiOutputs['jobs']['list']['jobs'][number];

/** pg-boss's state names, in the words the page uses. */
export const JOB_STATE_LABELS: Readonly<Record<string, string>> = {
  created: 'queued',
  retry: 'retrying',
  active: 'active',
  completed: 'completed',
  cancelled: 'cancelled',
  failed: 'failed',
};

/** A state as a column heading, capitalised as every other table's headings are ("Queue", "Queued"). */
const columnHeading = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

const STATE_TONES: Readonly<Record<string, Tone>> = {
  created: 'neutral',
  retry: 'warn',
  active: 'good',
  completed: 'good',
  cancelled: 'neutral',
  failed: 'bad',
};

const COUNT_COLUMNS = ['created', 'retry', 'active', 'failed', 'completed', 'cancelled'] as const;

export function JobStatePill({ state }: { state: string }) {
  return <StatusPill tone={STATE_TONES[state] ?? 'neutral'}>{JOB_STATE_LABELS[state] ?? state}</StatusPill>;
}

const when = (at: string | null) => (at ? <UtcTime at={at} /> : '—');

export function QueueCountsPanel({ overview }: { overview: Overview }) {
  return (
    <section className="card wide" aria-labelledby="job-counts-heading">
      <h2 id="job-counts-heading">Queues</h2>
      <p className="muted">
        Jobs created in the last {overview.windowHours} hours, by state
        {overview.installationJobs ? ': this workspace’s, and the installation’s own.' : ': this workspace’s only (jobs of no workspace are for instance owners).'}
      </p>
      {overview.countedAt ? (
        <p className="muted" data-testid="job-counts-taken" title="Counting every job on each page load would make the page slow: the worker stores the counts every minute.">
          Counted at <UtcTime at={overview.countedAt} />, not live: the counts are stored every minute.
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Queue</th>
              {COUNT_COLUMNS.map((state) => (
                <th key={state} scope="col" className="number">
                  {columnHeading(JOB_STATE_LABELS[state] ?? state)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {overview.queues.map((queue) => (
              <tr key={queue.queue}>
                <td className="mono">
                  <Link to={`?queue=${encodeURIComponent(queue.queue)}`}>{queue.queue}</Link>
                  {queue.scope === 'installation' ? <span className="muted"> (installation)</span> : null}
                </td>
                {COUNT_COLUMNS.map((state) => (
                  <td key={state} className={state === 'failed' && queue.counts.failed > 0 ? 'number bad-text' : 'number'}>
                    {state === 'failed' && queue.counts.failed > 0 ? (
                      <Link to={`?queue=${encodeURIComponent(queue.queue)}&state=failed`}>{queue.counts.failed}</Link>
                    ) : (
                      queue.counts[state]
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function SchedulesPanel({ schedules }: { schedules: Overview['schedules'] }) {
  return (
    <section className="card wide" aria-labelledby="job-schedules-heading">
      <h2 id="job-schedules-heading">Schedules</h2>
      <p className="muted">Registered by the worker when it starts. pg-boss does not say when each runs next; the cron expression does.</p>
      {schedules.length === 0 ? (
        <p className="muted">No schedules yet: they appear once a worker has started.</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Cron</th>
                <th scope="col">Time zone</th>
                <th scope="col">Last run</th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((schedule) => (
                <tr key={schedule.queue}>
                  <td className="mono">{schedule.queue}</td>
                  <td className="mono nowrap">{schedule.cron}</td>
                  <td>{schedule.timezone}</td>
                  <td>
                    {schedule.lastRunAt ? (
                      <>
                        {when(schedule.lastRunAt)} {schedule.lastRunState ? <JobStatePill state={schedule.lastRunState} /> : null}
                      </>
                    ) : (
                      <span className="muted">none kept</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function JobAbout({ summary }: { summary: JobItem['summary'] }) {
  const entries = Object.entries(summary);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {entries.map(([field, id]) => (
        <span key={field} className="mono" title={id}>
          {`${field} ${id.slice(0, 8)} `}
        </span>
      ))}
    </>
  );
}

/** The recent jobs, newest first; `retryHref` builds the link that asks to confirm a retry. */
export function JobsTable({ jobs, retryHref }: { jobs: JobItem[]; retryHref: (job: JobItem) => string }) {
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">State</th>
            <th scope="col" className="number">Retries</th>
            <th scope="col">Created</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
            <th scope="col">About</th>
            <th scope="col">Error</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={`${job.queue}:${job.id}`} data-testid="job-row">
              <td className="mono nowrap" title={job.id}>
                {job.queue}
              </td>
              <td>
                <JobStatePill state={job.state} />
              </td>
              <td className="number">
                {`${job.retryCount}/${job.retryLimit}`}
              </td>
              <td className="nowrap">{when(job.createdAt)}</td>
              <td className="nowrap">{when(job.startedAt)}</td>
              <td className="nowrap">{when(job.finishedAt)}</td>
              <td>
                <JobAbout summary={job.summary} />
              </td>
              <td className={job.error ? 'job-error bad-text' : undefined}>{job.error ?? ''}</td>
              <td>
                {job.retryable ? (
                  <Link to={retryHref(job)} className="secondary-button" preventScrollReset>
                    Retry
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
