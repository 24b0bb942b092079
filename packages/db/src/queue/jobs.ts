import { setLocalStatementTimeout, type Db, type Sql } from '../client.ts';
import { QUEUE_SCHEMA } from './boss.ts';

/** Which jobs a reader may see: whole queues of the installation, and a workspace's jobs in the queues that carry one. */
export interface JobVisibility {
  workspaceId: string;
  /** Queues whose payloads carry a workspaceId: only this workspace's jobs are read. */
  workspaceQueues: readonly string[];
  /** Queues without a workspace: every job is read. */
  installationQueues: readonly string[];
  /** Only jobs created within this many hours. */
  windowHours: number;
}

export interface JobRow {
  queue: string;
  id: string;
  state: string;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  /** created_on to the microsecond, for the keyset cursor (a Date keeps milliseconds only). */
  createdOnExact: string;
  startedOn: Date | null;
  completedOn: Date | null;
  /** The payload and output as stored: callers reduce them before anything leaves the server. */
  data: unknown;
  output: unknown;
}

export interface JobListFilter {
  queues: readonly string[];
  states: readonly string[] | null;
  /** The last job of the previous page. */
  before: { createdOn: string; id: string } | null;
  limit: number;
}

export interface JobStateCount {
  queue: string;
  state: string;
  count: number;
}

const job = (sql: Db) => sql`${sql(QUEUE_SCHEMA)}.job`;

function visibleTo(sql: Db, visibility: JobVisibility) {
  return sql`(j.name <> all(${visibility.workspaceQueues as string[]}::text[]) or j.data ->> 'workspaceId' = ${visibility.workspaceId})
    and j.created_on > now() - make_interval(hours => ${visibility.windowHours})`;
}

/**
 * Newest jobs first, one keyset page. Each queue is read on its own through pg-boss's (name,
 * created_on) index and stops at `limit + 1`, so a page costs at most that many rows per queue
 * however many jobs are stored (the window bounds what a filter that matches nothing scans).
 */
export async function listJobs(sql: Db, visibility: JobVisibility, filter: JobListFilter): Promise<JobRow[]> {
  const allowed = new Set([...visibility.workspaceQueues, ...visibility.installationQueues]);
  const queues = filter.queues.filter((queue) => allowed.has(queue));
  if (queues.length === 0) return [];
  // Compared as pg-boss's enum, not as text, so the (name, state, created_on) index serves a state filter.
  const states = filter.states ? sql`and j.state = any(${filter.states as string[]}::${sql(QUEUE_SCHEMA)}.job_state[])` : sql``;
  const before = filter.before ? sql`and (j.created_on, j.id) < (${filter.before.createdOn}::timestamptz, ${filter.before.id}::uuid)` : sql``;
  // Each queue's candidates are keys only; the payload and output are read for the page's own jobs.
  return sql<JobRow[]>`
    with page as (
      select candidate.name, candidate.id, candidate.created_on from unnest(${queues}::text[]) as q(name)
      cross join lateral (
        select j.name, j.id, j.created_on
        from ${job(sql)} j
        where j.name = q.name and ${visibleTo(sql, visibility)} ${states} ${before}
        order by j.created_on desc, j.id desc
        limit ${filter.limit + 1}
      ) candidate
      order by candidate.created_on desc, candidate.id desc
      limit ${filter.limit + 1}
    )
    select j.name as queue, j.id, j.state::text as state, j.retry_count as "retryCount", j.retry_limit as "retryLimit",
      j.created_on as "createdOn", to_char(j.created_on at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "createdOnExact",
      j.started_on as "startedOn", j.completed_on as "completedOn", j.data, j.output
    from page join ${job(sql)} j on j.name = page.name and j.id = page.id
    order by page.created_on desc, page.id desc`;
}

/** Jobs per queue and state, created within the window. */
export async function countJobsByState(sql: Db, visibility: JobVisibility): Promise<JobStateCount[]> {
  const queues = [...visibility.workspaceQueues, ...visibility.installationQueues];
  if (queues.length === 0) return [];
  return sql<JobStateCount[]>`
    select j.name as queue, j.state::text as state, count(*)::int as count
    from ${job(sql)} j
    where j.name = any(${queues}::text[]) and ${visibleTo(sql, visibility)}
    group by j.name, j.state
    order by j.name, j.state`;
}

