-- The Inbox page lists a workspace's inbound messages newest first, a keyset page at a time, filtered
-- by kind, by campaign or by a search over sender and subject.

-- The campaign a message answers, copied from its send when it is stored: filtering by campaign reads
-- one index instead of joining every message to its send. Null when the reply named no send.
alter table lead_messages add column campaign_id uuid references campaigns (id) on delete set null;
update lead_messages m set campaign_id = s.campaign_id from sends s where s.id = m.send_id and s.workspace_id = m.workspace_id;

-- Newest first (scanned backward), optionally one kind or one campaign.
create index lead_messages_inbox_idx on lead_messages (workspace_id, received_at, id);
create index lead_messages_inbox_kind_idx on lead_messages (workspace_id, kind, received_at, id);
create index lead_messages_inbox_campaign_idx on lead_messages (workspace_id, campaign_id, received_at, id) where campaign_id is not null;
-- "Sender or subject contains": one trigram index over both, asked with the same expression.
create index lead_messages_inbox_search_idx on lead_messages using gin ((from_address || ' ' || subject) gin_trgm_ops);
