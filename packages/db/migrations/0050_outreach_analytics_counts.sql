-- The Analytics page's figures. Counting them on each load read every email sent in the range and every reply
-- and unsubscribe since its first day (~100 ms at 100,000 sends, ~1 s at 1,000,000). They are stored instead,
-- kept by triggers as in 0049, in two parts:
--
-- 1. Each send carries whether it drew a reply (`replied`) and whether it led to an unsubscribe (`unsubscribed`),
--    as the page has always attributed them: a reply or stop request counts for the send it names (In-Reply-To),
--    else for the lead's latest email sent before it; an unsubscribe through a link counts for the send it names.
--    Triggers on lead_messages, suppressions and sends work out again the sends a change can move (the sends it
--    names, and every send of a lead with a message that names none), so a second reply to an email, a follow-up
--    sent after a reply, or a deleted send whose replies fall back to an earlier email all leave them right.
--    Two differences from the live count: a reply dated before its email went (a skewed clock) still counts for
--    it, whatever the range (the live count skipped answers dated before the range's first day); and a reply
--    naming no email, committed at the same instant as another email to that lead is marked sent, may count for
--    the lead's earlier email (neither transaction sees the other's row; locking against it would make every
--    send wait on replies).
-- 2. Per workspace, quarter-hour (in UTC), campaign, step, step position and mailbox, the emails sent then and
--    what became of them. Days are read in any time zone: since 1980 every zone's days have begun on a quarter-hour
--    in UTC (offsets, and the wall-clock times they change at, are whole quarter-hours; checked in the time zone data
--    for every zone and every day 1980–2050, to the second around the days that begin at a clock change; only
--    Kiritimati before October 1979 and Monrovia in the first week of 1972 were off it), so a quarter-hour's
--    emails all fall on one day, in every zone.
alter table sends
  add column replied boolean not null default false,
  add column unsubscribed boolean not null default false;

-- The messages and unsubscribes that name a send, looked up when it is worked out again (and when a send is
-- deleted, for the foreign key's `set null`, which had no index to use).
create index lead_messages_send_idx on lead_messages (send_id) where send_id is not null;
-- A message naming no email counts for the lead's latest email sent before it: one backward step of this
-- index. Without it the planner may take every email of the workspace sent before the message
-- (sends_sent_range_idx) for each message, quadratic in a bulk insert of messages.
create index sends_lead_sent_idx on sends (lead_id, sent_at desc, id desc) where channel = 'email' and sent_at is not null;
create index suppressions_send_idx on suppressions (send_id) where send_id is not null and source = 'unsubscribe';

-- Works out again whether each of `candidates` (send ids) drew a reply and led to an unsubscribe, and writes
-- the marks that changed (which the triggers on sends then count). A message without a send is the lead's latest
-- email sent before it (the later id on a tie).
create function mark_answered_sends(candidates uuid[]) returns void language plpgsql as $$
begin
  -- An update of no rows still fires the statement triggers on sends, which would call this again: nothing to do, nothing done.
  if coalesce(cardinality(candidates), 0) = 0 then
    return;
  end if;
  with chosen as (
    select s.id, s.workspace_id, s.lead_id from sends s where s.id = any(candidates)
  ),
  fallback as (
    select m.kind, (
      select l.id from sends l
      where l.lead_id = m.lead_id and l.workspace_id = m.workspace_id and l.channel = 'email' and l.sent_at <= m.received_at
      order by l.sent_at desc, l.id desc limit 1
    ) as send_id
    from (select distinct workspace_id, lead_id from chosen) x
    join lead_messages m on m.workspace_id = x.workspace_id and m.lead_id = x.lead_id
    where m.send_id is null and m.kind in ('reply', 'unsubscribe_request')
  ),
  answers as (
    select m.workspace_id, m.send_id, m.kind from lead_messages m where m.send_id = any(candidates) and m.kind in ('reply', 'unsubscribe_request')
    union all
    select x.workspace_id, f.send_id, f.kind from fallback f join chosen x on x.id = f.send_id
  ),
  marks as (
    select c.id, coalesce(bool_or(a.kind = 'reply'), false) as replied,
      coalesce(bool_or(a.kind = 'unsubscribe_request'), false)
        or exists (select 1 from suppressions u where u.send_id = c.id and u.workspace_id = c.workspace_id and u.source = 'unsubscribe') as unsubscribed
    from chosen c
    left join answers a on a.send_id = c.id and a.workspace_id = c.workspace_id
    group by c.id, c.workspace_id
  )
  update sends s set replied = marks.replied, unsubscribed = marks.unsubscribed
  from marks
  where s.id = marks.id and (s.replied, s.unsubscribed) is distinct from (marks.replied, marks.unsubscribed);
end;
$$;

-- The sends a statement's messages name, and the leads whose messages name none (`workspaces` and `leads` side by
-- side): those sends, and every send of those leads, are worked out again. Ids only: a statement may change many.
create function mark_sends_of_messages(named uuid[], workspaces uuid[], leads uuid[]) returns void language plpgsql as $$
begin
  perform mark_answered_sends(array(
    select unnest(named)
    union
    select s.id from (select distinct w, l from unnest(workspaces, leads) as lead(w, l)) lead
    join sends s on s.lead_id = lead.l and s.workspace_id = lead.w
  ));
