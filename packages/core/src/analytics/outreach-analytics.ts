// Outreach analytics' arithmetic: rates that say "no data" rather than divide by zero, totals and
// rollups of the day × campaign × step × mailbox rows the database counts, the calendar days of a
// range, and the range rules the API checks. Every figure belongs to the day its email was sent, so
// every rate is "of the emails sent".
import type { CsvColumn } from '../csv/index.ts';

/** The longest range one request reads: a quarter, so a request scans a bounded slice of sends. */
export const ANALYTICS_MAX_DAYS = 92;
/** The range shown when none is asked for: the last 30 days, today included. */
export const ANALYTICS_DEFAULT_DAYS = 30;

export const ANALYTICS_COUNT_NAMES = Object.freeze(['sent', 'delivered', 'bounced', 'complained', 'replied', 'unsubscribed'] as const);
export type AnalyticsCountName = (typeof ANALYTICS_COUNT_NAMES)[number];
export type AnalyticsCounts = Record<AnalyticsCountName, number>;

export const ANALYTICS_DIMENSIONS = Object.freeze(['day', 'campaign', 'step', 'mailbox'] as const);
export type AnalyticsDimension = (typeof ANALYTICS_DIMENSIONS)[number];

/** One row as the database counts it. */
export interface AnalyticsRow extends AnalyticsCounts {
  day: string;
  campaignId: string;
  campaignName: string;
  stepId: string;
  stepPosition: number;
  mailboxId: string | null;
  mailboxAddress: string | null;
}

export interface AnalyticsRates {
  /** Delivered / sent. */
  deliveryRate: number | null;
  /** Hard bounces / sent. */
  bounceRate: number | null;
  complaintRate: number | null;
  replyRate: number | null;
  unsubscribeRate: number | null;
}

export interface AnalyticsGroup extends AnalyticsCounts, AnalyticsRates {
  /** Stable within one rollup: the day, the campaign id, campaign id + step id, or the mailbox id ('' for none). */
  key: string;
  label: string;
  day: string | null;
  campaignId: string | null;
  stepId: string | null;
  stepPosition: number | null;
  mailboxId: string | null;
}

/** `part / whole` as a fraction, or null when there is nothing to divide by (no email sent). */
export function analyticsRate(part: number, whole: number): number | null {
  if (!(whole > 0) || !Number.isFinite(part)) return null;
  return part / whole;
}

export function analyticsRates(counts: AnalyticsCounts): AnalyticsRates {
  return {
    deliveryRate: analyticsRate(counts.delivered, counts.sent),
    bounceRate: analyticsRate(counts.bounced, counts.sent),
    complaintRate: analyticsRate(counts.complained, counts.sent),
    replyRate: analyticsRate(counts.replied, counts.sent),
    unsubscribeRate: analyticsRate(counts.unsubscribed, counts.sent),
  };
}

export function emptyAnalyticsCounts(): AnalyticsCounts {
  return { sent: 0, delivered: 0, bounced: 0, complained: 0, replied: 0, unsubscribed: 0 };
}

function addInto(total: AnalyticsCounts, counts: AnalyticsCounts): void {
  for (const name of ANALYTICS_COUNT_NAMES) total[name] += counts[name];
}

/** The sums of every row, with their rates. */
export function analyticsTotals(rows: readonly AnalyticsCounts[]): AnalyticsCounts & AnalyticsRates {
  const total = emptyAnalyticsCounts();
  for (const row of rows) addInto(total, row);
  return { ...total, ...analyticsRates(total) };
}

/** The step's name in a table: "Step 2", with its campaign when the rows span several. */
function stepLabel(row: AnalyticsRow, withCampaign: boolean): string {
  const step = `Step ${row.stepPosition + 1}`;
  return withCampaign ? `${row.campaignName || 'Deleted campaign'} · ${step}` : step;
}

/**
 * The rows summed by one dimension, each group with its rates. A step is a campaign's step (two
 * campaigns' "first" steps are different steps). Days come in calendar order, steps by campaign and
 * position, campaigns and mailboxes by name.
 */
