-- The instance owner: the one person (or few) who may change installation-wide settings, which
-- apply to every workspace. Workspace admins only read them. Setup's first admin is the owner, and
-- `pnpm switchboard admin create --owner` makes another.
alter table users add column is_owner boolean not null default false;

-- An installation that predates owners keeps someone who can change its settings: the earliest
-- admin of any workspace.
update users set is_owner = true
where id = (
  select m.user_id from workspace_members m join users u on u.id = m.user_id
  where m.role = 'admin' and u.disabled_at is null
  order by u.created_at, u.id
  limit 1
);

-- An installation-wide change is written once, without a workspace, and every workspace's audit
-- list includes it (labelled "installation"). Other workspace-less entries (sign-in attempts,
-- link requests) stay out of every workspace's list.
alter table audit_log add column scope text not null default 'workspace'
  check (scope in ('workspace', 'installation'));
alter table audit_log add constraint audit_log_installation_has_no_workspace
  check (scope = 'workspace' or workspace_id is null);

create index audit_log_installation_idx on audit_log (id desc) where scope = 'installation';
