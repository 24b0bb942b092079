-- The Health page's tiles count the workspace's leads per status. Counting them on every page load read
-- every entry of lead_health_status_score_idx (16-41 ms at 100,000 scored leads, growing with them),
-- most of the page's time. Statuses change only when a refresh scores leads, so the refresh stores the
-- counts with its time and the page reads one row: the tiles are as of the last refresh, as the scores are.
alter table workspace_health_refreshes
  add column healthy_count integer not null default 0 check (healthy_count >= 0),
  add column at_risk_count integer not null default 0 check (at_risk_count >= 0),
  add column critical_count integer not null default 0 check (critical_count >= 0),
  add column ghost_count integer not null default 0 check (ghost_count >= 0);

update workspace_health_refreshes r set
  healthy_count = c.healthy, at_risk_count = c.at_risk, critical_count = c.critical, ghost_count = c.ghost
from (
  select workspace_id,
         count(*) filter (where status = 'healthy')::int as healthy, count(*) filter (where status = 'at_risk')::int as at_risk,
         count(*) filter (where status = 'critical')::int as critical, count(*) filter (where status = 'ghost')::int as ghost
  from lead_health group by workspace_id
) c
where c.workspace_id = r.workspace_id;
