-- Lead discovery: campaigns, leads with their contacts and sources, discovery runs and their tasks,
-- search results, and usage windows for provider quotas. Leads belong to a workspace (deduplicated
-- across all its campaigns); the key columns hold values normalised by packages/core (leads/keys.ts).

create table campaigns (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null check (length(trim(name)) between 1 and 200),
  description text not null default '' check (length(description) <= 5000),
  status text not null default 'draft' check (status in ('draft', 'active', 'paused', 'completed', 'archived')),
  owner_user_id uuid references users (id) on delete set null,
  time_zone text not null default 'UTC',
  -- ZCampaignTarget (core campaigns/target.ts): queries, locations, categories, pagesPerQuery, sources.
  target jsonb not null default '{}' check (jsonb_typeof(target) = 'object'),
  -- Overrides of DEFAULT_SCORE_WEIGHTS (core leads/score.ts), keyed by score reason code.
  score_weights jsonb not null default '{}' check (jsonb_typeof(score_weights) = 'object'),
  created_by uuid references users (id) on delete set null,
  updated_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index campaigns_workspace_created_idx on campaigns (workspace_id, created_at desc);

create table leads (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  -- The campaign that found it first; the lead itself is shared by the workspace's campaigns.
  campaign_id uuid references campaigns (id) on delete set null,
  name text not null check (length(trim(name)) between 1 and 300),
  -- "name|city|country" (nameLocationKey); null when the location is unknown.
  name_key text,
  -- The business's own host (normalizeDomain), never a directory site such as yelp.com.
  domain text check (domain = lower(domain)),
  website text,
  address text,
  city text,
  region text,
  country text,
  lat double precision check (lat between -90 and 90),
  lng double precision check (lng between -180 and 180),
  phone text check (phone ~ '^\+[1-9][0-9]{3,14}$'),
  category text,
  rating numeric(2, 1) check (rating between 0 and 5),
  review_count integer check (review_count >= 0),
  description text,
  social_links jsonb not null default '[]' check (jsonb_typeof(social_links) = 'array'),
  has_contact_form boolean,
  website_reachable boolean,
  status text not null default 'discovered' check (status in (
    'discovered', 'enriched', 'pending_review', 'approved', 'rejected', 'in_outreach',
    'replied', 'bounced', 'unsubscribed', 'converted', 'closed')),
  score integer not null default 0 check (score between 0 and 100),
  score_reasons jsonb not null default '[]' check (jsonb_typeof(score_reasons) = 'array'),
  confidence text not null default 'low' check (confidence in ('high', 'medium', 'low')),
  reject_reason text check (reject_reason in ('not_a_fit', 'no_contact_details', 'duplicate', 'outside_target_area', 'bad_data', 'other')),
  status_changed_at timestamptz,
  status_changed_by uuid references users (id) on delete set null,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Each key identifies one lead per workspace: a second discovery of the same business merges into
-- the lead that owns the key instead of adding a row.
create unique index leads_name_key_idx on leads (workspace_id, name_key) where name_key is not null;
create unique index leads_domain_idx on leads (workspace_id, domain) where domain is not null;
create unique index leads_phone_idx on leads (workspace_id, phone) where phone is not null;
-- The review queue (status filter, best first) and the lead table's default sort, with id as the
-- keyset tie-breaker.
create index leads_status_score_idx on leads (workspace_id, status, score desc, id desc);
create index leads_score_idx on leads (workspace_id, score desc, id desc);
create index leads_first_seen_idx on leads (workspace_id, first_seen_at desc, id desc);
-- Filters by city are case-insensitive ("all ≥ 80 in Austin").
create index leads_city_idx on leads (workspace_id, lower(city));
create index leads_campaign_idx on leads (campaign_id, status);

create table lead_contacts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  lead_id uuid not null references leads (id) on delete cascade,
  email text check (email = lower(email) and email like '%_@_%'),
  name text,
  role text,
  phone text,
  source_page text,
  created_at timestamptz not null default now(),
  check (email is not null or name is not null or phone is not null)
);

-- An address belongs to one lead in a workspace: it is a dedup key too.
create unique index lead_contacts_email_idx on lead_contacts (workspace_id, email) where email is not null;
-- A contact without an address is the same contact when its name and phone are, so re-running a
-- discovery does not add it again.
create unique index lead_contacts_unnamed_idx on lead_contacts (lead_id, coalesce(name, ''), coalesce(phone, '')) where email is null;
create index lead_contacts_lead_idx on lead_contacts (lead_id);

create table discovery_runs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  campaign_id uuid not null references campaigns (id) on delete cascade,
  status text not null default 'running' check (status in ('running', 'paused', 'done', 'cancelled')),
  started_by uuid references users (id) on delete set null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  leads_found integer not null default 0 check (leads_found >= 0),
  leads_merged integer not null default 0 check (leads_merged >= 0)
);

create index discovery_runs_campaign_idx on discovery_runs (workspace_id, campaign_id, started_at desc);
-- One unfinished run per campaign: two people pressing Start at once cannot both start one.
create unique index discovery_runs_one_open_idx on discovery_runs (campaign_id) where status in ('running', 'paused');

create table discovery_tasks (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  run_id uuid not null references discovery_runs (id) on delete cascade,
  kind text not null check (kind in ('search', 'places', 'scrape')),
  input jsonb not null check (jsonb_typeof(input) = 'object'),
  -- Same run, kind and key = same work (e.g. the site's domain for scrape), so a site found twice is
  -- scraped once.
  dedupe_key text not null,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'failed', 'waiting_quota')),
  reason text,
  attempts integer not null default 0 check (attempts >= 0),
  -- The queue job working on it: a retry of that job may take the task over, another job may not.
  claimed_by_job text,
  -- While waiting for a quota reset: not to be tried before this.
  not_before timestamptz,
  results integer not null default 0 check (results >= 0),
  leads_found integer not null default 0 check (leads_found >= 0),
  leads_merged integer not null default 0 check (leads_merged >= 0),
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  unique (run_id, kind, dedupe_key)
);

create index discovery_tasks_run_status_idx on discovery_tasks (run_id, status);

create table lead_sources (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  lead_id uuid not null references leads (id) on delete cascade,
  kind text not null check (kind in ('search', 'places', 'website', 'import')),
  -- A url, a place id, or "<import file>#row<n>".
  ref text not null,
  evidence jsonb not null default '{}' check (jsonb_typeof(evidence) = 'object'),
  run_id uuid references discovery_runs (id) on delete set null,
  found_at timestamptz not null default now(),
  unique (lead_id, kind, ref)
);

-- A place id or page seen before points at the lead it produced (merge matching). Import rows are
-- not matched by source, so they stay out of the index and cost nothing to add.
create index lead_sources_ref_idx on lead_sources (workspace_id, kind, ref) where kind <> 'import';
create index lead_sources_run_idx on lead_sources (run_id) where run_id is not null;

create table search_results (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  task_id uuid not null references discovery_tasks (id) on delete cascade,
  url text not null,
  title text,
  snippet text,
  position integer not null check (position >= 1),
  -- A retried search task saves its page again without adding rows.
  unique (task_id, url)
);

-- Provider usage per workspace and window: `key` names the quota ("search:day", "places:minute"),
-- `window_start` when its window began. A reservation is one atomic upsert.
create table usage_windows (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  key text not null,
  window_start timestamptz not null,
  used integer not null default 0 check (used >= 0),
  -- The provider said the quota is spent, whatever our count says.
  exhausted boolean not null default false,
  primary key (workspace_id, key, window_start)
);