end;
$$;

-- Leads a statement emailed, unemailed or moved emails of (`workspaces` and `leads` side by side): which of their
-- emails a message naming none counts for may have changed, so their sends are worked out again, if the lead has
-- such a message (most have none: one index probe).
create function mark_sends_of_leads_emailed(workspaces uuid[], leads uuid[]) returns void language plpgsql as $$
begin
  if coalesce(cardinality(leads), 0) = 0 then
    return;
  end if;
  perform mark_answered_sends(array(
    select s.id
    from (select distinct w, l from unnest(workspaces, leads) as lead(w, l)) lead
    join sends s on s.lead_id = lead.l and s.workspace_id = lead.w
    where exists (
      select 1 from lead_messages m
      where m.workspace_id = lead.w and m.lead_id = lead.l and m.send_id is null and m.kind in ('reply', 'unsubscribe_request')
    )
  ));
end;
$$;

-- Transition tables exist only for their own event: a trigger function per event, each with plain statements
-- (planned once per connection, where EXECUTE of built text was planned every time: ~2 ms a statement on sends).
create function mark_sends_on_message_insert() returns trigger language plpgsql as $$
declare
  named uuid[];
  workspaces uuid[];
  leads uuid[];
begin
  select array_agg(send_id) filter (where send_id is not null), array_agg(workspace_id) filter (where send_id is null), array_agg(lead_id) filter (where send_id is null)
  into named, workspaces, leads
  from new_messages where kind in ('reply', 'unsubscribe_request');
  perform mark_sends_of_messages(named, workspaces, leads);
  return null;
end;
$$;

create function mark_sends_on_message_update() returns trigger language plpgsql as $$
declare
  named uuid[];
  workspaces uuid[];
  leads uuid[];
begin
  -- A deleted send's messages are set null one statement per send, most of them changing none: one probe then.
  if not exists (select 1 from new_messages) then
    return null;
  end if;
  select array_agg(m.send_id) filter (where m.send_id is not null), array_agg(m.workspace_id) filter (where m.send_id is null), array_agg(m.lead_id) filter (where m.send_id is null)
  into named, workspaces, leads
  from new_messages n join old_messages o on o.id = n.id
  cross join lateral (values (n.workspace_id, n.lead_id, n.send_id, n.kind), (o.workspace_id, o.lead_id, o.send_id, o.kind)) as m(workspace_id, lead_id, send_id, kind)
  where (n.workspace_id, n.lead_id, n.send_id, n.kind, n.received_at) is distinct from (o.workspace_id, o.lead_id, o.send_id, o.kind, o.received_at)
    and m.kind in ('reply', 'unsubscribe_request');
  perform mark_sends_of_messages(named, workspaces, leads);
  return null;
end;
$$;

create function mark_sends_on_message_delete() returns trigger language plpgsql as $$
declare
  named uuid[];
  workspaces uuid[];
  leads uuid[];
begin
  select array_agg(send_id) filter (where send_id is not null), array_agg(workspace_id) filter (where send_id is null), array_agg(lead_id) filter (where send_id is null)
  into named, workspaces, leads
  from old_messages where kind in ('reply', 'unsubscribe_request');
  perform mark_sends_of_messages(named, workspaces, leads);
  return null;
end;
$$;

-- An unsubscribe naming a send added, removed or changed.
create function mark_sends_on_suppression_insert() returns trigger language plpgsql as $$
begin
  perform mark_answered_sends(array(select n.send_id from new_suppressions n where n.send_id is not null and n.source = 'unsubscribe'));
  return null;
end;
$$;

