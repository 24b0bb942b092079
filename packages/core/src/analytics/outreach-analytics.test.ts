import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../csv/index.ts';
import {
  ANALYTICS_COUNT_NAMES,
  ANALYTICS_DIMENSIONS,
  ANALYTICS_MAX_DAYS,
  addCalendarDays,
  analyticsDetailCsvColumns,
  analyticsGroupCsvColumns,
  analyticsRange,
  analyticsRangeProblem,
  analyticsRate,
  analyticsRates,
  analyticsTotals,
  calendarDayIn,
  calendarDays,
  dailyAnalytics,
  formatAnalyticsRate,
  rollupAnalytics,
  type AnalyticsRow,
} from './outreach-analytics.ts';

function row(overrides: Partial<AnalyticsRow>): AnalyticsRow {
  return {
    day: '2026-03-01',
    campaignId: 'c1',
    campaignName: 'Plumbers',
    stepId: 'first',
    stepPosition: 0,
    mailboxId: 'm1',
    mailboxAddress: 'ann@acme.test',
    sent: 0,
    delivered: 0,
    bounced: 0,
    complained: 0,
    replied: 0,
    unsubscribed: 0,
    ...overrides,
  };
}

const ROWS: AnalyticsRow[] = [
  row({ day: '2026-03-01', sent: 10, delivered: 9, bounced: 1, replied: 2 }),
  row({ day: '2026-03-01', mailboxId: 'm2', mailboxAddress: 'bob@acme.test', sent: 5, delivered: 5, complained: 1 }),
  row({ day: '2026-03-03', stepId: 'follow-up', stepPosition: 2, sent: 4, delivered: 4, unsubscribed: 1 }),
  row({ day: '2026-03-03', campaignId: 'c2', campaignName: 'Bakers', stepId: 'first', sent: 1 }),
];

describe('analytics rates', () => {
  it('says "no data" instead of dividing by zero', () => {
    expect(analyticsRate(0, 0)).toBeNull();
    expect(analyticsRate(3, 0)).toBeNull();
    expect(analyticsRate(1, 4)).toBe(0.25);
    expect(analyticsRates({ sent: 0, delivered: 0, bounced: 0, complained: 0, replied: 0, unsubscribed: 0 })).toEqual({
      deliveryRate: null,
      bounceRate: null,
      complaintRate: null,
      replyRate: null,
      unsubscribeRate: null,
    });
    expect(formatAnalyticsRate(null)).toBe('—');
    expect(formatAnalyticsRate(0)).toBe('0%');
    expect(formatAnalyticsRate(0.042)).toBe('4.2%');
    expect(formatAnalyticsRate(0.5)).toBe('50%');
  });

  it('takes every rate of the emails sent', () => {
    expect(analyticsTotals(ROWS)).toEqual({
      sent: 20,
      delivered: 18,
      bounced: 1,
      complained: 1,
      replied: 2,
      unsubscribed: 1,
      deliveryRate: 0.9,
      bounceRate: 0.05,
      complaintRate: 0.05,
      replyRate: 0.1,
      unsubscribeRate: 0.05,
    });
  });
});

