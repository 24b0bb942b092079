/** The audit filters as they appear in the URL, so a filtered view can be shared and exported. */
export function auditQuery(params: URLSearchParams) {
  const read = (name: string) => params.get(name)?.trim() || undefined;
  const from = read('from');
  const to = read('to');
  const actor = read('actor');
  const action = read('action');
  return { ...(actor ? { actor } : {}), ...(action ? { action } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
