import type { ProviderStatus } from '@switchboard/core';
import type { Sql } from '../client.ts';

export interface WorkerHeartbeat {
  workerId: string;
  hostname: string;
  pid: number;
  version: string;
  queues: string[];
  startedAt: Date;
  lastSeenAt: Date;
  /** The browser the worker scrapes with, as it describes it; null when it has not said. */
  browser: string | null;
  /** The providers as the worker's environment configures them; null from a worker that has not said. */
  providers: ProviderStatus[] | null;
  /** Measured by the database clock, so web and worker clocks need not agree. */
  ageMs: number;
}

export interface HeartbeatInput {
  workerId: string;
  hostname: string;
  pid: number;
  version: string;
  queues: string[];
  startedAt: Date;
  browser?: string | null | undefined;
  providers?: readonly ProviderStatus[] | undefined;
}

export async function recordHeartbeat(sql: Sql, heartbeat: HeartbeatInput): Promise<Date> {
  const [row]: [{ lastSeenAt: Date }?] = await sql`
    insert into worker_heartbeats (worker_id, hostname, pid, version, queues, started_at, last_seen_at, browser, providers)
    values (${heartbeat.workerId}, ${heartbeat.hostname}, ${heartbeat.pid}, ${heartbeat.version},
            ${heartbeat.queues}, ${heartbeat.startedAt}, now(), ${heartbeat.browser ?? null},
            ${heartbeat.providers ? sql.json(heartbeat.providers as never) : null}::jsonb)
    on conflict (worker_id) do update set last_seen_at = now(), queues = excluded.queues,
      browser = coalesce(excluded.browser, worker_heartbeats.browser),
      providers = coalesce(excluded.providers, worker_heartbeats.providers)
    returning last_seen_at as "lastSeenAt"`;
  if (!row) throw new Error(`Heartbeat for ${heartbeat.workerId} was not recorded`);
  return row.lastSeenAt;
}

/** Workers heard from within the window, most recent first. */
export async function listRecentHeartbeats(sql: Sql, withinMs: number): Promise<WorkerHeartbeat[]> {
  return sql<WorkerHeartbeat[]>`
    select worker_id as "workerId", hostname, pid, version, queues,
           started_at as "startedAt", last_seen_at as "lastSeenAt", browser, providers,
           (extract(epoch from (now() - last_seen_at)) * 1000)::float8 as "ageMs"
    from worker_heartbeats
    where last_seen_at > now() - make_interval(secs => ${withinMs / 1000})
    order by last_seen_at desc`;
}

export async function deleteHeartbeatsOlderThan(sql: Sql, olderThanMs: number): Promise<number> {
  const result = await sql`
    delete from worker_heartbeats where last_seen_at < now() - make_interval(secs => ${olderThanMs / 1000})`;
  return result.count;
}
