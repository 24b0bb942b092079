import { REPLY_KINDS, safeText } from '@switchboard/core';
import { z } from 'zod';

/** A search shorter than this cannot use the trigram index: it would read every message. */
export const INBOX_SEARCH_MIN_CHARS = 3;

export const ZListInboxInputSchema = z.object({
  kind: z.enum(REPLY_KINDS, { error: 'That is not a kind of message.' }).optional(),
  campaignId: z.uuid({ error: 'That is not a campaign id.' }).optional(),
  /** One lead's messages (a lead's timeline shows only its latest). */
  leadId: z.uuid({ error: 'That is not a lead id.' }).optional(),
  /** Part of the sender's address or the subject. */
  search: safeText()
    .trim()
    .min(INBOX_SEARCH_MIN_CHARS, { error: `Type at least ${INBOX_SEARCH_MIN_CHARS} characters to search.` })
    .max(200, { error: 'Search for at most 200 characters.' })
    .optional(),
  limit: z.number({ error: 'The page size must be a number.' }).int({ error: 'The page size must be a whole number.' }).min(1, { error: 'The page size must be at least 1.' }).max(100, { error: 'The page size can be at most 100.' }).default(50),
  /** The last message's id on the previous page (its `nextCursor`). */
  cursor: z.uuid({ error: 'That page link is not valid; start from the first page.' }).optional(),
});
export type TListInboxInputSchema = z.infer<typeof ZListInboxInputSchema>;
