import type { Db } from '../client.ts';
import type { DiscoveryTaskKind, DiscoveryTaskStatus } from './discovery-runs.ts';


export interface StrandedDiscoveryTask {
  id: string;
  workspaceId: string;
  runId: string;
  kind: DiscoveryTaskKind;
  status: DiscoveryTaskStatus;
}

/**
 * Unfinished tasks of running runs that have sat too long for their state: pending since well
 * before now, waiting for a quota window that opened a while ago, or running since longer than
 * any attempt may take. Usually a job is still queued for them (a backlog); the caller checks.
 */
export async function strandedDiscoveryTasks(
  sql: Db,
  thresholds: { pendingForMs: number; overdueForMs: number; runningForMs: number; limit: number },
): Promise<StrandedDiscoveryTask[]> {
  return sql<StrandedDiscoveryTask[]>`
    select t.id, t.workspace_id as "workspaceId", t.run_id as "runId", t.kind, t.status
    from discovery_runs r
    join discovery_tasks t on t.run_id = r.id
    where r.status = 'running'
      and (
        (t.status = 'pending' and t.created_at < now() - make_interval(secs => ${thresholds.pendingForMs / 1000}))
        or (t.status = 'waiting_quota' and t.not_before < now() - make_interval(secs => ${thresholds.overdueForMs / 1000}))
        or (t.status = 'running' and t.started_at < now() - make_interval(secs => ${thresholds.runningForMs / 1000}))
      )
    order by t.created_at
    limit ${thresholds.limit}`;
}
