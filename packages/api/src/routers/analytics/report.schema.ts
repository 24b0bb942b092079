import { ANALYTICS_DIMENSIONS, ANALYTICS_FIRST_DAY, ANALYTICS_LAST_DAY, analyticsRangeProblem, isCalendarDay, isReportableDay, safeText, textProblem, type AnalyticsDimension } from '@switchboard/core';
import { z } from 'zod';

const ZCalendarDay = (which: 'start' | 'end') =>
  // A NUL or broken character is named as such (every text input says so), not as a bad date.
  safeText({ error: `The ${which} date must be a date (YYYY-MM-DD).` })
    .refine((day) => textProblem(day) !== null || isCalendarDay(day), { error: `The ${which} date is not a calendar date (YYYY-MM-DD).`, abort: true })
    .refine((day) => textProblem(day) !== null || isReportableDay(day), { error: `The ${which} date must be between ${ANALYTICS_FIRST_DAY} and ${ANALYTICS_LAST_DAY}.` });

const ZRange = z.object({
  campaignId: z.uuid({ error: 'That is not a campaign id.' }).optional(),
  /** Both included, as days in the report's time zone; without them, the 30 days ending today. */
  from: ZCalendarDay('start').optional(),
  to: ZCalendarDay('end').optional(),
});

function checkRange(input: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (!input.from || !input.to || !isCalendarDay(input.from) || !isCalendarDay(input.to)) return;
  const problem = analyticsRangeProblem(input.from, input.to);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['to'] });
}

/** Which emails to count: one campaign's or the workspace's, sent from `from` to `to`. */
export const ZAnalyticsReportInputSchema = ZRange.superRefine(checkRange);
export type TAnalyticsReportInputSchema = z.infer<typeof ZAnalyticsReportInputSchema>;

export const ANALYTICS_EXPORT_GROUPS = Object.freeze(['detail', ...ANALYTICS_DIMENSIONS] as const);
export type AnalyticsExportGroup = 'detail' | AnalyticsDimension;

/** The export: the report's emails, one line per day × campaign × step × mailbox ("detail") or per group of one of them. */
export const ZAnalyticsExportInputSchema = ZRange.extend({
  groupBy: z
    .enum(ANALYTICS_EXPORT_GROUPS as unknown as [AnalyticsExportGroup, ...AnalyticsExportGroup[]], { error: `Group by one of ${ANALYTICS_EXPORT_GROUPS.join(', ')}.` })
    .default('detail'),
}).superRefine(checkRange);
export type TAnalyticsExportInputSchema = z.infer<typeof ZAnalyticsExportInputSchema>;
