import type { Db } from '../client.ts';


export interface UsageWindowKey {
  workspaceId: string;
  /** Which quota, e.g. "search.daily" or "places.minute". */
  key: string;
  /** When the window began (a quota day's midnight, a minute's start). */
  windowStart: Date;
}

/**
 * Takes one unit of a window's allowance in a single statement, so concurrent workers never go
 * over `limit` together. False when the window is used up or the provider said it is exhausted.
 */
export async function reserveUsage(sql: Db, input: UsageWindowKey & { limit: number }): Promise<boolean> {
  if (input.limit <= 0) return false;
  const [row]: [{ used: number }?] = await sql`
    insert into usage_windows (workspace_id, key, window_start, used)
    values (${input.workspaceId}, ${input.key}, ${input.windowStart}, 1)
    on conflict (workspace_id, key, window_start) do update set used = usage_windows.used + 1
      where usage_windows.used < ${input.limit} and not usage_windows.exhausted
    returning used`;
  return row !== undefined;
}

/** The provider refused for quota: nothing more is reserved in this window, whatever the count says. */
export async function markUsageExhausted(sql: Db, input: UsageWindowKey): Promise<void> {
  await sql`
    insert into usage_windows (workspace_id, key, window_start, exhausted)
    values (${input.workspaceId}, ${input.key}, ${input.windowStart}, true)
    on conflict (workspace_id, key, window_start) do update set exhausted = true`;
}

export async function usageFor(sql: Db, workspaceId: string, key: string, windowStart: Date): Promise<{ used: number; exhausted: boolean }> {
  const [row]: [{ used: number; exhausted: boolean }?] = await sql`
    select used, exhausted from usage_windows
    where workspace_id = ${workspaceId} and key = ${key} and window_start = ${windowStart}`;
  return row ?? { used: 0, exhausted: false };
}
