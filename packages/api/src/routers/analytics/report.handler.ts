import {
  analyticsRange,
  analyticsRates,
  analyticsTotals,
  calendarDayIn,
  dailyAnalytics,
  isTimeZone,
  rollupAnalytics,
  type AnalyticsRow,
} from '@switchboard/core';
import { getWorkspace, outreachAnalytics } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TAnalyticsExportInputSchema, TAnalyticsReportInputSchema } from './report.schema.ts';

/** Whose clock the days are read on: the campaign's, else the workspace's, else UTC (a zone this runtime does not know). */
export type AnalyticsTimeZoneSource = 'campaign' | 'workspace' | 'utc';

interface AnalyticsScope {
  campaign: { id: string; name: string } | null;
  timeZone: string;
  timeZoneSource: AnalyticsTimeZoneSource;
  from: string;
  to: string;
  rows: AnalyticsRow[];
}

/** The rows a report or an export reads. Another workspace's campaign id is NotFound. */
async function readAnalytics(ctx: AuthedContext, input: TAnalyticsReportInputSchema, now: Date): Promise<AnalyticsScope> {
  const campaign = input.campaignId ? await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId) : null;
  const zone = campaign ? { timeZone: campaign.timeZone, source: 'campaign' as const } : { timeZone: (await getWorkspace(ctx.db, ctx.workspace.id)).timeZone, source: 'workspace' as const };
  const known = isTimeZone(zone.timeZone);
  const read = async (timeZone: string) => {
    const { from, to } = analyticsRange(input, calendarDayIn(timeZone, now));
    return { timeZone, from, to, rows: await outreachAnalytics(ctx.db, { workspaceId: ctx.workspace.id, campaignId: campaign?.id ?? null, from, to, timeZone }) };
  };
  const scope = { campaign: campaign ? { id: campaign.id, name: campaign.name } : null };
  if (!known) return { ...scope, timeZoneSource: 'utc', ...(await read('UTC')) };
  try {
    return { ...scope, timeZoneSource: zone.source, ...(await read(zone.timeZone)) };
  } catch (error) {
    // A zone this runtime knows but the database's time zone data does not (older tzdata): UTC, and the page says so.
    if (!isUnknownTimeZone(error)) throw error;
    ctx.log.warn({ timeZone: zone.timeZone }, 'analytics: time zone unknown to the database, days read in UTC');
    return { ...scope, timeZoneSource: 'utc', ...(await read('UTC')) };
  }
}

function isUnknownTimeZone(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '22023' && /time zone/i.test(String((error as { message?: unknown }).message));
}

/** The emails sent in the range, day by day (every day, for a chart), by step, by mailbox and by campaign, with totals and rates. */
export async function analyticsReportHandler({ ctx, input }: { ctx: AuthedContext; input: TAnalyticsReportInputSchema }) {
  const { rows, ...scope } = await readAnalytics(ctx, input, new Date());
  return {
    ...scope,
    totals: analyticsTotals(rows),
    days: dailyAnalytics(rows, scope),
    steps: rollupAnalytics(rows, 'step'),
    mailboxes: rollupAnalytics(rows, 'mailbox'),
    campaigns: rollupAnalytics(rows, 'campaign'),
  };
}

/** The CSV's lines: every day × campaign × step × mailbox row, or the groups of one dimension (every day of the range for "day"). */
export async function analyticsExportHandler({ ctx, input }: { ctx: AuthedContext; input: TAnalyticsExportInputSchema }) {
  const { rows, ...scope } = await readAnalytics(ctx, input, new Date());
  if (input.groupBy === 'detail') return { ...scope, groupBy: input.groupBy, detail: rows.map((row) => ({ ...row, ...analyticsRates(row) })), groups: [] };
  const groups = input.groupBy === 'day' ? dailyAnalytics(rows, scope) : rollupAnalytics(rows, input.groupBy);
  return { ...scope, groupBy: input.groupBy, detail: [], groups };
}

