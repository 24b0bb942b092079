-- Open live connections follow access. Whenever a session ends, a user is disabled or re-enabled, or
-- a membership is added, changed or removed, an 'access.changed' live event names the user (its id
-- only) and every web process re-checks that user's open sockets. Triggers, so no writer (sign-out,
-- password reset, member removal, the CLI) can forget to announce it. The payload is the shape
-- core's decodeEvent reads; now() is fixed within a transaction, so Postgres sends one notification
-- per user per transaction however many rows changed.

-- tg_argv[0] names the column holding the user id in the changed row.
create function notify_access_changed() returns trigger language plpgsql as $$
declare
  changed jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
begin
  perform pg_notify('switchboard_events', json_build_object(
    'workspaceId', null,
    'topic', 'access.changed',
    'payload', json_build_object('userId', changed ->> tg_argv[0]),
    'publishedAt', floor(extract(epoch from now()) * 1000)::bigint
  )::text);
  return null;
end
$$;

create trigger sessions_revoked_notify after update of revoked_at on sessions
  for each row when (old.revoked_at is null and new.revoked_at is not null)
  execute function notify_access_changed('user_id');

create trigger sessions_deleted_notify after delete on sessions
  for each row execute function notify_access_changed('user_id');

create trigger workspace_members_notify after insert or delete or update of role, user_id, workspace_id on workspace_members
  for each row execute function notify_access_changed('user_id');

create trigger users_disabled_notify after update of disabled_at on users
  for each row when (old.disabled_at is distinct from new.disabled_at)
  execute function notify_access_changed('id');