export function rollupAnalytics(rows: readonly AnalyticsRow[], dimension: AnalyticsDimension): AnalyticsGroup[] {
  const campaigns = new Set(rows.map((row) => row.campaignId));
  const groups = new Map<string, AnalyticsGroup>();
  for (const row of rows) {
    const key = { day: row.day, campaign: row.campaignId, step: `${row.campaignId}:${row.stepId}`, mailbox: row.mailboxId ?? '' }[dimension];
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        label: {
          day: row.day,
          campaign: row.campaignName || 'Deleted campaign',
          step: stepLabel(row, campaigns.size > 1),
          mailbox: row.mailboxAddress ?? (row.mailboxId ? 'Deleted mailbox' : 'No mailbox'),
        }[dimension],
        day: dimension === 'day' ? row.day : null,
        campaignId: dimension === 'campaign' || dimension === 'step' ? row.campaignId : null,
        stepId: dimension === 'step' ? row.stepId : null,
        stepPosition: dimension === 'step' ? row.stepPosition : null,
        mailboxId: dimension === 'mailbox' ? row.mailboxId : null,
        ...emptyAnalyticsCounts(),
        ...analyticsRates(emptyAnalyticsCounts()),
      };
      groups.set(key, group);
    } else if (dimension === 'step' && row.stepPosition < (group.stepPosition ?? Infinity)) {
      group.stepPosition = row.stepPosition;
      group.label = stepLabel(row, campaigns.size > 1);
    }
    addInto(group, row);
  }
  const sorted = [...groups.values()].map((group) => ({ ...group, ...analyticsRates(group) }));
  const byName = (a: AnalyticsGroup, b: AnalyticsGroup) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key);
  if (dimension === 'step') {
    const names = new Map(rows.map((row) => [row.campaignId, row.campaignName]));
    return sorted.sort(
      (a, b) =>
        (names.get(a.campaignId!) ?? '').localeCompare(names.get(b.campaignId!) ?? '') ||
        a.campaignId!.localeCompare(b.campaignId!) ||
        a.stepPosition! - b.stepPosition! ||
        a.key.localeCompare(b.key),
    );
  }
  return sorted.sort(dimension === 'day' ? (a, b) => a.key.localeCompare(b.key) : byName);
}

/**
 * One group per calendar day of the range, days without any email included (all zero), for a chart
 * whose x axis is time.
 */
