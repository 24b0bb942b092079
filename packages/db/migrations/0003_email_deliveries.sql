-- One row per email Switchboard means to send, keyed so that a retried or crashed job never sends
-- the same email twice: the row is written before the provider is called.

create table email_deliveries (
  id uuid primary key default gen_random_uuid(),
  idempotency_key text not null unique,
  workspace_id uuid references workspaces (id) on delete cascade,
  to_address text not null,
  subject text not null,
  provider text not null check (provider in ('sandbox', 'resend', 'smtp')),
  status text not null check (status in ('sending', 'sent', 'failed')),
  provider_message_id text,
  error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);

create index email_deliveries_created_idx on email_deliveries (created_at desc);

alter table sandbox_outbox add column delivery_id uuid references email_deliveries (id) on delete cascade;
