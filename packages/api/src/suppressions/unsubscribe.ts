import { NotFound } from '@switchboard/core';
import { deriveUnsubscribeKey, verifyUnsubscribeToken, type UnsubscribeClaim } from '@switchboard/core/suppression';
import { addSuppression, createPublisher, leadsWrittenAt, stopLeadEnrolments, suppressedAddresses, transitionLeads, type Db, type Sql } from '@switchboard/db';
import { recordEntry } from '../audit/record.ts';

// The public side of the suppression list: someone holding an unsubscribe link, signed in or not.
// The web server's POST /u/:token and the confirmation page both come here.

export const INVALID_UNSUBSCRIBE_LINK =
  'This unsubscribe link is not valid: it may have been cut short or changed when it was copied. Open it again from the email, or reply to the email and ask to be removed.';

export interface UnsubscribeLink {
  email: string;
  workspaceName: string;
  unsubscribed: boolean;
}

async function claimOf(sql: Db, masterKey: Buffer | null, token: string): Promise<UnsubscribeClaim & { workspaceName: string }> {
  // Without SWITCHBOARD_SECRET no link was ever signed here, so none can be valid.
  const claim = masterKey ? verifyUnsubscribeToken(deriveUnsubscribeKey(masterKey), token) : null;
  if (!claim) throw new NotFound(INVALID_UNSUBSCRIBE_LINK);
  // A workspace deleted since the email was sent has no list left to join.
  const [workspace]: [{ name: string }?] = await sql`select name from workspaces where id = ${claim.workspaceId}`;
  if (!workspace) throw new NotFound(INVALID_UNSUBSCRIBE_LINK);
  return { ...claim, workspaceName: workspace.name };
}

/** Who a link is for and whether they are already unsubscribed; changes nothing (link scanners open links). */
export async function readUnsubscribeLink(sql: Db, masterKey: Buffer | null, token: string): Promise<UnsubscribeLink> {
  const claim = await claimOf(sql, masterKey, token);
  const suppressed = await suppressedAddresses(sql, claim.workspaceId, [claim.email]);
  return { email: claim.email, workspaceName: claim.workspaceName, unsubscribed: suppressed.has(claim.email) };
}

/**
 * Puts the link's address on its workspace's suppression list (source "unsubscribe") and, in the same
 * transaction, stops the sequences of the leads written to at that address (waiting sends canceled, so
 * no step already planned goes out) and marks those leads unsubscribed; their boards hear of it on
 * commit. Doing it again is a no-op and writes no second audit entry. NotFound for a link that is not valid.
 */
export async function unsubscribeByLink(
  sql: Sql,
  masterKey: Buffer | null,
  token: string,
  origin: { ip: string | null },
): Promise<UnsubscribeLink & { changed: boolean }> {
  const claim = await claimOf(sql, masterKey, token);
  const { created } = await sql.begin(async (tx) => {
    const added = await addSuppression(tx, {
      workspaceId: claim.workspaceId,
      kind: 'email',
      value: claim.email,
      source: 'unsubscribe',
      sendId: claim.sendId,
    });
    if (added.created) {
      await recordEntry(tx, {
        workspaceId: claim.workspaceId,
        actorUserId: null,
        actorLabel: 'recipient (unsubscribe link)',
        action: 'suppression.unsubscribe',
        targetType: 'suppression',
        targetId: added.suppression.id,
        summary: { value: claim.email, ...(claim.sendId ? { sendId: claim.sendId } : {}) },
        ip: origin.ip,
      });
    }
    const leadIds = await leadsWrittenAt(tx, { workspaceId: claim.workspaceId, emails: [claim.email], sendId: claim.sendId });
    const stopped = await stopLeadEnrolments(tx, { workspaceId: claim.workspaceId, leadIds, reason: 'unsubscribed' });
    const leads = await transitionLeads(tx, { workspaceId: claim.workspaceId, event: 'mark_unsubscribed', target: { ids: leadIds }, changedBy: null });
    const publish = createPublisher(tx);
    for (const campaignId of stopped.campaignIds) await publish(claim.workspaceId, 'outreach.changed', { campaignId });
    if (leads.changed.length > 0) await publish(claim.workspaceId, 'leads.changed', { campaignId: null, count: leads.changed.length });
    return added;
  });
  return { email: claim.email, workspaceName: claim.workspaceName, unsubscribed: true, changed: created };
}
