-- What the call scheduler needs per campaign: the Vapi assistant that speaks, and how a call nobody
-- answered is retried (attempts in all, and the least time between them; core's
-- DEFAULT_CALL_RETRY_POLICY is the default), and its calling window (core's ZCallingWindow, read on
-- the callee's clock; null is the default, weekdays 9:00–17:00). A call of a campaign without an
-- assistant fails with that reason instead of being placed.

alter table campaigns
  add column call_assistant_id text check (length(call_assistant_id) between 1 and 200),
  add column call_max_attempts integer not null default 3 check (call_max_attempts between 1 and 10),
  add column call_retry_spacing_minutes integer not null default 240 check (call_retry_spacing_minutes between 1 and 10080),
  add column call_window jsonb check (call_window is null or jsonb_typeof(call_window) = 'object');

-- Reconciliation's question: live calls nothing has moved for a while.
create index calls_live_updated_idx on calls (updated_at) where status in ('dialing', 'ringing', 'in_progress');
-- The tick's question: which workspaces and numbers have queued calls due.
create index calls_queued_due_idx on calls (not_before) where status = 'queued';
