import { assessRelationshipHealth, RELATIONSHIP_HEALTH_MAX_AGE_HOURS, type Logger } from '@switchboard/core';
import { readStaleRelationshipSignals, recordHealthRefresh, saveLeadHealth, workspacesWithOutreach, type Publish, type Sql } from '@switchboard/db';

/** Leads read, scored and written per round trip: a bounded slice of memory however large the workspace. */
export const HEALTH_REFRESH_BATCH = 2_000;

export interface HealthRefreshOutcome {
  workspaceId: string;
  scored: number;
  /** False for a workspace deleted meanwhile (or an unknown id): nothing was recorded. */
  recorded: boolean;
}

/**
 * Scores one workspace's stale relationship health (missing, older than its latest activity, or
 * older than RELATIONSHIP_HEALTH_MAX_AGE_HOURS), a batch at a time in lead id order, then records the
 * refresh. Each batch is stamped with the time its signals were read; writing a batch again (a retry)
 * writes the same scores.
 */
export async function refreshWorkspaceHealth(
  deps: { sql: Sql; clock?: () => Date },
  input: { workspaceId: string; batch?: number },
): Promise<HealthRefreshOutcome> {
  const clock = deps.clock ?? (() => new Date());
  const batch = input.batch ?? HEALTH_REFRESH_BATCH;
  const startedAt = clock();
  let afterLeadId: string | null = null;
  let scored = 0;
  for (;;) {
    const now = clock();
    const leads = await readStaleRelationshipSignals(deps.sql, { workspaceId: input.workspaceId, afterLeadId, limit: batch, maxAgeHours: RELATIONSHIP_HEALTH_MAX_AGE_HOURS, now });
    if (leads.length === 0) break;
    const rows = leads.map(({ leadId, ...signals }) => ({ leadId, signals, health: assessRelationshipHealth(signals, now) }));
    scored += await saveLeadHealth(deps.sql, { workspaceId: input.workspaceId, computedAt: now, rows });
    if (leads.length < batch) break;
    afterLeadId = leads.at(-1)!.leadId;
  }
  const recorded = await recordHealthRefresh(deps.sql, { workspaceId: input.workspaceId, refreshedAt: startedAt });
  return { workspaceId: input.workspaceId, scored, recorded };
}

/**
 * The given workspace, or every workspace with outreach, one after another. A workspace that fails is
 * logged and the others still run; the run then fails so the job's record says so.
 */
export async function refreshRelationshipHealth(
  deps: { sql: Sql; log: Logger; publish: Publish; clock?: () => Date },
  input: { workspaceId?: string | undefined; batch?: number },
): Promise<HealthRefreshOutcome[]> {
  const workspaceIds = input.workspaceId ? [input.workspaceId] : await workspacesWithOutreach(deps.sql);
  const outcomes: HealthRefreshOutcome[] = [];
  let failed = 0;
  for (const workspaceId of workspaceIds) {
    try {
      const outcome = await refreshWorkspaceHealth(deps, { workspaceId, ...(input.batch ? { batch: input.batch } : {}) });
      outcomes.push(outcome);
      // Someone who asked for this refresh is watching the page: its "last refreshed" moves even when no score did.
      const asked = input.workspaceId !== undefined && outcome.recorded;
      if (outcome.scored > 0 || asked) await deps.publish(workspaceId, 'health.changed', { scored: outcome.scored });
    } catch (error) {
      failed += 1;
      deps.log.error({ err: error, workspaceId }, 'relationship health refresh failed for a workspace');
    }
  }
  const scored = outcomes.reduce((sum, outcome) => sum + outcome.scored, 0);
  if (scored > 0 || failed > 0) deps.log.info({ workspaces: workspaceIds.length, scored, failed }, 'relationship health refreshed');
  if (failed > 0) throw new Error(`Relationship health could not be refreshed for ${failed} of ${workspaceIds.length} workspaces.`);
  return outcomes;
}
