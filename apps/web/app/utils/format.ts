/** "just now", "4 s ago", "3 min ago", "2 h ago". */
export function formatAge(ms: number): string {
  if (ms < 1_000) return 'just now';
  if (ms < 60_000) return `${Math.floor(ms / 1_000)} s ago`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  return `${Math.floor(ms / 3_600_000)} h ago`;
}

/**
 * A lead count as a heading shows it: exact ("1,234"), or an estimate said as one ("about 100,000",
 * two significant figures) when the API stopped counting.
 */
export function formatLeadCount(total: { count: number; exact: boolean }): string {
  if (total.exact) return total.count.toLocaleString('en-US');
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(total.count)) - 1);
  return `about ${(Math.round(total.count / magnitude) * magnitude).toLocaleString('en-US')}`;
}
