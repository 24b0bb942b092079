/** The audit filters as they appear in the URL, so a filtered view can be shared and exported. */
export function auditQuery(params: URLSearchParams) {
  const read = (name: string) => params.get(name)?.trim() || undefined;
  const from = read('from');
  const to = read('to');
  const actor = read('actor');
  const action = read('action');
  return { ...(actor ? { actor } : {}), ...(action ? { action } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** The filters back as URL parameters, for the export link and paging. */
export function auditParams(query: ReturnType<typeof auditQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.actor) params.set('actor', query.actor);
  if (query.action) params.set('action', query.action);
  if (query.from) params.set('from', query.from);
  if (query.to) params.set('to', query.to);
  return params;
}
