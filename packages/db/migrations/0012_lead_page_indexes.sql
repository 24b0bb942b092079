-- The lead pages at 100,000+ leads in a workspace: every sort and filter the table offers reads a
-- page from an index instead of sorting or scanning the workspace's leads.

-- Search is "name, domain or phone contains": a trigram index answers a contains (ilike '%…%')
-- from the index. pg_trgm ships with PostgreSQL and is a trusted extension, so the database's owner
-- may create it without being a superuser.
create extension if not exists pg_trgm;

create index if not exists leads_name_trgm_idx on leads using gin (name gin_trgm_ops);
create index if not exists leads_domain_trgm_idx on leads using gin (domain gin_trgm_ops);
create index if not exists leads_phone_trgm_idx on leads using gin (phone gin_trgm_ops);

-- "Name A–Z" is ordered by lower(name), id (the keyset the cursor carries).
create index if not exists leads_name_sort_idx on leads (workspace_id, lower(name), id);
-- A status filter with the other two sorts (status with the score sort is leads_status_score_idx).
create index if not exists leads_status_first_seen_idx on leads (workspace_id, status, first_seen_at desc, id desc);
create index if not exists leads_status_name_idx on leads (workspace_id, status, lower(name), id);
-- Category filters are case-insensitive, like city's (leads_city_idx).
create index if not exists leads_category_idx on leads (workspace_id, lower(category));
