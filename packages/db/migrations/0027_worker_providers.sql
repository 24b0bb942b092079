-- What each worker's own environment makes of the providers (sandbox or live, and through what).
-- The worker makes the provider calls, so the System page shows these rather than the web server's
-- reading of its own environment, which can differ when the two run with different settings.
alter table worker_heartbeats add column providers jsonb;
