import { REPLY_KINDS, type ReplyKind } from '@switchboard/core';

export interface InboxQuery {
  kind?: ReplyKind;
  campaignId?: string;
  leadId?: string;
  search?: string;
  cursor?: string;
}

/** The Inbox's filters and page from the URL (kind, campaign, lead, q, after); an unknown kind is dropped, anything else goes to the API (a value it refuses is left out and said on the page). */
export function inboxQuery(params: URLSearchParams): InboxQuery {
  const kind = params.get('kind');
  const campaignId = params.get('campaign');
  const leadId = params.get('lead');
  const search = params.get('q')?.trim();
  const cursor = params.get('after');
  return {
    ...(REPLY_KINDS.includes(kind as ReplyKind) ? { kind: kind as ReplyKind } : {}),
    ...(campaignId ? { campaignId } : {}),
    ...(leadId ? { leadId } : {}),
    ...(search ? { search } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/** The query back as URL parameters, for the page's own links (paging, the lead kept through the filters). */
export function inboxParams(query: InboxQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.search) params.set('q', query.search);
  if (query.kind) params.set('kind', query.kind);
  if (query.campaignId) params.set('campaign', query.campaignId);
  if (query.leadId) params.set('lead', query.leadId);
  if (query.cursor) params.set('after', query.cursor);
  return params;
}
