-- A lead is never called by two calls of its workspace at once, nor queued twice while one is queued
-- or live (core's OPEN_CALL_STATUSES): a campaign's own calls and a sequence's call step could both
-- queue the same lead. The unique index is the arbiter, so the rule holds under concurrent queuing;
-- an insert it refuses is skipped (createCalls: on conflict do nothing).

-- Queued calls beside another open call of their lead are canceled first: the lead keeps its live
-- call, else its earliest queued one. A sequence's canceled call wakes its enrolment, which goes on as
-- after any canceled call. (Two live calls to one lead cannot be canceled; the live-call index per
-- callee number makes them all but impossible, and the index below would then refuse to build.)
with ranked as (
  select id, row_number() over (partition by workspace_id, lead_id order by (status = 'queued'), created_at, id) as position
  from calls
  where status in ('queued', 'dialing', 'ringing', 'in_progress')
), canceled as (
  update calls c
  set status = 'canceled', ended_at = now(), updated_at = now(),
      failure = 'Not placed: another call to this lead was already queued or live.'
  from ranked r
  where r.id = c.id and r.position > 1 and c.status = 'queued'
  returning c.enrolment_id
)
update enrolments e set next_action_at = now(), updated_at = now()
from canceled
where e.id = canceled.enrolment_id and e.status = 'active';

create unique index calls_one_open_per_lead_idx on calls (workspace_id, lead_id) where status in ('queued', 'dialing', 'ringing', 'in_progress');
