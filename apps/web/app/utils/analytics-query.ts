/** The report's campaign and dates from the URL (shared by the page and its CSV export); empty values are left out. */
export function analyticsQuery(params: URLSearchParams): { campaignId?: string; from?: string; to?: string } {
  const value = (name: string) => params.get(name)?.trim().slice(0, 100) || undefined;
  const campaignId = value('campaign');
  const from = value('from');
  const to = value('to');
  return { ...(campaignId ? { campaignId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** The URL of the page (or, with `groupBy`, its CSV) for a campaign and range. */
export function analyticsHref(query: { campaignId?: string | null | undefined; from?: string | undefined; to?: string | undefined }, groupBy?: string): string {
  const params = new URLSearchParams();
  if (query.campaignId) params.set('campaign', query.campaignId);
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  if (groupBy) params.set('group', groupBy);
  const search = params.toString();
  return `${groupBy ? '/analytics.csv' : '/analytics'}${search ? `?${search}` : ''}`;
}
