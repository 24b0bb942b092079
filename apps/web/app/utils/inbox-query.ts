import { REPLY_KINDS, type ReplyKind } from '@switchboard/core';

export interface InboxQuery {
  kind?: ReplyKind;
  campaignId?: string;
  leadId?: string;
  search?: string;
  cursor?: string;
}

/** The Inbox's filters and page from the URL (kind, campaign, lead, q, after); an unknown kind is dropped, anything else goes to the API, which says what is wrong with it. */
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
