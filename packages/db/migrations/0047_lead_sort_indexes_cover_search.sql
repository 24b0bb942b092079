-- A search walks the sort's order before it asks the trigram index (pageOfLeads). With the searched
-- text in the per-status sort indexes the walk is an Index Only Scan that reads no lead row, so it can
-- go far enough to find a common word the sort puts after tens of thousands of other leads (by name,
-- "Bluebonnet …" after 50,000 "Acme …") instead of asking the trigram index for all 50,000 of them
-- (each read from the table, then sorted: 0.4–1.2 s at 1,000,000 leads).
--
-- Each index holds the text lower-cased (the walk tests it with `like`: lower-casing every walked lead
-- as `ilike` does took most of the walk's time) and the three columns, which the planner needs in the
-- index to read it alone, and which decide a match (the joined text can match across two of them).
drop index leads_status_score_idx;
create index leads_status_score_idx on leads
  (workspace_id, status, score desc, id desc, lower(name || ' ' || coalesce(domain, '') || ' ' || coalesce(phone, '')))
  include (name, domain, phone);
drop index leads_status_first_seen_idx;
create index leads_status_first_seen_idx on leads
  (workspace_id, status, first_seen_at desc, id desc, lower(name || ' ' || coalesce(domain, '') || ' ' || coalesce(phone, '')))
  include (name, domain, phone);
drop index leads_status_name_idx;
create index leads_status_name_idx on leads
  (workspace_id, status, lower(name), id, lower(name || ' ' || coalesce(domain, '') || ' ' || coalesce(phone, '')))
  include (name, domain, phone);

-- An Index Only Scan skips the lead row only on pages the visibility map marks all-visible, which
-- vacuum does. By default the leads table is vacuumed after inserts of a fifth of it (200,000 leads at
-- 1,000,000) or changes to a fifth; the leads an import adds, or whose status changed, would be read
-- from the table until then.
alter table leads set (autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_vacuum_scale_factor = 0.05);
