-- The outreach board's per-step figures. Counting them on each page load read every send of the campaign
-- (~50 ms at 100,000 sends, ~500 ms at 1,000,000). They are stored per campaign, step and channel instead,
-- and kept by triggers on sends: every statement that adds, moves or removes sends (the worker, webhooks,
-- recovery, a lead's or a campaign's deletion, seeding) changes the counts in its own transaction, so the
-- board reads the same numbers as a count would, without each writer having to remember to.
create table campaign_send_counts (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  campaign_id uuid not null references campaigns (id) on delete cascade,
  step_id text not null,
  channel text not null,
  -- The lowest position a send of this step had (the board orders removed steps by it).
  step_position integer not null,
  -- No `check (n >= 0)`: an upsert checks its proposed row (a negative delta) before it finds the row to add it to;
  -- and a count must never be the reason a send's change is refused. The tests compare them with a real count.
  -- Every send, whatever its state: a step with only canceled sends still has its row on the board.
  sends integer not null default 0,
  scheduled integer not null default 0,
  sent integer not null default 0,
  failed integer not null default 0,
  skipped integer not null default 0,
  delivered integer not null default 0,
  bounced integer not null default 0,
  complained integer not null default 0,
  opened integer not null default 0,
  clicked integer not null default 0,
  primary key (workspace_id, campaign_id, step_id, channel)
);

-- Adds what the changed sends count now and takes away what they counted before: `changed` holds the
-- statement's new rows with sign 1 and its old rows with sign -1. Statement-level, so a batch (a tick's
-- thousands of new sends) costs one upsert per step, not one per send; the rows are upserted in key order so
-- two batches touching the same steps take their row locks in the same order; and they are taken at the end of the
-- statement, after the enrolments a writer changes with its sends (writers change both in one statement, so every
-- writer locks enrolments before counts: no deadlock). `n = n + delta` under the row lock: concurrent writers
-- never lose each other's changes.
create function count_send_changes() returns trigger language plpgsql as $$
declare
  -- Transition tables exist only for their own event (new_sends is not defined in a delete trigger), so the
  -- one query below is run with EXECUTE over the source that fits; its text is fixed here, no input reaches it.
  changed text := case tg_op
    when 'INSERT' then 'select n.*, 1 as sign from new_sends n'
    when 'DELETE' then 'select o.*, -1 as sign from old_sends o'
    else 'select n.*, 1 as sign from new_sends n union all select o.*, -1 as sign from old_sends o'
  end;
begin
  execute format($query$
    insert into campaign_send_counts as c
      (workspace_id, campaign_id, step_id, channel, step_position, sends, scheduled, sent, failed, skipped, delivered, bounced, complained, opened, clicked)
    select * from (
      select workspace_id, campaign_id, step_id, channel, min(step_position) as step_position,
        sum(sign)::int as sends,
        coalesce(sum(sign) filter (where status in ('queued', 'sending', 'retrying')), 0)::int as scheduled,
        coalesce(sum(sign) filter (where status = 'sent'), 0)::int as sent,
        coalesce(sum(sign) filter (where status = 'failed'), 0)::int as failed,
        coalesce(sum(sign) filter (where status = 'skipped'), 0)::int as skipped,
        coalesce(sum(sign) filter (where delivery in ('delivered', 'bounced', 'complained') and delivered_at is not null), 0)::int as delivered,
        coalesce(sum(sign) filter (where delivery = 'bounced'), 0)::int as bounced,
        coalesce(sum(sign) filter (where delivery = 'complained'), 0)::int as complained,
        coalesce(sum(sign) filter (where opened_at is not null), 0)::int as opened,
        coalesce(sum(sign) filter (where clicked_at is not null), 0)::int as clicked
      from (%s) changed
      -- A campaign being deleted takes its counts with it: its sends' removal has nothing left to change.
      where exists (select 1 from campaigns k where k.id = changed.campaign_id)
      group by workspace_id, campaign_id, step_id, channel
    ) delta
    -- An update that moved no count (a retry's new due time, a failure text, queued to sending) leaves the row untouched.
    where (sends, scheduled, sent, failed, skipped, delivered, bounced, complained, opened, clicked) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    order by workspace_id, campaign_id, step_id, channel
    on conflict (workspace_id, campaign_id, step_id, channel) do update set
      step_position = least(c.step_position, excluded.step_position),
      sends = c.sends + excluded.sends,
      scheduled = c.scheduled + excluded.scheduled,
      sent = c.sent + excluded.sent,
      failed = c.failed + excluded.failed,
      skipped = c.skipped + excluded.skipped,
      delivered = c.delivered + excluded.delivered,
      bounced = c.bounced + excluded.bounced,
      complained = c.complained + excluded.complained,
      opened = c.opened + excluded.opened,
      clicked = c.clicked + excluded.clicked
  $query$, changed);
  return null;
end;
$$;

-- Transition tables allow one event per trigger.
create trigger sends_counted_on_insert after insert on sends
  referencing new table as new_sends for each statement execute function count_send_changes();
create trigger sends_counted_on_update after update on sends
  referencing old table as old_sends new table as new_sends for each statement execute function count_send_changes();
create trigger sends_counted_on_delete after delete on sends
  referencing old table as old_sends for each statement execute function count_send_changes();

create function forget_send_counts() returns trigger language plpgsql as $$
begin
  delete from campaign_send_counts;
  return null;
end;
$$;

-- Emptying sends (tests, a restore) empties their counts.
create trigger sends_counts_truncated after truncate on sends for each statement execute function forget_send_counts();

-- The sends already there: creating the triggers above locked sends against writes until this commits, so none is missed or counted twice.
insert into campaign_send_counts
  (workspace_id, campaign_id, step_id, channel, step_position, sends, scheduled, sent, failed, skipped, delivered, bounced, complained, opened, clicked)
select workspace_id, campaign_id, step_id, channel, min(step_position), count(*),
  count(*) filter (where status in ('queued', 'sending', 'retrying')),
  count(*) filter (where status = 'sent'),
  count(*) filter (where status = 'failed'),
  count(*) filter (where status = 'skipped'),
  count(*) filter (where delivery in ('delivered', 'bounced', 'complained') and delivered_at is not null),
  count(*) filter (where delivery = 'bounced'),
  count(*) filter (where delivery = 'complained'),
  count(*) filter (where opened_at is not null),
  count(*) filter (where clicked_at is not null)
from sends
group by workspace_id, campaign_id, step_id, channel;
