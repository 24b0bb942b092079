import type { Db } from '../client.ts';
import { containsPattern } from './like-pattern.ts';


/** "installation": a change to the whole installation, listed in every workspace's audit log. */
export type AuditScope = 'workspace' | 'installation';

export interface AuditEntryInput {
  workspaceId: string | null;
  /** Defaults to "workspace"; an "installation" entry has no workspace. */
  scope?: AuditScope;
  actorUserId: string | null;
  /** Who acted, as it should read in the log: an email, "system", or "api token <name>". */
  actorLabel: string;
  action: string;
  targetType?: string;
  targetId?: string;
  /** What changed, with secrets left out (say "key set", never the key). */
  summary?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditEntry {
  id: string;
  workspaceId: string | null;
  scope: AuditScope;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: Record<string, unknown>;
  ip: string | null;
  createdAt: Date;
}

/** Appends one entry. Pass the transaction that made the change, so the entry commits with it. */
export async function appendAudit(sql: Db, entry: AuditEntryInput): Promise<void> {
  const { workspaceId, ...rest } = entry;
  await appendAuditToEach(sql, [workspaceId], rest);
}

/**
 * Appends the same entry once in each workspace (none when the list is empty), in one statement: an event that
 * concerns several workspaces shows in each one's log, and writing it costs one write however many there are.
 */
export async function appendAuditToEach(sql: Db, workspaceIds: readonly (string | null)[], entry: Omit<AuditEntryInput, 'workspaceId'>): Promise<void> {
  await sql`
    insert into audit_log (workspace_id, scope, actor_user_id, actor_label, action, target_type, target_id, summary, ip)
    select workspace.id, ${entry.scope ?? 'workspace'}::text, ${entry.actorUserId}::uuid, ${entry.actorLabel}::text, ${entry.action}::text,
           ${entry.targetType ?? null}::text, ${entry.targetId ?? null}::text, ${sql.json((entry.summary ?? {}) as never)}::jsonb, ${entry.ip ?? null}::inet
    from unnest(${workspaceIds as (string | null)[]}::uuid[]) with ordinality as workspace (id, position)
    order by workspace.position`;
}

export interface AuditFilter {
  workspaceId: string;
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** Entries older than this id (keyset paging, newest first). */
  beforeId?: string;
}

/**
 * pg_trgm looks a contains-pattern up only by its runs of 3 letters or digits: a shorter filter would read the whole
 * index (measured slower than reading the workspace's entries), so it is left to the plain filter.
 */
const TRIGRAM_RUN = /[\p{L}\p{N}]{3}/u;

/**
 * The workspace's entries and the installation-wide ones, which concern every workspace. An
 * installation entry's actor is named only where they are a member: elsewhere it reads "instance
 * owner", and the actor filter matches what is shown, so it cannot be used to guess the address.
 */
export async function listAudit(sql: Db, filter: AuditFilter): Promise<AuditEntry[]> {
  return sql<AuditEntry[]>`
    select visible.id::text as id, "workspaceId", scope, "actorUserId", "actorLabel", action, "targetType", "targetId", summary, ip, "createdAt"
    from (
      select id, workspace_id as "workspaceId", scope, actor_user_id as "actorUserId",
             case
               when scope = 'installation' and not exists (
                 select 1 from workspace_members m where m.user_id = audit_log.actor_user_id and m.workspace_id = ${filter.workspaceId}
               ) then 'instance owner'
               else actor_label
             end as "actorLabel",
             action, target_type as "targetType", target_id as "targetId", summary, host(ip) as ip, created_at as "createdAt"
      from audit_log
      where (workspace_id = ${filter.workspaceId} or scope = 'installation')
        -- Only an installation entry can show another label than its own ("instance owner"): any other entry the
        -- filter keeps has a matching actor_label, which the trigram index finds without reading the rest (0044).
        ${filter.actor && TRIGRAM_RUN.test(filter.actor) ? sql`and (actor_label ilike ${containsPattern(filter.actor)} or scope = 'installation')` : sql``}
    ) as visible
    where true
      ${filter.actor ? sql`and "actorLabel" ilike ${containsPattern(filter.actor)}` : sql``}
      ${filter.action ? sql`and action = ${filter.action}` : sql``}
      ${filter.from ? sql`and "createdAt" >= ${filter.from}` : sql``}
      ${filter.to ? sql`and "createdAt" < ${filter.to}` : sql``}
      ${filter.beforeId ? sql`and visible.id < ${filter.beforeId}` : sql``}
    -- The bigint id, not the text column of the same name: "10" sorts before "9".
    order by visible.id desc
    limit ${filter.limit}`;
}

/** How many `allowlist.add` entries of a workspace sent an invitation to `value` within the window. */
export async function countRecentInvitations(sql: Db, input: { workspaceId: string; value: string; windowMs: number }): Promise<number> {
  const [row]: [{ count: number }?] = await sql`
    select count(*)::int as count from audit_log
    where workspace_id = ${input.workspaceId} and action = 'allowlist.add'
      and created_at > now() - make_interval(secs => ${input.windowMs / 1000})
      and summary->>'value' = ${input.value} and summary->>'invited' = 'true'`;
  return row?.count ?? 0;
}

/** How many times an actor did an action recently: e.g. emailed links asked for by one address. */
export async function countRecentActions(sql: Db, input: { actorLabel: string; actions: string[]; windowMs: number }): Promise<number> {
  const [row]: [{ count: number }?] = await sql`
    select count(*)::int as count from audit_log
    where actor_label = ${input.actorLabel} and action = any(${input.actions})
      and created_at > now() - make_interval(secs => ${input.windowMs / 1000})`;
  return row?.count ?? 0;
}
