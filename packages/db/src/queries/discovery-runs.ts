import { randomUUID } from 'node:crypto';
import {
  Conflict,
  NotFound,
  discoveryRunEventTarget,
  discoveryRunStatusesAllowing,
  type DiscoveryRunEvent,
  type DiscoveryRunStatus,
  type DiscoveryTaskKind,
  type DiscoveryTaskStatus,
} from '@switchboard/core';
import { inTransaction, type Db, type TransactionSql } from '../client.ts';
import { lockForTransaction } from './advisory-locks.ts';

// The statuses and kinds are core's; re-exported so callers of these queries need one import.
export { DISCOVERY_RUN_STATUSES, DISCOVERY_TASK_KINDS, DISCOVERY_TASK_STATUSES } from '@switchboard/core';
export type { DiscoveryRunStatus, DiscoveryTaskKind, DiscoveryTaskStatus } from '@switchboard/core';

/**
 * A task still `running` this long after it started lost its job (the worker died and the job ran
 * out of retries): resuming the run may hand it to a new job.
 */
export const STALE_DISCOVERY_TASK_MS = 15 * 60 * 1000;

export interface DiscoveryRun {
  id: string;
  workspaceId: string;
  campaignId: string;
  status: DiscoveryRunStatus;
  startedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  leadsFound: number;
  leadsMerged: number;
}

export interface DiscoveryTask {
  id: string;
  workspaceId: string;
  runId: string;
  kind: DiscoveryTaskKind;
  input: Record<string, unknown>;
  dedupeKey: string;
  status: DiscoveryTaskStatus;
  reason: string | null;
  attempts: number;
  notBefore: Date | null;
  results: number;
  leadsFound: number;
  leadsMerged: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface NewDiscoveryTask {
  kind: DiscoveryTaskKind;
  /** Stored as JSON: what the task's job needs (query, location, page; or url). */
  input: object;
  /** Same run, kind and key = the same work, done once (e.g. a site's domain for scrape). */
  dedupeKey: string;
}

export interface DiscoveryProgress {
  runId: string;
  campaignId: string;
  status: DiscoveryRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  total: number;
  pending: number;
  running: number;
  done: number;
  failed: number;
  waitingQuota: number;
  /** The earliest time a task waiting for quota may run again. */
  nextRetryAt: Date | null;
  leadsFound: number;
  leadsMerged: number;
  /** The latest 20 failures, newest first. */
  failures: { taskId: string; kind: DiscoveryTaskKind; label: string; reason: string; finishedAt: Date | null }[];
}

const RUN_COLUMNS = (sql: Db) => sql`
  r.id, r.workspace_id as "workspaceId", r.campaign_id as "campaignId", r.status, r.started_by as "startedBy",
  r.started_at as "startedAt", r.finished_at as "finishedAt", r.leads_found as "leadsFound", r.leads_merged as "leadsMerged"`;

const TASK_COLUMNS = (sql: Db) => sql`
  t.id, t.workspace_id as "workspaceId", t.run_id as "runId", t.kind, t.input, t.dedupe_key as "dedupeKey", t.status,
  t.reason, t.attempts, t.not_before as "notBefore", t.results, t.leads_found as "leadsFound",
  t.leads_merged as "leadsMerged", t.created_at as "createdAt", t.started_at as "startedAt", t.finished_at as "finishedAt"`;

// What a failure reads as in the progress panel: the site, or the query and place searched.
const TASK_LABEL = (sql: Db) => sql`
  coalesce(t.input ->> 'label', t.input ->> 'url',
           nullif(concat_ws(' · ', t.input ->> 'query', t.input ->> 'location',
                            case when t.input ? 'page' then 'page ' || (t.input ->> 'page') end), ''),
           t.dedupe_key)`;


function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === '23505' &&
    (error as { constraint_name?: unknown }).constraint_name === constraint
  );
}

/** One id per distinct (kind, dedupe key): duplicates in `tasks` share their first one's id. */
function taskRows(tasks: readonly NewDiscoveryTask[]) {
  const idByKey = new Map<string, string>();
  const ids: string[] = [];
  const rows = { id: [] as string[], kind: [] as string[], input: [] as string[], dedupeKey: [] as string[] };
  for (const task of tasks) {
    const key = `${task.kind}\u0000${task.dedupeKey}`;
    let id = idByKey.get(key);
    if (!id) {
      id = randomUUID();
      idByKey.set(key, id);
      rows.id.push(id);
      rows.kind.push(task.kind);
      rows.input.push(JSON.stringify(task.input));
      rows.dedupeKey.push(task.dedupeKey);
    }
    ids.push(id);
  }
  return { ids, rows };
}

