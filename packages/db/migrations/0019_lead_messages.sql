-- Replies on a lead's timeline, and what the webhook job decided about each stored provider event.

create table lead_messages (
  id uuid primary key default time_ordered_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  lead_id uuid not null references leads (id) on delete cascade,
  -- The send the message answers, when the reply named it (else it was matched by its sender).
  send_id uuid references sends (id) on delete set null,
  direction text not null check (direction in ('inbound')),
  -- What the message was taken for: a person's reply, an auto-reply, a request to stop writing.
  kind text not null check (kind in ('reply', 'out_of_office', 'unsubscribe_request')),
  from_address text not null check (char_length(from_address) between 3 and 320),
  subject text not null default '' check (char_length(subject) <= 1000),
  -- The reply's own words: the quoted earlier message is stripped before storing.
  text text not null default '' check (char_length(text) <= 100000),
  received_at timestamptz not null,
  -- The provider event it came from (Resend's email id of the received message): storing twice is a no-op.
  provider_event_id text not null unique check (char_length(provider_event_id) between 1 and 200),
  created_at timestamptz not null default now()
);

-- The lead's timeline, newest first.
create index lead_messages_lead_idx on lead_messages (workspace_id, lead_id, received_at desc);

-- Why an event changed nothing (an unknown send, a soft bounce, a reply matching no lead), for whoever looks.
alter table email_webhook_events add column outcome text check (char_length(outcome) <= 500);

-- A mailbox's health is read over its last sends after each bounce or complaint.
create index sends_mailbox_recent_idx on sends (mailbox_id, created_at desc) where mailbox_id is not null;
-- An inbound reply without In-Reply-To is matched by its sender against active enrolments.
create index enrolments_live_email_idx on enrolments (workspace_id, email) where status in ('active', 'paused');
