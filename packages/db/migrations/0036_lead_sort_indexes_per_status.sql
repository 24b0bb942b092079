-- Lead pages read their sorts from the per-status indexes (leads_status_score_idx, leads_status_first_seen_idx,
-- leads_status_name_idx): a page over several statuses merges the first rows of each (pageOfLeads). The
-- three sort indexes across statuses were then only a cost: every lead an import or discovery adds
-- updated them too (~5 % of a 100,000-row import).
drop index if exists leads_score_idx;
drop index if exists leads_first_seen_idx;
drop index if exists leads_name_sort_idx;