/**
 * Starts a run with its first tasks. `taskIds[i]` is the id of `tasks[i]`. A campaign has at most one
 * running or paused run: a second is a `Conflict`. A run with nothing to do is done at once.
 */
export async function createDiscoveryRun(
  sql: Db,
  input: { workspaceId: string; campaignId: string; startedBy: string | null; tasks: readonly NewDiscoveryTask[] },
): Promise<{ run: DiscoveryRun; taskIds: string[] }> {
  const { ids, rows } = taskRows(input.tasks);
  const empty = rows.id.length === 0;
  return inTransaction(sql, async (tx) => {
    let runId: string;
    try {
      const [row]: [{ id: string }?] = await tx`
        insert into discovery_runs (workspace_id, campaign_id, started_by, status, finished_at)
        select ${input.workspaceId}, c.id, ${input.startedBy}, ${empty ? 'done' : 'running'}, ${empty ? new Date() : null}
        from campaigns c where c.workspace_id = ${input.workspaceId} and c.id = ${input.campaignId}
        returning id`;
      if (!row) throw new NotFound('That campaign does not exist in this workspace.');
      runId = row.id;
    } catch (error) {
      if (isUniqueViolation(error, 'discovery_runs_one_open_idx')) {
        throw new Conflict('A discovery run is already running or paused for this campaign.', { cause: error });
      }
      throw error;
    }
    if (!empty) {
      await tx`
        insert into discovery_tasks (id, workspace_id, run_id, kind, input, dedupe_key)
        select u.id, ${input.workspaceId}, ${runId}, u.kind, u.input::jsonb, u.dedupe_key
        from unnest(${rows.id}::uuid[], ${rows.kind}::text[], ${rows.input}::text[], ${rows.dedupeKey}::text[])
          as u(id, kind, input, dedupe_key)`;
    }
    const run = await getDiscoveryRun(tx, input.workspaceId, runId);
    if (!run) throw new Error('Discovery run was not created');
    return { run, taskIds: ids };
  });
}

export async function getDiscoveryRun(sql: Db, workspaceId: string, runId: string): Promise<DiscoveryRun | null> {
  const [row]: [DiscoveryRun?] = await sql`
    select ${RUN_COLUMNS(sql)} from discovery_runs r where r.workspace_id = ${workspaceId} and r.id = ${runId}`;
  return row ?? null;
}

/** A campaign's runs, newest first. */
export async function listDiscoveryRuns(sql: Db, workspaceId: string, campaignId: string): Promise<DiscoveryRun[]> {
  return sql<DiscoveryRun[]>`
    select ${RUN_COLUMNS(sql)} from discovery_runs r
    where r.workspace_id = ${workspaceId} and r.campaign_id = ${campaignId}
    order by r.started_at desc, r.id desc`;
}

/**
 * When the campaign's runs started within the last `windowMs` began, newest first and at most `limit`,
 * read under a lock on the campaign's starts held to the commit: a start that checks these and
 * inserts its run in the same transaction cannot race another.
 */
export async function lockAndListRecentDiscoveryStarts(
  tx: TransactionSql,
  input: { workspaceId: string; campaignId: string; windowMs: number; limit: number },
): Promise<Date[]> {
  await lockForTransaction(tx, `discovery-starts:${input.campaignId}`);
  const rows = await tx<{ startedAt: Date }[]>`
    select started_at as "startedAt" from discovery_runs
    where workspace_id = ${input.workspaceId} and campaign_id = ${input.campaignId}
      and started_at > now() - make_interval(secs => ${input.windowMs / 1000})
    order by started_at desc
    limit ${input.limit}`;
  return rows.map((row) => row.startedAt);
}