describe('analytics rollups', () => {
  it('sums by day in calendar order', () => {
    const days = rollupAnalytics(ROWS, 'day');
    expect(days.map((group) => [group.day, group.sent, group.replyRate])).toEqual([
      ['2026-03-01', 15, 2 / 15],
      ['2026-03-03', 5, 0],
    ]);
  });

  it("keeps two campaigns' steps apart and names the campaign when there are several", () => {
    const steps = rollupAnalytics(ROWS, 'step');
    expect(steps.map((group) => [group.label, group.sent])).toEqual([
      ['Bakers · Step 1', 1],
      ['Plumbers · Step 1', 15],
      ['Plumbers · Step 3', 4],
    ]);
    const oneCampaign = rollupAnalytics(ROWS.filter((entry) => entry.campaignId === 'c1'), 'step');
    expect(oneCampaign.map((group) => group.label)).toEqual(['Step 1', 'Step 3']);
  });

  it('sums by mailbox and by campaign, by name', () => {
    expect(rollupAnalytics(ROWS, 'mailbox').map((group) => [group.label, group.sent, group.complaintRate])).toEqual([
      ['ann@acme.test', 15, 0],
      ['bob@acme.test', 5, 0.2],
    ]);
    expect(rollupAnalytics(ROWS, 'campaign').map((group) => [group.label, group.sent])).toEqual([
      ['Bakers', 1],
      ['Plumbers', 19],
    ]);
    expect(rollupAnalytics([row({ mailboxId: null, mailboxAddress: null, sent: 1 })], 'mailbox')[0]?.label).toBe('No mailbox');
  });

  it('loses and invents nothing: every rollup sums to the totals (property)', () => {
    const counts = fc.nat({ max: 50 });
    const rows = fc.array(
      fc.record({
        day: fc.constantFrom('2026-03-01', '2026-03-02', '2026-03-05'),
        campaignId: fc.constantFrom('c1', 'c2'),
        stepId: fc.constantFrom('first', 'second'),
        stepPosition: fc.nat({ max: 4 }),
        mailboxId: fc.constantFrom('m1', 'm2', null),
        sent: counts,
        delivered: counts,
        bounced: counts,
        complained: counts,
        replied: counts,
        unsubscribed: counts,
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(rows, (generated) => {
        const all = generated.map((entry) => row({ ...entry, campaignName: entry.campaignId, mailboxAddress: entry.mailboxId }));
        const totals = analyticsTotals(all);
        for (const dimension of ANALYTICS_DIMENSIONS) {
          const summed = analyticsTotals(rollupAnalytics(all, dimension));
          for (const name of ANALYTICS_COUNT_NAMES) expect(summed[name]).toBe(totals[name]);
        }
      }),
    );
  });

  it('gives the chart every day of the range, empty ones at zero', () => {
    const daily = dailyAnalytics(ROWS, { from: '2026-02-28', to: '2026-03-03' });
    expect(daily.map((group) => [group.day, group.sent, group.bounceRate])).toEqual([
      ['2026-02-28', 0, null],
      ['2026-03-01', 15, 1 / 15],
      ['2026-03-02', 0, null],
      ['2026-03-03', 5, 0],
    ]);
  });
});

describe('analytics ranges', () => {
  it('counts calendar days across month ends, leap days and time changes', () => {
    expect(calendarDays('2028-02-27', '2028-03-01')).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    expect(calendarDays('2026-03-07', '2026-03-09')).toHaveLength(3);
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('refuses unreal dates, reversed ranges and ranges over the limit, saying why', () => {
    expect(analyticsRangeProblem('2026-02-30', '2026-03-01')).toBe('The start date 2026-02-30 is not a calendar date (YYYY-MM-DD).');
    expect(analyticsRangeProblem('2026-03-02', '2026-03-01')).toBe('The end date is before the start date.');
    expect(analyticsRangeProblem('2026-01-01', addCalendarDays('2026-01-01', ANALYTICS_MAX_DAYS))).toBe(`Choose at most ${ANALYTICS_MAX_DAYS} days.`);
    expect(analyticsRangeProblem('2026-01-01', addCalendarDays('2026-01-01', ANALYTICS_MAX_DAYS - 1))).toBeNull();
    expect(analyticsRangeProblem('2026-03-01', '2026-03-01')).toBeNull();
  });

  it('defaults to the 30 days ending today in the time zone', () => {
    // 03:00 UTC on 1 March is still 28 February in Chicago.
    const now = new Date('2026-03-01T03:00:00Z');
    expect(calendarDayIn('America/Chicago', now)).toBe('2026-02-28');
    expect(calendarDayIn('UTC', now)).toBe('2026-03-01');
    expect(analyticsRange({}, '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(analyticsRange({ from: '2026-03-01' }, '2026-03-05')).toEqual({ from: '2026-03-01', to: '2026-03-30' });
    expect(analyticsRange({ to: '2026-03-01' }, '2026-05-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(analyticsRange({ from: '2026-03-01', to: '2026-03-02' }, '2026-05-01')).toEqual({ from: '2026-03-01', to: '2026-03-02' });
  });
});

describe('analytics CSV', () => {
  it('writes counts and rates, empty where there is no rate, and never a formula', () => {
    const detail = [{ ...row({ campaignName: '=HYPERLINK("x")', sent: 4, bounced: 1 }), ...analyticsRates(row({ sent: 4, bounced: 1 })) }];
    const csv = toCsv(detail, analyticsDetailCsvColumns());
    const [header, line] = csv.split('\r\n');
    expect(header).toBe(
      'day,campaign,campaign id,step,step id,mailbox,sent,delivered,bounced (hard),complained,replied,unsubscribed,delivery rate,bounce rate,complaint rate,reply rate,unsubscribe rate',
    );
    expect(line).toBe(`2026-03-01,"'=HYPERLINK(""x"")",c1,1,first,ann@acme.test,4,0,1,0,0,0,0.0000,0.2500,0.0000,0.0000,0.0000`);
    const empty = toCsv(dailyAnalytics([], { from: '2026-03-01', to: '2026-03-01' }), analyticsGroupCsvColumns('day'));
    expect(empty.split('\r\n')[1]).toBe('2026-03-01,0,0,0,0,0,0,,,,,');
  });
});