export interface JobRef {
  queue: string;
  id: string;
  state: string;
  createdOn: Date;
  /** The payload's workspaceId, when it names one. */
  workspaceId: string | null;
  /** The payload as stored: callers reduce it before anything leaves the server. */
  data: unknown;
}

/** One job by queue and id (its primary key), or undefined. */
export async function findJob(sql: Db, queue: string, id: string): Promise<JobRef | undefined> {
  const [row]: [JobRef?] = await sql`
    select j.name as queue, j.id, j.state::text as state, j.created_on as "createdOn", j.data ->> 'workspaceId' as "workspaceId", j.data
    from ${job(sql)} j where j.name = ${queue} and j.id = ${id}::uuid`;
  return row;
}

/** Any uuid-shaped workspaceId a payload names (producers check theirs; a hand-made job may carry anything). */
const payloadWorkspace = (sql: Db) => sql`case when j.data ->> 'workspaceId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (j.data ->> 'workspaceId')::uuid end`;

/**
 * Stores the jobs created within the window per queue, state and the workspace their payload names,
 * replacing the last counts, for the Jobs page to read instead of counting on each load.
 */
export async function storeJobCounts(sql: Sql, windowHours: number): Promise<{ rows: number }> {
  return sql.begin(async (tx) => {
    await tx`delete from job_counts`;
    const rows = await tx`
      insert into job_counts (queue, state, workspace_id, jobs)
      select j.name, j.state::text, ${payloadWorkspace(tx)}, count(*)::int
      from ${job(tx)} j
      where j.created_on > now() - make_interval(hours => ${windowHours}) and not starts_with(j.name, '__pgboss')
      group by 1, 2, 3`;
    await tx`
      insert into job_counts_taken (singleton, counted_at, window_hours) values (true, now(), ${windowHours})
      on conflict (singleton) do update set counted_at = excluded.counted_at, window_hours = excluded.window_hours`;
    return { rows: rows.count };
  });
}

export interface StoredJobCounts {
  /** What the reader may see, summed per queue and state. */
  counts: JobStateCount[];
  countedAt: Date;
  /** Every job of the window, all queues and workspaces: whether the installation is past quick counting. */
  windowJobs: number;
}

/** The stored counts, with when they were taken; null before the first (or for another window). */
export async function readStoredJobCounts(sql: Db, visibility: JobVisibility): Promise<StoredJobCounts | null> {
  const rows = await sql<{ queue: string | null; state: string | null; count: number; countedAt: Date; windowJobs: number }[]>`
    select c.queue, c.state, coalesce(sum(c.jobs) filter (where c.queue = any(${visibility.installationQueues as string[]}::text[])
         or (c.queue = any(${visibility.workspaceQueues as string[]}::text[]) and c.workspace_id = ${visibility.workspaceId})), 0)::int as count,
      t.counted_at as "countedAt", (select coalesce(sum(jobs), 0)::int from job_counts) as "windowJobs"
    from job_counts_taken t
    left join job_counts c on true
    where t.window_hours = ${visibility.windowHours}
    group by c.queue, c.state, t.counted_at
    order by c.queue, c.state`;
  const [first] = rows;
  if (!first) return null;
  const counts = rows.filter((row): row is typeof row & { queue: string; state: string } => row.queue !== null && row.state !== null && row.count > 0);
  return { counts: counts.map(({ queue, state, count }) => ({ queue, state, count })), countedAt: first.countedAt, windowJobs: first.windowJobs };
}

/** Serializes the index builds of processes starting together (web and worker). */
const JOB_INDEX_LOCK_KEY = 7_301_994_118;

/**
 * The Jobs page's index on pg-boss's job table: a state filter reads that state's jobs newest first
 * instead of every job of the window. pg-boss owns the table and installs it as it starts, after
 * Switchboard's migrations run, so this is called once pg-boss has started. On the partitioned parent,
 * so Postgres builds it on job_common and on any queue's own partition as pg-boss attaches one; pg-boss's
 * schema check lists it as an extra index, which it does not treat as drift.
 */
export async function ensureJobListIndex(sql: Sql): Promise<void> {
  await sql.begin(async (tx) => {
    // The first build reads every stored job: a request pool's statement timeout must not cut it short.
    await setLocalStatementTimeout(tx, 0);
    await tx`select pg_advisory_xact_lock(${JOB_INDEX_LOCK_KEY})`;
    await tx`create index if not exists switchboard_job_name_state_created_on on ${job(tx)} (name, state, created_on)`;
  });
}
