-- IMAP on a mailbox: where its replies arrive, how the poller logs in (the password sealed like provider
-- keys), how the last login went, and how far its INBOX has been read.

alter table mailboxes
  add column imap_host text check (imap_host is null or char_length(imap_host) between 1 and 253),
  add column imap_port integer check (imap_port is null or imap_port between 1 and 65535),
  add column imap_tls boolean not null default true,
  add column imap_username text check (imap_username is null or char_length(imap_username) between 1 and 320),
  -- AES-256-GCM under SWITCHBOARD_SECRET, bound to the workspace and mailbox; never leaves db's callers.
  add column imap_password_sealed text,
  -- When this host and username were set: the first read takes mail from then on.
  add column imap_set_at timestamptz,
  -- When any IMAP setting was last saved: a poll records its result only for the settings it used.
  add column imap_saved_at timestamptz,
  -- Null until the first poll after the settings were saved.
  add column imap_status text check (imap_status in ('ok', 'reconnect_needed')),
  add column imap_error text check (char_length(imap_error) <= 300),
  add column imap_checked_at timestamptz,
  -- The INBOX's UIDVALIDITY the cursor belongs to, and the highest UID processed under it.
  add column imap_uid_validity bigint,
  add column imap_last_uid bigint not null default 0,
  add check ((imap_host is null) = (imap_port is null) and (imap_host is null) = (imap_username is null)
             and (imap_host is null) = (imap_password_sealed is null) and (imap_host is null) = (imap_set_at is null)
             and (imap_host is null) = (imap_saved_at is null)),
  add check ((imap_status = 'reconnect_needed') = (imap_error is not null));

-- The poller's list: mailboxes with IMAP set.
create index mailboxes_imap_idx on mailboxes (imap_checked_at nulls first) where imap_host is not null and status <> 'archived';

-- Each INBOX message the poller processed, once: by its place (mailbox, UIDVALIDITY, UID), and by its
-- Message-ID, so the same mail found again under a new UIDVALIDITY is not processed twice.
create table mailbox_inbound_messages (
  mailbox_id uuid not null references mailboxes (id) on delete cascade,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  uid_validity bigint not null,
  uid bigint not null,
  message_id text check (char_length(message_id) between 1 and 1000),
  outcome text not null check (char_length(outcome) <= 500),
  processed_at timestamptz not null default now(),
  primary key (mailbox_id, uid_validity, uid)
);

create unique index mailbox_inbound_messages_message_id_idx on mailbox_inbound_messages (mailbox_id, message_id) where message_id is not null;
