// Which page of a lead's timeline a URL shows: the newest without these parameters, else the sends and
// the messages older than the ones named (a list left out of the URL ran out on an earlier page).

export interface TimelinePageStart {
  sendsBefore: string | null;
  messagesBefore: string | null;
}

const SENDS = 'sendsBefore';
const MESSAGES = 'messagesBefore';

/** The timeline procedure's paging input from a URL's parameters (nothing for the newest page). */
export function timelinePageQuery(params: URLSearchParams): { sendsBefore?: string; messagesBefore?: string } {
  const sends = params.get(SENDS);
  const messages = params.get(MESSAGES);
  return { ...(sends ? { sendsBefore: sends } : {}), ...(messages ? { messagesBefore: messages } : {}) };
}

/** The same paging as input again (a refetch of the page shown); `start` null is the newest page. */
export function timelineStartQuery(start: TimelinePageStart | null): { sendsBefore?: string; messagesBefore?: string } {
  if (!start) return {};
  return { ...(start.sendsBefore ? { sendsBefore: start.sendsBefore } : {}), ...(start.messagesBefore ? { messagesBefore: start.messagesBefore } : {}) };
}

/** The link to the page that starts at `start` (null: the newest), keeping the URL's other parameters. */
export function timelinePageLink(params: URLSearchParams, start: TimelinePageStart | null): string {
  const next = new URLSearchParams(params);
  next.delete(SENDS);
  next.delete(MESSAGES);
  if (start?.sendsBefore) next.set(SENDS, start.sendsBefore);
  if (start?.messagesBefore) next.set(MESSAGES, start.messagesBefore);
  const search = next.toString();
  return search ? `?${search}` : '.';
}
