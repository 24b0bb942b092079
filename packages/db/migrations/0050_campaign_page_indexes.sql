-- Measured by bench/more-pages.ts with 100,000 sends and calls and 50,000 enrolments in one campaign.
--
-- The outreach page lists a campaign's enrolled leads most recently active first: without an index in
-- that order every enrolment of the campaign was joined to its lead and sorted for 25 of them (40 ms).
create index enrolments_campaign_activity_idx on enrolments (workspace_id, campaign_id, updated_at desc, id desc);

-- What a campaign's calls cost in all (its budget line, on the campaign, calls and lead pages) was a
-- sequential scan of calls (27-70 ms); with the cost in the index it is an Index Only Scan of the
-- campaign's priced calls. A call is priced once, when it ends.
create index calls_campaign_spend_idx on calls (workspace_id, campaign_id) include (cost_usd) where cost_usd is not null;
