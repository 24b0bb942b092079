-- Every member of a workspace reads its campaign emails in the sandbox outbox, newest first.
create index sandbox_outbox_workspace_sends_idx on sandbox_outbox (workspace_id, created_at desc) where send_id is not null;