/** Counters for the live progress panel; null when the run is not in this workspace. */
export async function discoveryProgress(sql: Db, workspaceId: string, runId: string): Promise<DiscoveryProgress | null> {
  const [row]: [Omit<DiscoveryProgress, 'failures'>?] = await sql`
    select r.id as "runId", r.campaign_id as "campaignId", r.status, r.started_at as "startedAt", r.finished_at as "finishedAt",
           r.leads_found as "leadsFound", r.leads_merged as "leadsMerged",
           count(t.id)::int as total,
           count(t.id) filter (where t.status = 'pending')::int as pending,
           count(t.id) filter (where t.status = 'running')::int as running,
           count(t.id) filter (where t.status = 'done')::int as done,
           count(t.id) filter (where t.status = 'failed')::int as failed,
           count(t.id) filter (where t.status = 'waiting_quota')::int as "waitingQuota",
           min(t.not_before) filter (where t.status = 'waiting_quota') as "nextRetryAt"
    from discovery_runs r left join discovery_tasks t on t.run_id = r.id
    where r.workspace_id = ${workspaceId} and r.id = ${runId}
    group by r.id`;
  if (!row) return null;
  const failures = await sql<DiscoveryProgress['failures']>`
    select t.id as "taskId", t.kind, ${TASK_LABEL(sql)} as label, coalesce(t.reason, 'Failed') as reason, t.finished_at as "finishedAt"
    from discovery_tasks t
    where t.workspace_id = ${workspaceId} and t.run_id = ${runId} and t.status = 'failed'
    order by t.finished_at desc nulls last, t.id
    limit 20`;
  return { ...row, failures };
}

export interface ClaimedDiscoveryTask {
  task: DiscoveryTask;
  run: DiscoveryRun;
  runStatus: DiscoveryRunStatus;
}

/**
 * Marks a task running for a job and counts the attempt. Null when there is nothing to do: the task
 * is finished, its run is not running (paused or cancelled: resuming queues it again), another job
 * holds it, or it is not this workspace's. A retry of the same job (`jobId`) takes its task back.
 */
export async function claimDiscoveryTask(sql: Db, workspaceId: string, taskId: string, jobId?: string): Promise<ClaimedDiscoveryTask | null> {
  const staleBefore = new Date(Date.now() - STALE_DISCOVERY_TASK_MS);
  const [claimed]: [{ id: string; workspaceId: string }?] = await sql`
    update discovery_tasks t
    set status = 'running', attempts = t.attempts + 1, started_at = now(), finished_at = null, claimed_by_job = ${jobId ?? null}
    from discovery_runs r
    where t.workspace_id = ${workspaceId} and t.id = ${taskId}
      and r.workspace_id = t.workspace_id and r.id = t.run_id and r.status = 'running'
      and (t.status in ('pending', 'waiting_quota')
           or (t.status = 'running' and (${jobId ?? null}::text is null or t.claimed_by_job is null
                                         or t.claimed_by_job = ${jobId ?? null} or t.started_at < ${staleBefore})))
    returning t.id, t.workspace_id as "workspaceId"`;
  if (!claimed) return null;
  const task = await getDiscoveryTask(sql, workspaceId, claimed.id);
  const run = task ? await getDiscoveryRun(sql, workspaceId, task.runId) : null;
  if (!task || !run) return null;
  return { task, run, runStatus: run.status };
}

export interface DiscoveryTaskOutcome {
  status: 'done' | 'failed' | 'waiting_quota';
  reason?: string | null;
  /** For `waiting_quota`: not to be tried again before this. */
  notBefore?: Date | null;
  results?: number;
  leadsFound?: number;
  leadsMerged?: number;
}

export interface FinishedDiscoveryTask {
  taskId: string;
  runId: string;
  campaignId: string;
  /** The run's status after this: `done` when this was its last open task. */
  runStatus: DiscoveryRunStatus;
  /** False when the task was not running (already finished, say): nothing was counted twice. */
  recorded: boolean;
}

/**
 * Records how a running task ended, adds its counts to the run, and completes the run when no task
 * is pending, running or waiting for quota. The run row is locked first, so two tasks finishing at
 * once cannot each think the other is still open.
 */
