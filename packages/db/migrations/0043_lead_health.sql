-- Relationship health of the leads in outreach, scored by an hourly job from what was sent, placed and
-- received (core's assessRelationshipHealth), and stored so the Health page reads a page of scores
-- instead of aggregating every lead's sends, calls and messages on each load.

-- One row per lead that has had any outreach. Only the lead references its workspace: deleting the
-- workspace already removes the row through its lead (as migration 0028 explains).
create table lead_health (
  lead_id uuid primary key references leads (id) on delete cascade,
  workspace_id uuid not null,
  score smallint not null check (score between 0 and 100),
  status text not null check (status in ('healthy', 'at_risk', 'critical', 'ghost')),
  -- Short sentences, most important first, shown as they are: json keeps their order as written.
  reasons json not null default '[]',
  -- The counts and times the score was computed from, so the page can show why and a later rule can compare.
  signals jsonb not null check (jsonb_typeof(signals) = 'object'),
  touches_since_last_response integer not null default 0 check (touches_since_last_response >= 0),
  last_touch_at timestamptz,
  last_response_at timestamptz,
  computed_at timestamptz not null
);

-- The page: worst first (score, then lead id as the keyset's tie-break), optionally one status; the
-- status index also answers the per-status counts from the index alone.
create index lead_health_score_idx on lead_health (workspace_id, score, lead_id);
create index lead_health_status_score_idx on lead_health (workspace_id, status, score, lead_id);

-- When each workspace's scores were last refreshed, and how many it has: the page says "as of".
create table workspace_health_refreshes (
  workspace_id uuid primary key references workspaces (id) on delete cascade,
  refreshed_at timestamptz not null,
  leads_scored integer not null check (leads_scored >= 0)
);

-- The refresh walks a workspace's engaged leads in lead id order, merging three ordered index scans
-- (sent emails, placed calls, inbound messages through lead_messages_lead_idx), so it reads only the
-- leads that had outreach, never the whole leads table nor another workspace's rows. The same indexes
-- answer each lead's own aggregates.
create index sends_health_idx on sends (workspace_id, lead_id) where status = 'sent' and channel = 'email';
create index calls_health_idx on calls (workspace_id, lead_id) where dialing_at is not null;
