-- Cheaper writes for each lead a large import or discovery run adds, with the same guarantees.

-- A source or contact belongs to its lead (lead_id references leads on delete cascade), and the
-- lead to its workspace: deleting a workspace already removes them through their lead. The second
-- reference to workspaces was checked once per inserted row (0.1-0.7 s of database CPU per 100,000
-- rows, measured on a busy machine) and guaranteed nothing more.
alter table lead_sources drop constraint lead_sources_workspace_id_fkey;
alter table lead_contacts drop constraint lead_contacts_workspace_id_fkey;

-- Leads without a campaign (most imports) are never looked up by campaign: the campaign filter and
-- a campaign's deletion (on delete set null) both ask for one campaign id.
drop index leads_campaign_idx;
create index leads_campaign_idx on leads (campaign_id, status) where campaign_id is not null;