export async function finishDiscoveryTask(sql: Db, workspaceId: string, taskId: string, outcome: DiscoveryTaskOutcome): Promise<FinishedDiscoveryTask> {
  return inTransaction(sql, async (tx) => {
    const [run]: [{ id: string; campaignId: string }?] = await tx`
      select r.id, r.campaign_id as "campaignId" from discovery_runs r
      where r.workspace_id = ${workspaceId}
        and r.id = (select run_id from discovery_tasks where workspace_id = ${workspaceId} and id = ${taskId})
      for update`;
    if (!run) throw new NotFound('That discovery task does not exist in this workspace.');
    const leadsFound = Math.max(0, outcome.leadsFound ?? 0);
    const leadsMerged = Math.max(0, outcome.leadsMerged ?? 0);
    const finished = outcome.status !== 'waiting_quota';
    const [task]: [{ id: string }?] = await tx`
      update discovery_tasks set status = ${outcome.status}, reason = ${outcome.reason ?? null},
             not_before = ${outcome.status === 'waiting_quota' ? (outcome.notBefore ?? null) : null},
             results = coalesce(${outcome.results ?? null}::int, results),
             leads_found = leads_found + ${leadsFound}, leads_merged = leads_merged + ${leadsMerged},
             finished_at = ${finished ? new Date() : null}, claimed_by_job = null
      where workspace_id = ${workspaceId} and id = ${taskId} and status = 'running'
      returning id`;
    if (task && (leadsFound > 0 || leadsMerged > 0)) {
      await tx`
        update discovery_runs set leads_found = leads_found + ${leadsFound}, leads_merged = leads_merged + ${leadsMerged}
        where id = ${run.id}`;
    }
    await tx`
      update discovery_runs set status = ${discoveryRunEventTarget('finish')}, finished_at = now()
      where id = ${run.id} and status = any(${discoveryRunStatusesAllowing('finish')}::text[])
        and not exists (select 1 from discovery_tasks where run_id = ${run.id} and status in ('pending', 'running', 'waiting_quota'))`;
    const [after]: [{ status: DiscoveryRunStatus }?] = await tx`select status from discovery_runs where id = ${run.id}`;
    return { taskId, runId: run.id, campaignId: run.campaignId, runStatus: after?.status ?? 'running', recorded: task !== undefined };
  });
}

/** Adds follow-up tasks (sites found by a search); returns the ids of tasks that were new. */
export async function addDiscoveryTasks(
  sql: Db,
  input: { workspaceId: string; runId: string; tasks: readonly NewDiscoveryTask[] },
): Promise<string[]> {
  const { rows } = taskRows(input.tasks);
  if (rows.id.length === 0) return [];
  const inserted = await sql<{ id: string }[]>`
    insert into discovery_tasks (id, workspace_id, run_id, kind, input, dedupe_key)
    select u.id, r.workspace_id, r.id, u.kind, u.input::jsonb, u.dedupe_key
    from unnest(${rows.id}::uuid[], ${rows.kind}::text[], ${rows.input}::text[], ${rows.dedupeKey}::text[])
      as u(id, kind, input, dedupe_key)
    join discovery_runs r on r.id = ${input.runId} and r.workspace_id = ${input.workspaceId} and r.status in ('running', 'paused')
    on conflict (run_id, kind, dedupe_key) do nothing
    returning id`;
  const created = new Set(inserted.map((row) => row.id));
  return rows.id.filter((id) => created.has(id));
}

/**
 * A run-wide problem (no browser to scrape with, say) recorded once as a failed task with `reason`:
 * the run's failures then say it once instead of once per site. True when this call recorded it.
 */
export async function recordDiscoveryRunProblem(
  sql: Db,
  input: { workspaceId: string; runId: string; kind: NewDiscoveryTask['kind']; key: string; label: string; reason: string },
): Promise<boolean> {
  const inserted = await sql`
    insert into discovery_tasks (workspace_id, run_id, kind, input, dedupe_key, status, reason, started_at, finished_at)
    select r.workspace_id, r.id, ${input.kind}, ${JSON.stringify({ label: input.label, problem: input.key })}::text::jsonb, ${`problem:${input.key}`}, 'failed', ${input.reason}, now(), now()
    from discovery_runs r where r.id = ${input.runId} and r.workspace_id = ${input.workspaceId}
    on conflict (run_id, kind, dedupe_key) do nothing`;
  return inserted.count > 0;
}

/**
 * This run's tasks with these keys that have not started. A retried job queues them again: its
 * earlier attempt may have added them (so `addDiscoveryTasks` no longer calls them new) and died
 * before queueing them. A task queued twice still runs once, as claims are exclusive.
 */
