// The campaign's emails that wait for their recipients' send window: the dispatcher defers each one it
// finds outside the window to the window's opening, with a reason naming the recipient's zone.
import { OUTSIDE_SEND_WINDOW_REASON_LIKE, type SendWindowWaitGroup } from '@switchboard/core';
import type { Db } from '../../client.ts';

/**
 * The most waiting emails read, in due order, on a campaign page's load. No index holds the reason: with
 * 916,000 sends, 225,000 of them one campaign's waiting ones, filtering them all by reason took ~600 ms;
 * reading its next 10,000 due from sends_waiting_idx takes ~30 ms whatever they wait for.
 */
export const SEND_WINDOW_WAITS_READ_MAX = 10_000;

/**
 * The campaign's emails deferred to a send window that has not opened by `now`, by reason (one per
 * recipient zone), each with how many and when the first is due, earliest first; read from its next
 * SEND_WINDOW_WAITS_READ_MAX waiting emails, in due order. `more`: there were that many, so more than
 * these counts may wait.
 */
export async function campaignSendWindowWaits(
  sql: Db,
  input: { workspaceId: string; campaignId: string; now: Date },
): Promise<{ groups: SendWindowWaitGroup[]; more: boolean }> {
  const rows = await sql<(SendWindowWaitGroup & { read: number })[]>`
    select reason, sends, "nextAt", read from (
      select failure as reason, count(*)::int as sends, min(not_before) as "nextAt", (sum(count(*)) over ())::int as read
      from (
        select s.failure, s.not_before from sends s
        where s.status in ('queued', 'retrying') and s.not_before > ${input.now}
          and s.workspace_id = ${input.workspaceId} and s.campaign_id = ${input.campaignId} and s.channel = 'email'
        order by s.not_before
        limit ${SEND_WINDOW_WAITS_READ_MAX}
      ) waiting
      group by failure
    ) reasons
    where reason like ${OUTSIDE_SEND_WINDOW_REASON_LIKE}
    order by "nextAt", reason`;
  return { groups: rows.map(({ read: _read, ...group }) => group), more: (rows[0]?.read ?? 0) >= SEND_WINDOW_WAITS_READ_MAX };
}
