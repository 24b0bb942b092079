-- The sandbox outbox also keeps campaign emails (in sandbox, sends land here instead of anyone's
-- inbox): which send it was, and its HTML part and headers, so the viewer shows what a provider would
-- have been given.
alter table sandbox_outbox
  add column send_id uuid references sends (id) on delete cascade,
  add column body_html text,
  add column headers jsonb check (headers is null or jsonb_typeof(headers) = 'object');

-- A send goes into the outbox once (a retried dispatch finds it there).
create unique index sandbox_outbox_send_idx on sandbox_outbox (send_id) where send_id is not null;