export async function pendingDiscoveryTaskIds(
  sql: Db,
  input: { workspaceId: string; runId: string; tasks: readonly Pick<NewDiscoveryTask, 'kind' | 'dedupeKey'>[] },
): Promise<string[]> {
  if (input.tasks.length === 0) return [];
  const rows = await sql<{ id: string }[]>`
    select t.id from discovery_tasks t
    join unnest(${input.tasks.map((task) => task.kind)}::text[], ${input.tasks.map((task) => task.dedupeKey)}::text[]) as wanted(kind, dedupe_key)
      on t.kind = wanted.kind and t.dedupe_key = wanted.dedupe_key
    where t.workspace_id = ${input.workspaceId} and t.run_id = ${input.runId} and t.status = 'pending'
    order by t.created_at, t.id`;
  return [...new Set(rows.map((row) => row.id))];
}

/**
 * Applies a state machine event to a run (pause, resume, cancel), guarded by the statuses the event
 * applies to. Resuming a run with nothing left to do finishes it instead, so it cannot wait forever.
 * Null when the run is missing, another workspace's, or in a status the event does not apply to.
 */
export async function setDiscoveryRunStatus(sql: Db, workspaceId: string, runId: string, event: DiscoveryRunEvent): Promise<DiscoveryRun | null> {
  const finishesAtOnce = event === 'resume';
  const [row]: [{ id: string }?] = await sql`
    with next as (
      select case
               when ${finishesAtOnce}
                    and not exists (select 1 from discovery_tasks where run_id = ${runId} and status in ('pending', 'running', 'waiting_quota'))
               then ${discoveryRunEventTarget('finish')}::text else ${discoveryRunEventTarget(event)}::text end as status
    )
    update discovery_runs r
    set status = next.status,
        finished_at = case when next.status in ('done', 'cancelled') then coalesce(r.finished_at, now()) else null end
    from next
    where r.workspace_id = ${workspaceId} and r.id = ${runId} and r.status = any(${discoveryRunStatusesAllowing(event)}::text[])
    returning r.id`;
  return row ? getDiscoveryRun(sql, workspaceId, row.id) : null;
}

/** Tasks a resumed run must queue again: not started, waiting for quota, or lost by a dead job. */
export async function resumableTasks(sql: Db, workspaceId: string, runId: string): Promise<{ id: string; kind: DiscoveryTaskKind; notBefore: Date | null }[]> {
  const staleBefore = new Date(Date.now() - STALE_DISCOVERY_TASK_MS);
  return sql<{ id: string; kind: DiscoveryTaskKind; notBefore: Date | null }[]>`
    select id, kind, not_before as "notBefore" from discovery_tasks
    where workspace_id = ${workspaceId} and run_id = ${runId}
      and (status in ('pending', 'waiting_quota') or (status = 'running' and started_at < ${staleBefore}))
    order by created_at, id`;
}

/** Keeps a search page's results; a retried task saves the same page without adding rows. */
export async function saveSearchResults(
  sql: Db,
  input: { workspaceId: string; taskId: string; results: readonly { url: string; title?: string | null; snippet?: string | null }[] },
): Promise<number> {
  if (input.results.length === 0) return 0;
  const inserted = await sql<{ id: string }[]>`
    insert into search_results (workspace_id, task_id, url, title, snippet, position)
    select ${input.workspaceId}, t.id, u.url, u.title, u.snippet, u.position
    from unnest(${input.results.map((result) => result.url)}::text[], ${input.results.map((result) => result.title ?? null)}::text[],
                ${input.results.map((result) => result.snippet ?? null)}::text[]) with ordinality as u(url, title, snippet, position)
    join discovery_tasks t on t.id = ${input.taskId} and t.workspace_id = ${input.workspaceId}
    on conflict (task_id, url) do nothing
    returning id`;
  return inserted.length;
}

/** A task with its run, for tests and the worker's logs. */
export async function getDiscoveryTask(sql: Db, workspaceId: string, taskId: string): Promise<DiscoveryTask | null> {
  const [row]: [DiscoveryTask?] = await sql`
    select ${TASK_COLUMNS(sql)} from discovery_tasks t where t.workspace_id = ${workspaceId} and t.id = ${taskId}`;
  return row ?? null;
}
