import { Link } from '@remix-run/react';
import { formatAnalyticsRate, formatNumber } from '@switchboard/core';
import type { ApiOutputs } from '../utils/api-types.ts';

// Outreach analytics as a page shows them: totals, a chart of emails sent per day, a chart of the
// daily rates, and tables by step, mailbox and campaign. Plain SVG drawn on the server (no chart
// library): the bars and lines stretch to any width, and the labels are HTML so they stay legible
// on a phone. Every chart has its numbers in a table beside it, for screen readers and exports alike.

export type AnalyticsReport = ApiOutputs['analytics']['report'];
type Group = AnalyticsReport['days'][number];

const TIME_ZONE_SOURCES: Record<AnalyticsReport['timeZoneSource'], string> = {
  campaign: "the campaign's time zone",
  workspace: "the workspace's time zone",
  utc: 'UTC (the configured time zone is not known here)',
};

/** The sentence saying whose calendar the days are. */
export function analyticsDaysNote(report: AnalyticsReport): string {
  return `Days run midnight to midnight in ${report.timeZone}, ${TIME_ZONE_SOURCES[report.timeZoneSource]}. Each email's delivery, bounce, complaint, reply and unsubscribe counts on the day the email was sent; every rate is of the emails sent.`;
}

interface Series {
  label: string;
  className: string;
}

// Each chart's series: what its legend lists and the class its marks and swatches share.
const SENT_SERIES: readonly Series[] = [
  { label: 'Sent', className: 'bar-sent' },
  { label: 'Bounced or complained', className: 'bar-failed' },
];
const RATES = [
  { key: 'bounceRate', label: 'Bounce rate', className: 'series-bounce' },
  { key: 'complaintRate', label: 'Complaint rate', className: 'series-complaint' },
  { key: 'replyRate', label: 'Reply rate', className: 'series-reply' },
  { key: 'unsubscribeRate', label: 'Unsubscribe rate', className: 'series-unsubscribe' },
] as const;

/** A chart's legend: a swatch (a block for bars, a line for lines) and a label per series. */
function ChartLegend({ series, mark }: { series: readonly Series[]; mark: 'swatch' | 'line' }) {
  return (
    <p className="chart-legend small">
      {series.map((entry) => (
        <span key={entry.label} className="legend-item">
          <span className={`legend-${mark} ${entry.className}`} aria-hidden="true" /> {entry.label}
        </span>
      ))}
    </p>
  );
}

