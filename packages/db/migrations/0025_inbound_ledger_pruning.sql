-- A message without a Message-ID is recognised again (after a UIDVALIDITY change) by a hash of its
-- sender, date, subject and body.
alter table mailbox_inbound_messages add column content_hash text check (content_hash ~ '^[0-9a-f]{64}$');
create unique index mailbox_inbound_messages_content_hash_idx on mailbox_inbound_messages (mailbox_id, content_hash) where content_hash is not null;

-- Each poll deletes its mailbox's ledger rows older than what it still needs.
create index mailbox_inbound_messages_processed_idx on mailbox_inbound_messages (mailbox_id, processed_at);

-- When the last poll succeeded, kept through later failures: a read after a UIDVALIDITY change starts
-- a day before it (it used to start where IMAP was set whenever the last poll had failed, so no ledger
-- row since then could ever be pruned). Reset with the cursor when the host or username changes.
alter table mailboxes add column imap_last_ok_at timestamptz;
update mailboxes set imap_last_ok_at = imap_checked_at where imap_status = 'ok';
