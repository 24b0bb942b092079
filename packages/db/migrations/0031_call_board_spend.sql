-- The live call board and call spend. A campaign may carry a call budget (US dollars, the summed cost
-- of all its calls): once reached, the scheduler places none of its calls and its board says why. A
-- workspace may set a daily call spend alert threshold: the first time a UTC day's call cost passes
-- it, one alert row is written (the unique key makes it once per day).

alter table campaigns
  add column call_budget_usd numeric(12, 2) check (call_budget_usd is null or call_budget_usd >= 0);

alter table workspaces
  add column call_daily_spend_alert_usd numeric(12, 2) check (call_daily_spend_alert_usd is null or call_daily_spend_alert_usd >= 0);

create table call_spend_alerts (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  day date not null,
  threshold_usd numeric(12, 2) not null,
  spent_usd numeric(12, 4) not null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, day)
);

-- Spend per campaign and day, and the board's recent outcomes: ended calls by when they ended.
create index calls_ended_idx on calls (workspace_id, ended_at desc, campaign_id) where ended_at is not null;
