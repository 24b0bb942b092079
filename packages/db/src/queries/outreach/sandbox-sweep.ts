// The sandbox recipient's sweep: sandbox emails whose simulated events never came (their job was lost
// or never queued), read from sends_sandbox_awaiting_outcome_idx, which holds only sandbox sends with no
// delivery outcome recorded yet.
import type { Db } from '../../client.ts';

export interface SandboxSendAwaitingOutcome {
  workspaceId: string;
  sendId: string;
  sentAt: Date;
}

/**
 * Sandbox emails sent in [sentAfter, sentBefore) that still have no delivery outcome (delivered, bounced
 * or complained), oldest first, at most `limit`. Across workspaces, as the sandbox recipient serves them all.
 */
export async function sandboxSendsAwaitingOutcome(sql: Db, input: { sentAfter: Date; sentBefore: Date; limit: number }): Promise<SandboxSendAwaitingOutcome[]> {
  return sql<SandboxSendAwaitingOutcome[]>`
    select workspace_id as "workspaceId", id as "sendId", sent_at as "sentAt"
    from sends
    where provider = 'sandbox' and status = 'sent' and delivery is null
      and sent_at >= ${input.sentAfter} and sent_at < ${input.sentBefore}
    order by sent_at
    limit ${Math.max(1, Math.floor(input.limit))}`;
}
