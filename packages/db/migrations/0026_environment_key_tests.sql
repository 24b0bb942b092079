-- How the last "Test connection" of a key from the environment went. Such a key serves every
-- workspace without its own, so a refused one must stop being called live on every System page.
-- key_fingerprint names the key that was tested (a truncated hash, never the key): the worker
-- forgets a result at start-up once its environment holds another key.
create table environment_key_tests (
  provider text primary key check (provider in ('openai', 'resend', 'smtp', 'vapi', 'search')),
  key_fingerprint text not null,
  ok boolean not null,
  message text not null,
  tested_at timestamptz not null default now()
);
