import { listCampaignOutbox } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { CAMPAIGN_OUTBOX_MAX_PAGE, type TCampaignOutboxInputSchema } from './get.schema.ts';
import { assertSandboxEmail } from './sandbox-only.ts';

export const CAMPAIGN_OUTBOX_PAGE_SIZE = 50;

/** The workspace's campaign emails the sandbox took instead of sending, newest first, for every member. */
export async function campaignOutboxHandler({ ctx, input }: { ctx: AuthedContext; input: TCampaignOutboxInputSchema }) {
  assertSandboxEmail(ctx);
  // One more than a page says whether a next page exists without counting them all.
  const rows = await listCampaignOutbox(ctx.db, { workspaceId: ctx.workspace.id, limit: CAMPAIGN_OUTBOX_PAGE_SIZE + 1, offset: (input.page - 1) * CAMPAIGN_OUTBOX_PAGE_SIZE });
  const more = rows.length > CAMPAIGN_OUTBOX_PAGE_SIZE;
  return {
    emails: rows.slice(0, CAMPAIGN_OUTBOX_PAGE_SIZE).map((email) => ({ ...email, createdAt: email.createdAt.toISOString() })),
    page: input.page,
    hasNextPage: more && input.page < CAMPAIGN_OUTBOX_MAX_PAGE,
    /** Set when older emails exist past the last page the list reaches. */
    olderNotListed: more && input.page === CAMPAIGN_OUTBOX_MAX_PAGE ? { listedAtMost: CAMPAIGN_OUTBOX_MAX_PAGE * CAMPAIGN_OUTBOX_PAGE_SIZE } : null,
  };
}
