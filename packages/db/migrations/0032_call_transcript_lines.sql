-- A call's transcript as it is spoken: one row per final `transcript` message Vapi sends while the
-- call is live, shown on the call's page before the end-of-call report brings the whole transcript
-- (calls.transcript, which stays the record). A line is kept once: a redelivered or replayed message
-- says the same thing at the same moment, so the unique index makes it a no-op. Lines are read in the
-- order they were said (Vapi's timestamp), whatever order they arrived in. The worker keeps at most
-- core's CALL_TRANSCRIPT_MAX_LINES per call, each at most CALL_TRANSCRIPT_LINE_MAX_CHARS.

create table call_transcript_lines (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  call_id uuid not null references calls (id) on delete cascade,
  role text not null check (role in ('assistant', 'user')),
  text text not null check (length(text) between 1 and 4000),
  said_at timestamptz not null,
  created_at timestamptz not null default now()
);

create unique index call_transcript_lines_once_idx on call_transcript_lines (call_id, said_at, role, md5(text));

-- Vapi's `hang` message: the assistant kept the caller waiting (a slow model, voice or tool). The
-- call's page says how often and when last.
alter table calls
  add column assistant_hangs integer not null default 0 check (assistant_hangs >= 0),
  add column last_assistant_hang_at timestamptz;
