-- Which Chromium each worker scrapes websites with ("Chromium at /tmp/… (@sparticuz/chromium)"), or why
-- it has none, so the System page can say so. Null for a worker that has not reported it.
alter table worker_heartbeats add column browser text;
