-- The sandbox outbox is read only by admins. Each email records the workspaces its recipient
-- belonged to (or was allowlisted in) when it was queued; an admin sees it only when they
-- administer every one of them, so revealing a link never grants more than the admin already has.
create table sandbox_outbox_workspaces (
  outbox_id uuid not null references sandbox_outbox (id) on delete cascade,
  workspace_id uuid not null references workspaces (id) on delete cascade,
  primary key (outbox_id, workspace_id)
);

create index sandbox_outbox_workspaces_workspace_idx on sandbox_outbox_workspaces (workspace_id, outbox_id);

-- The one-time link of a sign-in or reset email, kept out of body_text (which shows a placeholder)
-- so that listing the outbox never shows it; an admin reveals it with an audited action.
alter table sandbox_outbox add column secret_link text;

-- Emails stored before this migration have no recorded workspaces and so are shown to nobody; their
-- bodies may carry live tokens, which are blanked here.
update sandbox_outbox set body_text = regexp_replace(body_text, 'token=[A-Za-z0-9_-]+', 'token=(removed)', 'g')
where body_text ~ 'token=';