create function mark_sends_on_suppression_update() returns trigger language plpgsql as $$
begin
  perform mark_answered_sends(array(
    select n.send_id from new_suppressions n where n.send_id is not null and n.source = 'unsubscribe'
    union
    select o.send_id from old_suppressions o where o.send_id is not null and o.source = 'unsubscribe'
  ));
  return null;
end;
$$;

create function mark_sends_on_suppression_delete() returns trigger language plpgsql as $$
begin
  perform mark_answered_sends(array(select o.send_id from old_suppressions o where o.send_id is not null and o.source = 'unsubscribe'));
  return null;
end;
$$;

create function mark_sends_on_send_insert() returns trigger language plpgsql as $$
declare
  workspaces uuid[];
  leads uuid[];
begin
  select array_agg(workspace_id), array_agg(lead_id) into workspaces, leads from new_sends where sent_at is not null;
  perform mark_sends_of_leads_emailed(workspaces, leads);
  return null;
end;
$$;

create function mark_sends_on_send_update() returns trigger language plpgsql as $$
declare
  workspaces uuid[];
  leads uuid[];
begin
  select array_agg(m.workspace_id), array_agg(m.lead_id) into workspaces, leads
  from new_sends n join old_sends o on o.id = n.id
  cross join lateral (values (n.workspace_id, n.lead_id, n.sent_at), (o.workspace_id, o.lead_id, o.sent_at)) as m(workspace_id, lead_id, sent_at)
  where (n.workspace_id, n.lead_id, n.sent_at, n.channel) is distinct from (o.workspace_id, o.lead_id, o.sent_at, o.channel)
    and m.sent_at is not null;
  perform mark_sends_of_leads_emailed(workspaces, leads);
  return null;
end;
$$;

create function mark_sends_on_send_delete() returns trigger language plpgsql as $$
declare
  workspaces uuid[];
  leads uuid[];
begin
  select array_agg(workspace_id), array_agg(lead_id) into workspaces, leads from old_sends where sent_at is not null;
  perform mark_sends_of_leads_emailed(workspaces, leads);
  return null;
end;
$$;

create trigger lead_messages_mark_sends_on_insert after insert on lead_messages
  referencing new table as new_messages for each statement execute function mark_sends_on_message_insert();
create trigger lead_messages_mark_sends_on_update after update on lead_messages
  referencing old table as old_messages new table as new_messages for each statement execute function mark_sends_on_message_update();
create trigger lead_messages_mark_sends_on_delete after delete on lead_messages
  referencing old table as old_messages for each statement execute function mark_sends_on_message_delete();
create trigger suppressions_mark_sends_on_insert after insert on suppressions
  referencing new table as new_suppressions for each statement execute function mark_sends_on_suppression_insert();
create trigger suppressions_mark_sends_on_update after update on suppressions
  referencing old table as old_suppressions new table as new_suppressions for each statement execute function mark_sends_on_suppression_update();
create trigger suppressions_mark_sends_on_delete after delete on suppressions
  referencing old table as old_suppressions for each statement execute function mark_sends_on_suppression_delete();

create function mark_sends_after_truncate() returns trigger language plpgsql as $$
begin
  perform mark_answered_sends(array(select id from sends where replied or unsubscribed));
  return null;
end;
$$;

-- Emptying messages or suppressions (tests, a restore) unmarks what they marked.
create trigger lead_messages_truncated_unmark_sends after truncate on lead_messages for each statement execute function mark_sends_after_truncate();
create trigger suppressions_truncated_unmark_sends after truncate on suppressions for each statement execute function mark_sends_after_truncate();

-- The marks of the sends already there (the triggers above hold messages and suppressions against writes, and
-- the new columns hold sends, until this commits).
select mark_answered_sends(array(
  select send_id from lead_messages where send_id is not null and kind in ('reply', 'unsubscribe_request')
  union
  select s.id from (select distinct workspace_id, lead_id from lead_messages where send_id is null and kind in ('reply', 'unsubscribe_request')) lead
  join sends s on s.lead_id = lead.lead_id and s.workspace_id = lead.workspace_id
  union
  select send_id from suppressions where send_id is not null and source = 'unsubscribe'
));

create trigger sends_mark_answered_on_insert after insert on sends
  referencing new table as new_sends for each statement execute function mark_sends_on_send_insert();
create trigger sends_mark_answered_on_update after update on sends
  referencing old table as old_sends new table as new_sends for each statement execute function mark_sends_on_send_update();
