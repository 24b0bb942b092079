-- Mailboxes: the sender identities a workspace sends from, each with its own limits and send window,
-- a campaign's rotation across them, and the slot ledger that enforces the limits in Postgres, so
-- several worker processes together never send more from a mailbox than its windows allow.

create table mailboxes (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  from_name text not null check (length(trim(from_name)) between 1 and 200),
  -- Stored lower-case, so "Ann@Acme.test" and "ann@acme.test" are one mailbox.
  from_address text not null check (from_address = lower(from_address) and length(from_address) between 3 and 320),
  provider text not null check (provider in ('resend', 'smtp')),
  limit_per_minute integer not null default 1,
  limit_per_hour integer not null default 5,
  limit_per_day integer not null default 20,
  signature text not null default '' check (length(signature) <= 5000),
  -- The postal address every marketing email's footer carries; a mailbox without one cannot send.
  postal_address text check (postal_address is null or length(trim(postal_address)) between 1 and 500),
  -- Days of the week (0 = Sunday … 6 = Saturday) and minutes of the day [start, end), in the recipient's time zone.
  send_days smallint[] not null default '{1,2,3,4,5}',
  send_start_minute integer not null default 540,
  send_end_minute integer not null default 1020,
  -- active ⇄ paused (by a person, or by the mailbox's health check); archived is final.
  status text not null default 'active' check (status in ('active', 'paused', 'archived')),
  paused_reason text check (paused_reason is null or length(paused_reason) <= 500),
  paused_at timestamptz,
  created_by uuid references users (id) on delete set null,
  updated_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (limit_per_minute > 0 and limit_per_minute <= limit_per_hour and limit_per_hour <= limit_per_day),
  check (cardinality(send_days) between 1 and 7 and send_days <@ '{0,1,2,3,4,5,6}'::smallint[]),
  check (send_start_minute >= 0 and send_start_minute < send_end_minute and send_end_minute <= 1440),
  check ((status = 'paused') = (paused_at is not null))
);

-- One mailbox per address in a workspace (an archived one keeps its address, so history stays readable).
create unique index mailboxes_workspace_address_idx on mailboxes (workspace_id, from_address);
create index mailboxes_workspace_created_idx on mailboxes (workspace_id, created_at);

-- The mailboxes a campaign rotates across, in order.
create table campaign_mailboxes (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  campaign_id uuid not null references campaigns (id) on delete cascade,
  mailbox_id uuid not null references mailboxes (id) on delete cascade,
  position integer not null check (position >= 0),
  primary key (campaign_id, mailbox_id),
  unique (campaign_id, position)
);

create index campaign_mailboxes_mailbox_idx on campaign_mailboxes (mailbox_id);

-- One row per send a mailbox's limits let through. The limiter locks the mailbox row, counts its
-- recent slots and inserts one only when every window has room; the send key makes a retry of the
-- same send find its reservation instead of taking a second slot.
create table mailbox_send_slots (
  id bigint generated always as identity primary key,
  mailbox_id uuid not null references mailboxes (id) on delete cascade,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  send_key text not null check (length(send_key) between 1 and 200),
  reserved_at timestamptz not null,
  unique (workspace_id, send_key)
);

-- Counting a mailbox's slots in its last minute, hour and day, and the mailbox list's usage today.
create index mailbox_send_slots_recent_idx on mailbox_send_slots (mailbox_id, reserved_at desc);
