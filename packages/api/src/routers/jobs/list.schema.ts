import { JOB_PAGE_MAX, JOB_STATES, QUEUE_NAMES } from '@switchboard/core/jobs';
import { safeText } from '@switchboard/core';
import { z } from 'zod';

/** A page cursor: the last job's creation time to the microsecond, then its id. */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const ZListJobsInputSchema = z.object({
  queue: z.enum(QUEUE_NAMES as [string, ...string[]], { error: 'Choose a queue from the list.' }).optional(),
  state: z.enum(JOB_STATES, { error: `State is one of ${JOB_STATES.join(', ')}.` }).optional(),
  before: safeText()
    .regex(CURSOR, { error: 'This page link is malformed; start from the first page.' })
    .transform((cursor) => {
      const [, createdOn, id] = CURSOR.exec(cursor)!;
      return { createdOn: createdOn!, id: id! };
    })
    .optional(),
  limit: z.number().int().min(1).max(JOB_PAGE_MAX).default(50),
});
export type TListJobsInputSchema = z.infer<typeof ZListJobsInputSchema>;
