-- The sandbox recipient's simulated events say so where they are stored: provider 'sandbox' on
-- email_webhook_events (they were stored as 'resend', marked only inside their key and body), and a
-- `simulated` mark on the replies they put on a lead's timeline, which the Inbox and the lead show.

-- The new check only widens the old one, so it is added NOT VALID and validated after the backfill:
-- one scan of the table, no rewrite. (The loader runs this file in one transaction, so the table's
-- writers wait for the whole of it either way.)
alter table email_webhook_events drop constraint email_webhook_events_provider_check;
alter table email_webhook_events add constraint email_webhook_events_provider_check check (provider in ('resend', 'sandbox')) not valid;
-- Events the sandbox recipient stored before: their keys are 'sandbox:<send id>:<event>' (Resend's are svix ids).
update email_webhook_events set provider = 'sandbox' where provider = 'resend' and provider_event_id like 'sandbox:%';
alter table email_webhook_events validate constraint email_webhook_events_provider_check;

-- A constant default: adding the column rewrites nothing.
alter table lead_messages add column simulated boolean not null default false;
-- Replies the sandbox recipient wrote before: keyed by its 'sandbox:<send id>:<event>' email id.
update lead_messages set simulated = true where provider_event_id like 'sandbox:%';

-- The sandbox recipient's sweep (email.sandbox-sweep): sandbox emails sent a while ago with no delivery
-- outcome recorded yet, i.e. whose simulated events were never queued or were lost. Partial, so it holds
-- only the few sends waiting for their first event (each leaves it when its delivery is recorded), not
-- every sandbox send.
create index sends_sandbox_awaiting_outcome_idx on sends (sent_at) where provider = 'sandbox' and status = 'sent' and delivery is null;
