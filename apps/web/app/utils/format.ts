import { formatNumber } from '@switchboard/core';

/** "just now", "4 s ago", "3 min ago", "2 h ago". */
export function formatAge(ms: number): string {
  if (ms < 1_000) return 'just now';
  if (ms < 60_000) return `${Math.floor(ms / 1_000)} s ago`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  return `${Math.floor(ms / 3_600_000)} h ago`;
}

/**
 * A count as a page heading shows it (leads, suppressions): exact ("1,234"), or an estimate said as one ("about 100,000",
 * two significant figures) when the API stopped counting.
 */
export function formatCount(total: { count: number; exact: boolean }): string {
  if (total.exact) return formatNumber(total.count);
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(total.count)) - 1);
  return `about ${formatNumber(Math.round(total.count / magnitude) * magnitude)}`;
}

/** A call's length or elapsed time as a clock shows it: "0:07", "12:34", "1:02:03" (never negative). */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1_000));
  const hours = Math.floor(total / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** US dollars with cents, as call costs and budgets are shown ("$1,234.50"). */
export function formatDollars(amount: number): string {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

// Every time the dashboard shows is on the UTC clock and says so, like the board's "Spent today (UTC)":
// the server renders it, and a zone-less time would read as the viewer's own clock (and change when
// the browser hydrates in another zone). Show them through <UtcTime> (components/utc-time.tsx).
const UTC_DATE = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
const UTC_DATE_TIME = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' });
const UTC_TIME = new Intl.DateTimeFormat('en-US', { timeStyle: 'long', timeZone: 'UTC' });

/** A moment with its date, named as UTC: "Dec 2, 2026, 6:05:09 PM UTC". */
export function formatUtcDateTime(at: Date | string): string {
  return UTC_DATE_TIME.format(new Date(at));
}

/** A moment's date on the UTC calendar: "Dec 2, 2026" (where the time of day does not matter). */
export function formatUtcDate(at: Date | string): string {
  return UTC_DATE.format(new Date(at));
}

/** A moment's time of day, named as UTC: "6:05:09 PM UTC". */
export function formatUtcTime(at: Date | string): string {
  return UTC_TIME.format(new Date(at));
}
