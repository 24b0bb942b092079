-- Email provider webhooks (Resend's, signed by Svix) as they arrived, once each: the provider's event
-- id (svix-id) is unique, so a redelivery or replay is a no-op. A job applies each row and sets
-- processed_at; the web process only verifies, stores and enqueues.

create table email_webhook_events (
  id uuid primary key default gen_random_uuid(),
  provider text not null check (provider in ('resend')),
  provider_event_id text not null check (length(provider_event_id) between 1 and 200),
  -- The workspace the event concerns, once it is resolved from the send it names (null until then:
  -- the environment's Resend key serves every workspace, and the event names only Resend's email id).
  workspace_id uuid references workspaces (id) on delete cascade,
  type text not null check (length(type) between 1 and 100),
  payload jsonb not null check (jsonb_typeof(payload) = 'object'),
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  unique (provider, provider_event_id)
);
