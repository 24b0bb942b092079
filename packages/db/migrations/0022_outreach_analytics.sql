-- Outreach analytics: per day, campaign, step and mailbox, what the emails sent did. Each figure
-- belongs to the day its email was sent, so a rate compares like with like (of the emails sent that
-- day, how many bounced or drew a reply, however late the reply came).

-- The emails a workspace sent in a time range (and, within the index, one campaign's): a range
-- scan per request, never the whole table.
create index sends_sent_range_idx on sends (workspace_id, sent_at, campaign_id) where sent_at is not null;
-- Inbound replies and unsubscribe requests received since a range began (far fewer than sends).
create index lead_messages_received_idx on lead_messages (workspace_id, received_at) where kind in ('reply', 'unsubscribe_request');
-- Unsubscribes made through a send's link, since a range began.
create index suppressions_unsubscribe_send_idx on suppressions (workspace_id, created_at) where source = 'unsubscribe' and send_id is not null;
