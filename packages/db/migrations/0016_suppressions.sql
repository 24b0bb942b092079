-- One suppression list per workspace: addresses and whole domains that are never emailed again, with
-- why (an unsubscribe, a hard bounce, a complaint, an operator, an imported file). The sender asks
-- suppressed_addresses-style questions at send time, so the lookup is an index probe per recipient.

create table suppressions (
  id uuid primary key default time_ordered_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  kind text not null check (kind in ('email', 'domain')),
  -- Stored normalised; the check keeps every writer honest (an address has an @, a domain none).
  value text not null check (
    value = lower(trim(value)) and char_length(value) between 3 and 320
    and (case kind when 'email' then value like '%_@_%' else value not like '%@%' end)
  ),
  source text not null check (source in ('unsubscribe', 'bounce', 'complaint', 'manual', 'import')),
  reason text check (char_length(reason) <= 500),
  -- The send whose message carried the unsubscribe link or bounced, when known (no foreign key: the
  -- sends table arrives with the sender, and a suppression outlives any send).
  send_id uuid,
  created_at timestamptz not null default now(),
  created_by uuid references users (id) on delete set null,
  -- One entry per address or domain in a workspace: adding twice is a no-op.
  unique (workspace_id, kind, value)
);

-- The list page, newest first (ids are time-ordered) and by address, paged by keyset; the second is
-- also the send-time probe (workspace_id, value = the address or its domain).
create index suppressions_newest_idx on suppressions (workspace_id, id desc);
create index suppressions_value_idx on suppressions (workspace_id, value, id);
-- Searching part of an address or domain.
create index suppressions_value_trgm_idx on suppressions using gin (value gin_trgm_ops);
