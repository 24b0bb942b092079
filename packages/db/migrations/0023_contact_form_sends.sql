-- Contact form steps: a form submission is a send with channel 'form', so it shares the sends table's
-- exactly-once rule (one row per enrolment and step, committed as `sending` before the browser
-- submits). A lead reached only through its form is enrolled without an email address.

alter table enrolments alter column email drop not null;

alter table sends
  add column channel text not null default 'email' check (channel in ('email', 'form')),
  alter column to_address drop not null,
  add constraint sends_email_has_address check (channel <> 'email' or to_address is not null),
  -- The page the form was found on (from discovery's evidence), once the submitter has looked.
  add column form_url text,
  add column form_outcome text check (form_outcome in ('submitted', 'no_form', 'not_mappable', 'robots_disallowed', 'failed', 'in_doubt')),
  -- Set (committed) just before the browser presses submit: a send left `sending` with it set may
  -- have been submitted, so it is marked in doubt instead of being tried again.
  add column submit_started_at timestamptz;

alter table sends drop constraint sends_status_check;
alter table sends add constraint sends_status_check check (status in ('queued', 'sending', 'retrying', 'sent', 'failed', 'canceled', 'skipped'));
alter table sends drop constraint sends_provider_check;
alter table sends add constraint sends_provider_check check (provider in ('sandbox', 'resend', 'smtp', 'browser'));

-- Form sends waiting for the browser, earliest first (the email dispatcher leaves them alone).
create index sends_form_waiting_idx on sends (not_before) where status in ('queued', 'retrying') and channel = 'form';

-- What the page looked like after the submit (or when it could not be filled): evidence for people
-- in the workspace, served only to its signed-in members.
create table send_screenshots (
  send_id uuid primary key references sends (id) on delete cascade,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  png bytea not null,
  taken_at timestamptz not null default now()
);
create index send_screenshots_workspace_idx on send_screenshots (workspace_id);
