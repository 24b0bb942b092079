import { z } from 'zod';

const olderThan = (what: string) => z.uuid({ error: `That “show older” link is not valid (${what}); start from the newest.` });

export const ZLeadTimelineInputSchema = z.object({
  id: z.uuid({ error: 'That is not a lead id.' }),
  /** Only this campaign's sends (and replies to them, or to no known send). */
  campaignId: z.uuid({ error: 'That is not a campaign id.' }).optional(),
  /**
   * An older page: the sends older than this one, the messages older than that one (each the `next` of
   * the page before, whose nulls say the same as leaving the key out). Either without the other leaves
   * that list out: it ran out on an earlier page. Neither: the newest page.
   */
  sendsBefore: olderThan('send').nullish(),
  messagesBefore: olderThan('message').nullish(),
});
export type TLeadTimelineInputSchema = z.infer<typeof ZLeadTimelineInputSchema>;
