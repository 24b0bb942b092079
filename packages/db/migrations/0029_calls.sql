-- Voice calls placed through Vapi, one row per attempt. A call's row and attempt key are committed
-- before Vapi is asked to dial, and the claim that moves it to `dialing` takes one of the concurrency
-- cap's slots, so the cap holds across worker processes and the same attempt is never placed twice.

create table calls (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  campaign_id uuid not null references campaigns (id) on delete cascade,
  lead_id uuid not null references leads (id) on delete cascade,
  -- The number called (E.164, as leads store phones).
  to_number text not null check (to_number ~ '^\+[1-9][0-9]{3,14}$'),
  -- The Vapi phone number the call goes out from; the per-number cap counts by it (across workspaces:
  -- the environment's number may serve several).
  phone_number_id text not null check (length(phone_number_id) between 1 and 200),
  attempt integer not null check (attempt between 1 and 100),
  -- core's callAttemptKey: one per campaign, lead and attempt.
  attempt_key text not null unique check (length(attempt_key) between 1 and 300),
  status text not null default 'queued'
    check (status in ('queued', 'dialing', 'ringing', 'in_progress', 'completed', 'no_answer', 'busy', 'voicemail', 'failed', 'canceled')),
  -- Not to be dialed before this (the calling window, a retry's spacing).
  not_before timestamptz not null default now(),
  vapi_call_id text unique check (length(vapi_call_id) between 1 and 200),
  -- What Vapi last said, as it said it (status and endedReason), for the call's page.
  vapi_status text check (length(vapi_status) <= 50),
  ended_reason text check (length(ended_reason) <= 200),
  failure text check (length(failure) <= 1000),
  -- From the end-of-call report.
  duration_s numeric(10, 3) check (duration_s >= 0),
  cost_usd numeric(12, 4) check (cost_usd >= 0),
  transcript text,
  summary text,
  recording_url text check (length(recording_url) <= 2000),
  analysis jsonb check (analysis is null or jsonb_typeof(analysis) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  dialing_at timestamptz,
  ringing_at timestamptz,
  answered_at timestamptz,
  ended_at timestamptz,
  unique (campaign_id, lead_id, attempt)
);

-- The claim's questions: queued calls of a workspace and number that are due, and the live ones.
create index calls_queued_idx on calls (workspace_id, phone_number_id, not_before) where status = 'queued';
create index calls_live_workspace_idx on calls (workspace_id) where status in ('dialing', 'ringing', 'in_progress');
create index calls_live_number_idx on calls (phone_number_id) where status in ('dialing', 'ringing', 'in_progress');
-- Never two live calls to the same person from one workspace.
create unique index calls_one_live_per_callee_idx on calls (workspace_id, to_number) where status in ('dialing', 'ringing', 'in_progress');
create index calls_campaign_status_idx on calls (workspace_id, campaign_id, status);
create index calls_lead_idx on calls (lead_id, created_at);

-- Vapi's webhooks (server messages) as they arrived, once each. Vapi gives a message no id of its
-- own, so the event key is built from the call and what the message says (see the web route); a
-- redelivery or a replay inside the signature's 5 minutes is a no-op. A job applies each row and
-- sets processed_at; the web process only verifies, stores and enqueues.
create table call_webhook_events (
  id uuid primary key default gen_random_uuid(),
  provider text not null default 'vapi' check (provider in ('vapi')),
  -- Up to a 200-character call id, a status and a 200-character ended reason.
  event_key text not null check (length(event_key) between 1 and 600),
  -- Resolved from the call the event names when it is applied (a webhook names no workspace).
  workspace_id uuid references workspaces (id) on delete cascade,
  call_id uuid references calls (id) on delete set null,
  vapi_call_id text check (length(vapi_call_id) <= 200),
  type text not null check (length(type) between 1 and 100),
  payload jsonb not null check (jsonb_typeof(payload) = 'object'),
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text check (length(outcome) <= 500),
  unique (provider, event_key)
);

create index call_webhook_events_call_idx on call_webhook_events (call_id, received_at) where call_id is not null;
