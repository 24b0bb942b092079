import { REPLY_KIND_LABELS } from '@switchboard/core';
import { listInboxMessages } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import { requireLeadExists } from '../leads/require-lead.ts';
import type { TListInboxInputSchema } from './list.schema.ts';

/**
 * One page of the workspace's inbound messages, newest first, each with its kind in words, its lead
 * and (when the reply named its send) its campaign. Another workspace's campaign or lead is NotFound; another
 * workspace's message as the cursor pages after nothing.
 */
export async function listInboxHandler({ ctx, input }: { ctx: AuthedContext; input: TListInboxInputSchema }) {
  if (input.campaignId) await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId);
  if (input.leadId) await requireLeadExists(ctx.db, ctx.workspace.id, input.leadId);
  // One more than the page: whether there is a next page, without counting.
  const rows = await listInboxMessages(ctx.db, { workspaceId: ctx.workspace.id, kind: input.kind, campaignId: input.campaignId, leadId: input.leadId, search: input.search, after: input.cursor, limit: input.limit + 1 });
  const messages = rows.slice(0, input.limit).map((row) => ({ ...row, kindLabel: REPLY_KIND_LABELS[row.kind], receivedAt: row.receivedAt.toISOString() }));
  return { messages, nextCursor: rows.length > input.limit ? (messages.at(-1)?.id ?? null) : null };
}
