import type { Db } from '../client.ts';
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
  const states = filter.states ? sql`and j.state::text = any(${filter.states as string[]}::text[])` : sql``;
  const before = filter.before ? sql`and (j.created_on, j.id) < (${filter.before.createdOn}::timestamptz, ${filter.before.id}::uuid)` : sql``;
  return sql<JobRow[]>`
    select page.* from unnest(${queues}::text[]) as q(name)
    cross join lateral (
      select j.name as queue, j.id, j.state::text as state, j.retry_count as "retryCount", j.retry_limit as "retryLimit",
        j.created_on as "createdOn", to_char(j.created_on at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "createdOnExact",
        j.started_on as "startedOn", j.completed_on as "completedOn", j.data, j.output
      from ${job(sql)} j
      where j.name = q.name and ${visibleTo(sql, visibility)} ${states} ${before}
      order by j.created_on desc, j.id desc
      limit ${filter.limit + 1}
    ) page
    order by page."createdOn" desc, page.id desc
    limit ${filter.limit + 1}`;
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
