import { sendWindowWait, sendWindowWaitNotice } from '@switchboard/core';
import { campaignSendWindowWaits, type Db } from '@switchboard/db';

/**
 * The campaign's emails the dispatcher put off until their recipients' send window opens: how many, in
 * how many zones, when and where the next window opens, and the sentence the campaign pages show.
 * Null when none waits. Shared by the board and the campaign page's own procedure.
 */
export async function campaignSendWindowWait(db: Db, workspaceId: string, campaignId: string, now = new Date()) {
  const { groups, more } = await campaignSendWindowWaits(db, { workspaceId, campaignId, now });
  const wait = sendWindowWait(groups, more);
  if (!wait) return null;
  return { waiting: wait.waiting, more: wait.more, zones: wait.zones, nextAt: wait.next.at.toISOString(), nextZone: wait.next.zone, notice: sendWindowWaitNotice(wait, now) };
}