create trigger sends_mark_answered_on_delete after delete on sends
  referencing old table as old_sends for each statement execute function mark_sends_on_send_delete();

create table outreach_analytics_counts (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  campaign_id uuid not null references campaigns (id) on delete cascade,
  -- The quarter-hour the emails were sent in (its start, in UTC).
  sent_in timestamptz not null,
  step_id text not null,
  step_position integer not null,
  -- No foreign key, as on sends: a deleted mailbox's emails stay counted (the page shows them without an address).
  mailbox_id uuid,
  -- As in 0049, no `check (n >= 0)`; the tests compare them with a real count. A row whose emails all went
  -- (their lead was deleted) stays with zeros, and is read as no row.
  sent integer not null default 0,
  delivered integer not null default 0,
  bounced integer not null default 0,
  complained integer not null default 0,
  replied integer not null default 0,
  unsubscribed integer not null default 0,
  constraint outreach_analytics_counts_key unique nulls not distinct (workspace_id, sent_in, campaign_id, step_id, step_position, mailbox_id)
);

-- Adds what the changed emails count now and takes away what they counted before (see count_send_changes in
-- 0049: statement-level, one upsert per row touched, in key order, at the statement's end; `n = n + delta`). Only
-- emails that were sent count; a contact form submission is no email. A function per event, as for the marks
-- above: the same statement over the event's transition tables, planned once per connection.
create function count_sent_emails_on_insert() returns trigger language plpgsql as $$
begin
  insert into outreach_analytics_counts as c
    (workspace_id, campaign_id, sent_in, step_id, step_position, mailbox_id, sent, delivered, bounced, complained, replied, unsubscribed)
  select * from (
    select workspace_id, campaign_id, date_bin('15 minutes', sent_at, timestamptz '2000-01-01 00:00+00') as sent_in, step_id, step_position, mailbox_id,
      sum(sign)::int as sent,
      coalesce(sum(sign) filter (where delivered_at is not null), 0)::int as delivered,
      coalesce(sum(sign) filter (where delivery = 'bounced'), 0)::int as bounced,
      coalesce(sum(sign) filter (where delivery = 'complained'), 0)::int as complained,
      coalesce(sum(sign) filter (where replied), 0)::int as replied,
      coalesce(sum(sign) filter (where unsubscribed), 0)::int as unsubscribed
    from (select n.*, 1 as sign from new_sends n) changed
    where sent_at is not null and channel = 'email'
      -- A campaign being deleted takes its counts with it: its sends' removal has nothing left to change.
      and exists (select 1 from campaigns k where k.id = changed.campaign_id)
    group by 1, 2, 3, 4, 5, 6
  ) delta
  -- An update that moved no count (a claim, an open, a retry's due time) leaves the rows untouched.
  where (sent, delivered, bounced, complained, replied, unsubscribed) <> (0, 0, 0, 0, 0, 0)
  order by workspace_id, sent_in, campaign_id, step_id, step_position, mailbox_id
  on conflict (workspace_id, sent_in, campaign_id, step_id, step_position, mailbox_id) do update set
    sent = c.sent + excluded.sent,
    delivered = c.delivered + excluded.delivered,
    bounced = c.bounced + excluded.bounced,
    complained = c.complained + excluded.complained,
    replied = c.replied + excluded.replied,
    unsubscribed = c.unsubscribed + excluded.unsubscribed;
  return null;
end;
$$;

create function count_sent_emails_on_update() returns trigger language plpgsql as $$
begin
  insert into outreach_analytics_counts as c
    (workspace_id, campaign_id, sent_in, step_id, step_position, mailbox_id, sent, delivered, bounced, complained, replied, unsubscribed)
  select * from (
    select workspace_id, campaign_id, date_bin('15 minutes', sent_at, timestamptz '2000-01-01 00:00+00') as sent_in, step_id, step_position, mailbox_id,
      sum(sign)::int as sent,
      coalesce(sum(sign) filter (where delivered_at is not null), 0)::int as delivered,
      coalesce(sum(sign) filter (where delivery = 'bounced'), 0)::int as bounced,
      coalesce(sum(sign) filter (where delivery = 'complained'), 0)::int as complained,
      coalesce(sum(sign) filter (where replied), 0)::int as replied,
      coalesce(sum(sign) filter (where unsubscribed), 0)::int as unsubscribed
    from (select n.*, 1 as sign from new_sends n union all select o.*, -1 as sign from old_sends o) changed
    where sent_at is not null and channel = 'email'
      -- A campaign being deleted takes its counts with it: its sends' removal has nothing left to change.
      and exists (select 1 from campaigns k where k.id = changed.campaign_id)
    group by 1, 2, 3, 4, 5, 6
  ) delta
  -- An update that moved no count (a claim, an open, a retry's due time) leaves the rows untouched.
  where (sent, delivered, bounced, complained, replied, unsubscribed) <> (0, 0, 0, 0, 0, 0)
  order by workspace_id, sent_in, campaign_id, step_id, step_position, mailbox_id
  on conflict (workspace_id, sent_in, campaign_id, step_id, step_position, mailbox_id) do update set
    sent = c.sent + excluded.sent,
    delivered = c.delivered + excluded.delivered,
    bounced = c.bounced + excluded.bounced,
    complained = c.complained + excluded.complained,
    replied = c.replied + excluded.replied,
    unsubscribed = c.unsubscribed + excluded.unsubscribed;
  return null;
end;
$$;

create function count_sent_emails_on_delete() returns trigger language plpgsql as $$
begin
  insert into outreach_analytics_counts as c
    (workspace_id, campaign_id, sent_in, step_id, step_position, mailbox_id, sent, delivered, bounced, complained, replied, unsubscribed)
  select * from (
    select workspace_id, campaign_id, date_bin('15 minutes', sent_at, timestamptz '2000-01-01 00:00+00') as sent_in, step_id, step_position, mailbox_id,
      sum(sign)::int as sent,
      coalesce(sum(sign) filter (where delivered_at is not null), 0)::int as delivered,
      coalesce(sum(sign) filter (where delivery = 'bounced'), 0)::int as bounced,
      coalesce(sum(sign) filter (where delivery = 'complained'), 0)::int as complained,
      coalesce(sum(sign) filter (where replied), 0)::int as replied,
      coalesce(sum(sign) filter (where unsubscribed), 0)::int as unsubscribed
    from (select o.*, -1 as sign from old_sends o) changed
    where sent_at is not null and channel = 'email'
      -- A campaign being deleted takes its counts with it: its sends' removal has nothing left to change.
      and exists (select 1 from campaigns k where k.id = changed.campaign_id)
    group by 1, 2, 3, 4, 5, 6
  ) delta
  -- An update that moved no count (a claim, an open, a retry's due time) leaves the rows untouched.
  where (sent, delivered, bounced, complained, replied, unsubscribed) <> (0, 0, 0, 0, 0, 0)
  order by workspace_id, sent_in, campaign_id, step_id, step_position, mailbox_id
  on conflict (workspace_id, sent_in, campaign_id, step_id, step_position, mailbox_id) do update set
    sent = c.sent + excluded.sent,
    delivered = c.delivered + excluded.delivered,
    bounced = c.bounced + excluded.bounced,
    complained = c.complained + excluded.complained,
    replied = c.replied + excluded.replied,
    unsubscribed = c.unsubscribed + excluded.unsubscribed;
  return null;
end;
$$;

create trigger sends_email_counted_on_insert after insert on sends
  referencing new table as new_sends for each statement execute function count_sent_emails_on_insert();
create trigger sends_email_counted_on_update after update on sends
  referencing old table as old_sends new table as new_sends for each statement execute function count_sent_emails_on_update();
create trigger sends_email_counted_on_delete after delete on sends
  referencing old table as old_sends for each statement execute function count_sent_emails_on_delete();

create function forget_sent_email_counts() returns trigger language plpgsql as $$
begin
  delete from outreach_analytics_counts;
  return null;
end;
$$;

create trigger sends_email_counts_truncated after truncate on sends for each statement execute function forget_sent_email_counts();

-- The emails already sent, with the marks worked out above.
insert into outreach_analytics_counts
  (workspace_id, campaign_id, sent_in, step_id, step_position, mailbox_id, sent, delivered, bounced, complained, replied, unsubscribed)
select workspace_id, campaign_id, date_bin('15 minutes', sent_at, timestamptz '2000-01-01 00:00+00'), step_id, step_position, mailbox_id, count(*),
  count(*) filter (where delivered_at is not null),
  count(*) filter (where delivery = 'bounced'),
  count(*) filter (where delivery = 'complained'),
  count(*) filter (where replied),
  count(*) filter (where unsubscribed)
from sends
where sent_at is not null and channel = 'email'
group by 1, 2, 3, 4, 5, 6;
