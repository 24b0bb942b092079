-- Email outreach: a campaign's sequence, the leads enrolled in it, and one send per enrolment and
-- step. A send's row and idempotency key are committed before any provider is called, so a retry or
-- a crash can never send the same step to the same lead twice.

-- The campaign's ordered steps (core's sequence schema), versioned so a cached AI draft or a
-- rendered preview can say which version it belongs to.
alter table campaigns
  add column sequence jsonb check (sequence is null or jsonb_typeof(sequence) = 'object'),
  add column sequence_version integer not null default 0 check (sequence_version >= 0),
  add column outreach_started_at timestamptz,
  add column outreach_started_by uuid references users (id) on delete set null;

create table enrolments (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  campaign_id uuid not null references campaigns (id) on delete cascade,
  lead_id uuid not null references leads (id) on delete cascade,
  contact_id uuid references lead_contacts (id) on delete set null,
  -- The address the sequence writes to, fixed at enrolment (lower-cased like contacts).
  email text not null check (email = lower(email) and email like '%_@_%'),
  status text not null default 'active' check (status in ('active', 'paused', 'completed', 'stopped')),
  stop_reason text check (stop_reason in ('replied', 'bounced', 'unsubscribed', 'suppressed', 'complained', 'send_failed', 'manual')),
  -- The sequence step to run next (null once past the last) and since when it is current (the
  -- enrolment's start, or when the previous email went out): core's planner reads both.
  step_id text,
  step_since timestamptz not null default now(),
  -- When the scheduler looks at it again; null while one of its sends is on its way.
  next_action_at timestamptz,
  -- The mailbox that wrote the first email: follow-ups come from the same sender (one thread).
  mailbox_id uuid,
  enrolled_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  check ((status = 'stopped') = (stop_reason is not null)),
  -- Enrolling the same lead twice in a campaign is a no-op.
  unique (campaign_id, lead_id)
);

-- The scheduler's question: which active enrolments are due now (earliest first).
create index enrolments_due_idx on enrolments (next_action_at) where status = 'active' and next_action_at is not null;
create index enrolments_campaign_status_idx on enrolments (workspace_id, campaign_id, status);
create index enrolments_lead_idx on enrolments (lead_id);

create table sends (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  campaign_id uuid not null references campaigns (id) on delete cascade,
  enrolment_id uuid not null references enrolments (id) on delete cascade,
  lead_id uuid not null references leads (id) on delete cascade,
  -- The sequence step's id (stable when steps are reordered), its position when planned (for the
  -- board's order), and the step the enrolment moves to once this one is sent.
  step_id text not null check (length(step_id) between 1 and 100),
  step_position integer not null check (step_position >= 0),
  next_step_id text,
  -- Given to the provider (Resend's Idempotency-Key): the same key can only ever be accepted once.
  idempotency_key text not null unique,
  -- Our own Message-ID header, so a reply's In-Reply-To / References finds the send it answers.
  message_id text not null unique,
  to_address text not null check (to_address = lower(to_address)),
  status text not null default 'queued' check (status in ('queued', 'sending', 'retrying', 'sent', 'failed', 'canceled')),
  attempts integer not null default 0 check (attempts >= 0),
  -- Not to be tried before this (a retry's delay, a closed send window, a full mailbox).
  not_before timestamptz not null default now(),
  mailbox_id uuid,
  provider text check (provider in ('sandbox', 'resend', 'smtp')),
  provider_message_id text,
  subject text,
  failure text,
  -- What the provider's events said since, furthest first; state never goes backwards.
  delivery text check (delivery in ('delivered', 'delivery_delayed', 'bounced', 'complained')),
  delivered_at timestamptz,
  bounced_at timestamptz,
  complained_at timestamptz,
  opened_at timestamptz,
  clicked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz,
  -- One send per enrolment and step, however often the scheduler plans it.
  unique (enrolment_id, step_id)
);

-- Per-step counts on the campaign board, and each lead's timeline.
create index sends_campaign_step_idx on sends (workspace_id, campaign_id, step_id, status);
create index sends_lead_idx on sends (lead_id, created_at);
-- Sends waiting to go (or to be retried), earliest first.
create index sends_waiting_idx on sends (not_before) where status in ('queued', 'retrying');
-- A provider's webhook names its own message id.
create index sends_provider_message_idx on sends (provider, provider_message_id) where provider_message_id is not null;
