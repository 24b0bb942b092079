-- The spine: tenants, run-time system settings, and worker liveness.

create table workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) between 1 and 200),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  time_zone text not null default 'UTC',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Overrides of the typed defaults declared in packages/core (system/system-config.ts).
create table system_config (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

insert into system_config (key, value) values
  ('default_concurrency_cap', '8'),
  ('default_cron_cadence', '60');

-- One row per worker process, refreshed by the system.heartbeat job it sends through the queues.
create table worker_heartbeats (
  worker_id text primary key,
  hostname text not null,
  pid integer not null,
  version text not null,
  queues text[] not null default '{}',
  started_at timestamptz not null,
  last_seen_at timestamptz not null default now()
);

create index worker_heartbeats_last_seen_at_idx on worker_heartbeats (last_seen_at desc);
