import type { SuppressionKind } from '@switchboard/core';
import { leadsWrittenAt, stopLeadEnrolments, type Db } from '@switchboard/db';

/**
 * Suppression stops a lead's sequence at once, not only at the next send: the live enrolments written
 * to a newly listed address or domain stop (reason "suppressed") and their waiting sends are canceled.
 * Run it in the transaction that lists the entries. Returns the campaigns whose boards changed.
 */
export async function stopSequencesOfSuppressed(
  tx: Db,
  workspaceId: string,
  entries: readonly { kind: SuppressionKind; value: string }[],
): Promise<string[]> {
  const emails = entries.filter((entry) => entry.kind === 'email').map((entry) => entry.value);
  const domains = entries.filter((entry) => entry.kind === 'domain').map((entry) => entry.value);
  const leadIds = await leadsWrittenAt(tx, { workspaceId, emails, domains });
  const stopped = await stopLeadEnrolments(tx, { workspaceId, leadIds, reason: 'suppressed' });
  return stopped.campaignIds;
}
