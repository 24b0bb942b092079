-- Measured by bench/more-pages.ts with 100,000 sends, calls and messages and 50,000 enrolments in one campaign.
--
-- The outreach page lists a campaign's enrolled leads most recently active first: without an index in
-- that order every enrolment of the campaign was joined to its lead and sorted for 25 of them (40 ms).
create index enrolments_campaign_activity_idx on enrolments (workspace_id, campaign_id, updated_at desc, id desc);

-- What a campaign's calls cost in all (its budget line, on the campaign, calls and lead pages) was a
-- sequential scan of calls (27-70 ms); with the cost in the index it is an Index Only Scan of the
-- campaign's priced calls. A call is priced once, when it ends.
create index calls_campaign_spend_idx on calls (workspace_id, campaign_id) include (cost_usd) where cost_usd is not null;

-- Analytics reads every reply and unsubscribe request since the range's first day (30,000 of them in
-- 30 days at 100,000 sends) for the send each answers: from the message rows that was a bitmap heap
-- scan (~24 ms); with what it reads in the index it is an Index Only Scan (~5 ms). Messages are
-- inserted once and not updated, so the visibility map stays set.
drop index lead_messages_received_idx;
create index lead_messages_received_idx on lead_messages (workspace_id, received_at) include (kind, send_id, lead_id)
  where kind in ('reply', 'unsubscribe_request');
