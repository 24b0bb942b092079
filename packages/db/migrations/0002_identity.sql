-- Identity and access: users, memberships, allowlist, sessions, one-time links, sign-in attempts,
-- API tokens, encrypted provider keys, and the append-only audit log.

create table users (
  id uuid primary key default gen_random_uuid(),
  -- Stored normalised (trimmed, lower case); the check keeps every writer honest.
  email text not null unique check (email = lower(trim(email)) and email like '%_@_%'),
  name text,
  password_hash text,
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz,
  disabled_at timestamptz
);

create table workspace_members (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('admin', 'operator', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);

create index workspace_members_user_id_idx on workspace_members (user_id);

create table allowlist_entries (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  kind text not null check (kind in ('email', 'domain')),
  value text not null check (value = lower(trim(value))),
  role text not null default 'operator' check (role in ('admin', 'operator', 'viewer')),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (workspace_id, kind, value)
);

create index allowlist_entries_value_idx on allowlist_entries (value);

create table sessions (
  -- sha256 of the cookie value; the value itself is never stored.
  token_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  workspace_id uuid references workspaces (id) on delete set null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  revoked_at timestamptz,
  ip inet,
  user_agent text
);

create index sessions_user_id_idx on sessions (user_id) where revoked_at is null;

-- Sign-in links, password resets and the first-run setup link. Single use, short-lived.
create table one_time_links (
  token_hash text primary key,
  purpose text not null check (purpose in ('sign_in', 'password_reset', 'setup')),
  email text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

create table sign_in_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  ip inet,
  succeeded boolean not null,
  attempted_at timestamptz not null default now()
);

create index sign_in_attempts_email_idx on sign_in_attempts (email, attempted_at desc) where not succeeded;
create index sign_in_attempts_ip_idx on sign_in_attempts (ip, attempted_at desc) where not succeeded;

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  user_id uuid not null references users (id) on delete cascade,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  name text not null check (length(trim(name)) between 1 and 100),
  role text not null check (role in ('admin', 'operator', 'viewer')),
  expires_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

create index api_tokens_workspace_id_idx on api_tokens (workspace_id);

create table provider_keys (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  provider text not null check (provider in ('openai', 'resend', 'vapi', 'search', 'smtp')),
  -- AES-256-GCM (packages/core/src/crypto/secret-box.ts) of a JSON object of the provider's fields.
  sealed text not null,
  -- Shown to admins as "set, ends in …4f2a"; the only part of a key that leaves the server.
  hint text not null,
  updated_by uuid references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (workspace_id, provider)
);

create table audit_log (
  id bigint generated always as identity primary key,
  workspace_id uuid references workspaces (id) on delete set null,
  actor_user_id uuid references users (id) on delete set null,
  -- Who acted, as it read at the time (an email, "system", or "api token <name>").
  actor_label text not null,
  action text not null,
  target_type text,
  target_id text,
  summary jsonb not null default '{}',
  ip inet,
  created_at timestamptz not null default now()
);

create index audit_log_workspace_created_idx on audit_log (workspace_id, created_at desc);
create index audit_log_action_idx on audit_log (workspace_id, action, created_at desc);

-- Append-only: history is never rewritten, whoever asks.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;

create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();

-- Emails the sandbox "delivered": sign-in links and, later, outreach. The local outbox page reads them.
create table sandbox_outbox (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid references workspaces (id) on delete cascade,
  to_address text not null,
  subject text not null,
  body_text text not null,
  created_at timestamptz not null default now()
);

create index sandbox_outbox_created_idx on sandbox_outbox (created_at desc);
