-- Calls placed by a sequence's call step: the call belongs to the enrolment and step that queued it,
-- so the enrolment can wait for its last attempt and branch on how it ended. Such a call's attempts
-- are keyed by enrolment, step and attempt (a lead may be called by more than one call step of a
-- campaign); calls queued for the campaign by hand keep the one-per-campaign-lead-and-attempt rule.

alter table calls
  add column enrolment_id uuid references enrolments (id) on delete cascade,
  add column step_id text check (length(step_id) between 1 and 40),
  add constraint calls_enrolment_step_check check ((enrolment_id is null) = (step_id is null));

alter table calls drop constraint calls_campaign_id_lead_id_attempt_key;
create unique index calls_campaign_lead_attempt_idx on calls (campaign_id, lead_id, attempt) where enrolment_id is null;
-- The scheduler's question (an enrolment's calls by step) and the once-per-attempt guard.
create unique index calls_enrolment_step_attempt_idx on calls (enrolment_id, step_id, attempt) where enrolment_id is not null;
