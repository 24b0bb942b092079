-- The sandbox recipient's simulated events say so where they are stored: provider 'sandbox' on
-- email_webhook_events (they were stored as 'resend', marked only inside their key and body), and a
-- `simulated` mark on the replies they put on a lead's timeline, which the Inbox and the lead show.
-- Rows from before are left as they are (their keys, 'sandbox:<send id>:<event>', and their "[Sandbox]"
-- subjects still say what they are): rewriting them took ~16 s for 500,000 events and ~12 s for 100,000
-- messages (their triggers on sends fire) with both tables locked; the code reads both kinds.

-- The new check only widens the old one: added NOT VALID, then validated by one scan without a rewrite
-- (~0.3 s at 1,000,000 events). This file runs in one transaction, so writers wait for all of it.
alter table email_webhook_events drop constraint email_webhook_events_provider_check;
alter table email_webhook_events add constraint email_webhook_events_provider_check check (provider in ('resend', 'sandbox')) not valid;
alter table email_webhook_events validate constraint email_webhook_events_provider_check;

-- A constant default: adding the column rewrites nothing.
alter table lead_messages add column simulated boolean not null default false;

-- The sandbox recipient's sweep (email.sandbox-sweep): sandbox emails sent a while ago with no delivery
-- outcome recorded yet, i.e. whose simulated events were never queued or were lost. Partial, so it holds
-- only the few sends waiting for their first event (each leaves it when its delivery is recorded), not
-- every sandbox send (~0.25 s to build at 200,000 sends).
create index sends_sandbox_awaiting_outcome_idx on sends (sent_at) where provider = 'sandbox' and status = 'sent' and delivery is null;
