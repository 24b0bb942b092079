-- How the last "Test connection" of a workspace's stored key went, so the Keys and System pages can
-- say "saved — last test failed" instead of calling a refused key live. Saving a key clears them.
alter table provider_keys
  add column last_test_ok boolean,
  add column last_test_message text,
  add column last_tested_at timestamptz;