export function dailyAnalytics(rows: readonly AnalyticsRow[], range: { from: string; to: string }): AnalyticsGroup[] {
  const byDay = new Map(rollupAnalytics(rows, 'day').map((group) => [group.day, group]));
  return calendarDays(range.from, range.to).map(
    (day) =>
      byDay.get(day) ?? { key: day, label: day, day, campaignId: null, stepId: null, stepPosition: null, mailboxId: null, ...emptyAnalyticsCounts(), ...analyticsRates(emptyAnalyticsCounts()) },
  );
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The UTC midnight of a YYYY-MM-DD day, or null when it is not a real calendar day (2026-02-30). */
function dayStart(day: string): number | null {
  const match = DAY_PATTERN.exec(day);
  if (!match) return null;
  const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(at).toISOString().slice(0, 10) === day ? at : null;
}

export function isCalendarDay(day: string): boolean {
  return dayStart(day) !== null;
}

/** `day` moved by `days` calendar days (negative goes back). */
export function addCalendarDays(day: string, days: number): string {
  const start = dayStart(day);
  if (start === null) throw new RangeError(`Not a calendar day: ${day}`);
  return new Date(start + days * DAY_MS).toISOString().slice(0, 10);
}

/** How many calendar days `from`..`to` spans, both included (0 when `to` is before `from`). */
export function calendarDaySpan(from: string, to: string): number {
  const start = dayStart(from);
  const end = dayStart(to);
  if (start === null || end === null) throw new RangeError(`Not a calendar day: ${start === null ? from : to}`);
  return Math.max(0, Math.round((end - start) / DAY_MS) + 1);
}

/** Every calendar day from `from` to `to`, both included. */
export function calendarDays(from: string, to: string): string[] {
  return Array.from({ length: calendarDaySpan(from, to) }, (_, index) => addCalendarDays(from, index));
}

/** Today's date (YYYY-MM-DD) on the wall clocks of `timeZone`. */
export function calendarDayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The days a report may name. Outside them the default days before or after one end would leave the
 * years a date can be written in (10000-01-18), which the database refuses as a bad number.
 */
export const ANALYTICS_FIRST_DAY = '1970-01-01';
export const ANALYTICS_LAST_DAY = '2999-12-31';

/** Whether `day` is a calendar day a report may start or end on. */
export function isReportableDay(day: string): boolean {
  return isCalendarDay(day) && day >= ANALYTICS_FIRST_DAY && day <= ANALYTICS_LAST_DAY;
}

/** What is wrong with a range, in a sentence for the person who chose it, or null when it is fine. */
export function analyticsRangeProblem(from: string, to: string): string | null {
  if (!isCalendarDay(from)) return `The start date ${from} is not a calendar date (YYYY-MM-DD).`;
  if (!isCalendarDay(to)) return `The end date ${to} is not a calendar date (YYYY-MM-DD).`;
  if (to < from) return 'The end date is before the start date.';
  if (calendarDaySpan(from, to) > ANALYTICS_MAX_DAYS) return `Choose at most ${ANALYTICS_MAX_DAYS} days.`;
  return null;
}

/**
 * The range to read: the one asked for, else the default days ending today (in the zone), else the
 * default days ending at the one end given, or starting at it.
 */
export function analyticsRange(asked: { from?: string | undefined; to?: string | undefined }, today: string): { from: string; to: string } {
  const span = ANALYTICS_DEFAULT_DAYS - 1;
  if (asked.from && asked.to) return { from: asked.from, to: asked.to };
  if (asked.from) return { from: asked.from, to: addCalendarDays(asked.from, span) };
  const to = asked.to ?? today;
  return { from: addCalendarDays(to, -span), to };
}

/** A rate as people read it: "4.2%", or "—" when there was nothing to divide by. */
export function formatAnalyticsRate(rate: number | null): string {
  if (rate === null) return '—';
  const percent = rate * 100;
  return `${percent === 0 || percent >= 10 ? percent.toFixed(0) : percent.toFixed(1)}%`;
}

/** A rate in a CSV cell: a fraction with four decimals, empty when there was nothing to divide by. */
function csvRate(rate: number | null): string {
  return rate === null ? '' : rate.toFixed(4);
}

const COUNT_AND_RATE_COLUMNS: CsvColumn<AnalyticsCounts & AnalyticsRates>[] = [
  { header: 'sent', value: (row) => row.sent },
  { header: 'delivered', value: (row) => row.delivered },
  { header: 'bounced (hard)', value: (row) => row.bounced },
  { header: 'complained', value: (row) => row.complained },
  { header: 'replied', value: (row) => row.replied },
  { header: 'unsubscribed', value: (row) => row.unsubscribed },
  { header: 'delivery rate', value: (row) => csvRate(row.deliveryRate) },
  { header: 'bounce rate', value: (row) => csvRate(row.bounceRate) },
  { header: 'complaint rate', value: (row) => csvRate(row.complaintRate) },
  { header: 'reply rate', value: (row) => csvRate(row.replyRate) },
  { header: 'unsubscribe rate', value: (row) => csvRate(row.unsubscribeRate) },
];

/** The detailed export: one line per day, campaign, step and mailbox, with its counts and rates. */
export function analyticsDetailCsvColumns(): CsvColumn<AnalyticsRow & AnalyticsRates>[] {
  return [
    { header: 'day', value: (row) => row.day },
    { header: 'campaign', value: (row) => row.campaignName },
    { header: 'campaign id', value: (row) => row.campaignId },
    { header: 'step', value: (row) => row.stepPosition + 1 },
    { header: 'step id', value: (row) => row.stepId },
    { header: 'mailbox', value: (row) => row.mailboxAddress ?? '' },
    ...COUNT_AND_RATE_COLUMNS,
  ];
}

/** A rollup's export: one line per group of `dimension`. */
export function analyticsGroupCsvColumns(dimension: AnalyticsDimension): CsvColumn<AnalyticsGroup>[] {
  return [{ header: dimension, value: (row) => row.label }, ...COUNT_AND_RATE_COLUMNS];
}
