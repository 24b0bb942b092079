-- The call board's queue: the next queued calls of a workspace, or of one campaign, in the order they
-- are due, so the board's bounded list (and a campaign's queue depth) stays an index read with
-- 100,000 calls waiting.
create index calls_queued_workspace_next_idx on calls (workspace_id, not_before, id) where status = 'queued';
create index calls_queued_campaign_next_idx on calls (campaign_id, not_before, id) where status = 'queued';