export function AnalyticsSummary({ totals }: { totals: AnalyticsReport['totals'] }) {
  const tiles = [
    { label: 'Sent', value: formatNumber(totals.sent) },
    { label: 'Delivered', value: formatNumber(totals.delivered), rate: formatAnalyticsRate(totals.deliveryRate) },
    { label: 'Bounced (hard)', value: formatNumber(totals.bounced), rate: formatAnalyticsRate(totals.bounceRate) },
    { label: 'Complaints', value: formatNumber(totals.complained), rate: formatAnalyticsRate(totals.complaintRate) },
    { label: 'Replied', value: formatNumber(totals.replied), rate: formatAnalyticsRate(totals.replyRate) },
    { label: 'Unsubscribed', value: formatNumber(totals.unsubscribed), rate: formatAnalyticsRate(totals.unsubscribeRate) },
  ];
  return (
    <dl className="analytics-tiles" data-testid="analytics-totals">
      {tiles.map((tile) => (
        <div key={tile.label} className="analytics-tile">
          <dt>{tile.label}</dt>
          <dd>
            <strong>{tile.value}</strong>
            {tile.rate ? <span className="muted"> {tile.rate}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A readable ceiling for an axis: 1, 2 or 5 times a power of ten, at least `value`. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value) ?? value);
}

const CHART_WIDTH = 1000;
const CHART_HEIGHT = 200;

function shortDay(day: string): string {
  const [, month, date] = day.split('-');
  return `${Number(date)} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(month) - 1]}`;
}

function DayAxis({ days }: { days: Group[] }) {
  const first = days[0]?.day;
  const last = days.at(-1)?.day;
  return (
    <div className="chart-x-axis muted small" aria-hidden="true">
      <span>{first ? shortDay(first) : ''}</span>
      <span>{last && last !== first ? shortDay(last) : ''}</span>
    </div>
  );
}

/** Emails sent per day as bars, the part that bounced or drew a complaint in red at the foot of each. */
export function SentPerDayChart({ days }: { days: Group[] }) {
  const top = niceCeiling(Math.max(...days.map((day) => day.sent), 0));
  const slot = CHART_WIDTH / Math.max(days.length, 1);
  const bar = Math.max(slot * 0.7, 1);
  const total = days.reduce((sum, day) => sum + day.sent, 0);
  return (
    <figure className="chart" data-testid="sent-chart">
      <figcaption className="chart-title">Emails sent per day</figcaption>
      <div className="chart-body">
        <div className="chart-y-axis muted small" aria-hidden="true">
          <span>{formatNumber(top)}</span>
          <span>0</span>
        </div>
        <svg viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`} preserveAspectRatio="none" className="chart-svg" role="img" aria-label={`${formatNumber(total)} emails sent over ${days.length} days; the numbers per day are in the table below.`}>
          <line x1="0" y1={CHART_HEIGHT} x2={CHART_WIDTH} y2={CHART_HEIGHT} className="chart-baseline" vectorEffect="non-scaling-stroke" />
          {days.map((day, index) => {
            const height = (day.sent / top) * CHART_HEIGHT;
            const failed = ((day.bounced + day.complained) / top) * CHART_HEIGHT;
            const x = index * slot + (slot - bar) / 2;
            return (
              <g key={day.key}>
                <title>{`${day.day}: ${day.sent} sent, ${day.delivered} delivered, ${day.bounced} bounced, ${day.complained} complaints, ${day.replied} replied`}</title>
                <rect x={x} y={CHART_HEIGHT - height} width={bar} height={height} className="bar-sent" />
                {failed > 0 ? <rect x={x} y={CHART_HEIGHT - failed} width={bar} height={failed} className="bar-failed" /> : null}
              </g>
            );
          })}
        </svg>
      </div>
      <DayAxis days={days} />
      <ChartLegend series={SENT_SERIES} mark="swatch" />
    </figure>
  );
}

/** The daily rates as lines; a day without emails has no rate, and breaks the line. */
export function RatesPerDayChart({ days }: { days: Group[] }) {
  const highest = Math.max(0, ...days.flatMap((day) => RATES.map((rate) => day[rate.key] ?? 0)));
  const top = Math.min(1, niceCeiling(Math.max(highest, 0.01) * 100) / 100);
  const slot = CHART_WIDTH / Math.max(days.length, 1);
  const y = (rate: number) => (CHART_HEIGHT - (rate / top) * CHART_HEIGHT).toFixed(1);
  // A lone day is drawn as a short dash across its slot, so it shows without neighbours.
  const pointsOf = (run: { index: number; rate: number }[]) =>
    (run.length === 1 ? [{ x: run[0]!.index * slot + slot * 0.2, rate: run[0]!.rate }, { x: run[0]!.index * slot + slot * 0.8, rate: run[0]!.rate }] : run.map((entry) => ({ x: entry.index * slot + slot / 2, rate: entry.rate })))
      .map((entry) => `${entry.x.toFixed(1)},${y(entry.rate)}`)
      .join(' ');
  return (
    <figure className="chart" data-testid="rates-chart">
      <figcaption className="chart-title">Rates per day (of the emails sent that day)</figcaption>
      <div className="chart-body">
        <div className="chart-y-axis muted small" aria-hidden="true">
          <span>{formatAnalyticsRate(top)}</span>
          <span>0%</span>
        </div>
        <svg viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`} preserveAspectRatio="none" className="chart-svg" role="img" aria-label="Bounce, complaint, reply and unsubscribe rates per day; the numbers are in the table below.">
          <line x1="0" y1={CHART_HEIGHT} x2={CHART_WIDTH} y2={CHART_HEIGHT} className="chart-baseline" vectorEffect="non-scaling-stroke" />
          {RATES.map((rate) => {
            // Runs of consecutive days with a rate, each drawn as its own line.
            const runs: { index: number; rate: number }[][] = [[]];
            days.forEach((day, index) => {
              const value = day[rate.key];
              if (value === null) runs.push([]);
              else runs.at(-1)!.push({ index, rate: value });
            });
            return (
              <g key={rate.key} className={rate.className}>
                {runs
                  .filter((run) => run.length > 0)
                  .map((run) => (
                    <polyline key={run[0]!.index} points={pointsOf(run)} fill="none" vectorEffect="non-scaling-stroke" />
                  ))}
              </g>
            );
          })}
        </svg>
      </div>
      <DayAxis days={days} />
      <ChartLegend series={RATES} mark="line" />
    </figure>
  );
}

/** Counts and rates per group, one row each, with the group's name in the first column. */
export function AnalyticsTable({ groups, heading, testId }: { groups: Group[]; heading: string; testId: string }) {
  return (
    <div className="table-scroll">
      <table className="table compact analytics-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col" className="number">Sent</th>
            <th scope="col" className="number">Delivered</th>
            <th scope="col" className="number">Bounce rate</th>
            <th scope="col" className="number">Complaint rate</th>
            <th scope="col" className="number">Reply rate</th>
            <th scope="col" className="number">Unsubscribed</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.key}>
              <th scope="row" className="break-anywhere">{group.label}</th>
              <td className="number">{formatNumber(group.sent)}</td>
              <td className="number">{formatNumber(group.delivered)}</td>
              <td className="number">
                {formatAnalyticsRate(group.bounceRate)} <span className="muted small">({group.bounced})</span>
              </td>
              <td className="number">
                {formatAnalyticsRate(group.complaintRate)} <span className="muted small">({group.complained})</span>
              </td>
              <td className="number">
                {formatAnalyticsRate(group.replyRate)} <span className="muted small">({group.replied})</span>
              </td>
              <td className="number">
                {formatNumber(group.unsubscribed)} <span className="muted small">({formatAnalyticsRate(group.unsubscribeRate)})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The report's tables, in page order: the campaigns one only across campaigns, the long daily one folded.
const GROUPINGS: readonly { name: 'steps' | 'mailboxes' | 'campaigns' | 'days'; heading: string; csv: 'step' | 'mailbox' | 'day' | null; collapsed: boolean }[] = [
  { name: 'steps', heading: 'Step', csv: 'step', collapsed: false },
  { name: 'mailboxes', heading: 'Mailbox', csv: 'mailbox', collapsed: false },
  { name: 'campaigns', heading: 'Campaign', csv: null, collapsed: false },
  { name: 'days', heading: 'Day', csv: 'day', collapsed: true },
];

/** The whole report: totals, the two charts, and the tables; an empty state when no email went out in the range. */
export function OutreachAnalytics({ report, csvHref }: { report: AnalyticsReport; csvHref: (groupBy: 'detail' | 'day' | 'step' | 'mailbox') => string }) {
  const nothingSent = report.totals.sent === 0;
  return (
    <>
      <p className="muted small" data-testid="analytics-days-note">{analyticsDaysNote(report)}</p>
      {nothingSent ? (
        <div className="empty-state" data-testid="analytics-empty">
          <p className="empty-title">No emails were sent from {report.from} to {report.to}.</p>
          <p>
            Figures appear here once outreach sends its first emails. Start outreach from a <Link to="/campaigns">campaign</Link>'s
            Outreach page, or choose other dates.
          </p>
        </div>
      ) : (
        <>
          <AnalyticsSummary totals={report.totals} />
          <div className="grid">
            <section className="card" aria-label="Emails sent per day">
              <SentPerDayChart days={report.days} />
            </section>
            <section className="card" aria-label="Rates per day">
              <RatesPerDayChart days={report.days} />
            </section>
          </div>
          {GROUPINGS.filter((grouping) => grouping.name !== 'campaigns' || !report.campaign).map((grouping) => {
            const table = <AnalyticsTable groups={report[grouping.name]} heading={grouping.heading} testId={`analytics-${grouping.name}`} />;
            return (
              <section key={grouping.name} className="card wide" aria-labelledby={`analytics-${grouping.name}-heading`}>
                <div className="card-header">
                  <h2 id={`analytics-${grouping.name}-heading`}>By {grouping.heading.toLowerCase()}</h2>
                  {grouping.csv ? <a className="secondary-button" href={csvHref(grouping.csv)} download>CSV</a> : null}
                </div>
                {grouping.collapsed ? (
                  <details>
                    <summary>Every day's numbers</summary>
                    {table}
                  </details>
                ) : (
                  table
                )}
              </section>
            );
          })}
        </>
      )}
    </>
  );
}
