import type { Db } from '../client.ts';


export interface OutboxEmail {
  id: string;
  to: string;
  subject: string;
  /** The body as sent, with any one-time link replaced by a placeholder. */
  bodyText: string;
  /** Whether the email carries a one-time link an admin can reveal. */
  hasSecretLink: boolean;
  createdAt: Date;
}

export async function insertOutboxEmail(
  sql: Db,
  input: {
    /** The transactional delivery (sign-in, reset) or the campaign send it is; one of the two. */
    deliveryId: string | null;
    sendId?: string | null;
    workspaceId: string | null;
    /** Who may read it: admins of all of these (see 0005_outbox_access.sql). */
    recipientWorkspaceIds: readonly string[];
    to: string;
    subject: string;
    bodyText: string;
    bodyHtml?: string | null;
    headers?: Readonly<Record<string, string>> | null;
    secretLink: string | null;
  },
): Promise<string> {
  // One statement, so the email is never stored without the record of who may read it. Workspaces
  // deleted since the email was queued are skipped.
  const [row]: [{ id: string }?] = await sql`
    with inserted as (
      insert into sandbox_outbox (delivery_id, send_id, workspace_id, to_address, subject, body_text, body_html, headers, secret_link)
      values (${input.deliveryId}, ${input.sendId ?? null}, ${input.workspaceId}, ${input.to}, ${input.subject}, ${input.bodyText},
              ${input.bodyHtml ?? null}, ${input.headers ? sql.json({ ...input.headers }) : null}, ${input.secretLink})
      -- A campaign send retried after a crash finds its email already here.
      on conflict (send_id) where send_id is not null do nothing
      returning id
    ), readers as (
      insert into sandbox_outbox_workspaces (outbox_id, workspace_id)
      select inserted.id, w.id from inserted, workspaces w where w.id = any(${[...new Set(input.recipientWorkspaceIds)]}::uuid[])
    )
    select id from inserted`;
  if (row) return row.id;
  const [stored]: [{ id: string }?] = input.sendId ? await sql`select id from sandbox_outbox where send_id = ${input.sendId}` : [];
  if (!stored) throw new Error('Sandbox email was not stored');
  return stored.id;
}

/**
 * Emails of `workspaceId` that `adminUserId` may read: the admin must administer every workspace the
 * recipient was in, so a revealed link can never open a workspace the admin does not already run,
 * and another admin's email (an owner's included) is never readable, so no admin can act as another
 * admin or become an owner: a locked-out admin uses `pnpm switchboard admin reset-link` on the server.
 */
const readableBy = (sql: Db, input: { workspaceId: string; adminUserId: string }) => sql`
  exists (select 1 from sandbox_outbox_workspaces mine where mine.outbox_id = o.id and mine.workspace_id = ${input.workspaceId})
  and not exists (
    select 1 from sandbox_outbox_workspaces other
    where other.outbox_id = o.id
      and not exists (
        select 1 from workspace_members m
        where m.workspace_id = other.workspace_id and m.user_id = ${input.adminUserId} and m.role = 'admin'))
  and not exists (
    select 1 from users recipient join workspace_members rm on rm.user_id = recipient.id
    where recipient.email = o.to_address and rm.role = 'admin' and recipient.id <> ${input.adminUserId})`;

/** The sandbox outbox of a workspace as its admin may see it, newest first; one-time links masked. */
export async function listOutboxForAdmin(sql: Db, input: { workspaceId: string; adminUserId: string; limit: number }): Promise<OutboxEmail[]> {
  return sql<OutboxEmail[]>`
    select o.id, o.to_address as "to", o.subject, o.body_text as "bodyText", (o.secret_link is not null) as "hasSecretLink",
           o.created_at as "createdAt"
    from sandbox_outbox o
    where ${readableBy(sql, input)}
    order by o.created_at desc limit ${input.limit}`;
}

/** The one-time link of an email the admin may read, or null (unknown, not theirs, or no link). */
export async function findOutboxSecretLink(
  sql: Db,
  input: { outboxId: string; workspaceId: string; adminUserId: string },
): Promise<{ to: string; subject: string; link: string } | null> {
  const [row]: [{ to: string; subject: string; link: string }?] = await sql`
    select o.to_address as "to", o.subject, o.secret_link as link
    from sandbox_outbox o
    where o.id = ${input.outboxId} and o.secret_link is not null and ${readableBy(sql, input)}`;
  return row ?? null;
}

export interface OutboxEmailDetail extends OutboxEmail {
  /** The HTML part as a provider would have been given it (campaign emails; sign-in links have none). */
  bodyHtml: string | null;
  /** Header fields as given to the provider (From, Reply-To, Message-ID, List-Unsubscribe, …). */
  headers: Record<string, string>;
  /** The campaign send it was, if any, and its lead. */
  sendId: string | null;
  leadId: string | null;
  campaignId: string | null;
  stepId: string | null;
}

/**
 * One email of the sandbox outbox: a campaign email to any member of the workspace that sent it; any
 * other email (a sign-in or reset link, masked) only to an admin allowed to read it in the list. Null
 * otherwise, another workspace's email included.
 */
export async function findOutboxEmail(
  sql: Db,
  input: { outboxId: string; workspaceId: string; userId: string; isAdmin: boolean },
): Promise<OutboxEmailDetail | null> {
  const [row]: [OutboxEmailDetail?] = await sql`
    select o.id, o.to_address as "to", o.subject, o.body_text as "bodyText", (o.secret_link is not null) as "hasSecretLink",
           o.created_at as "createdAt", o.body_html as "bodyHtml", coalesce(o.headers, '{}'::jsonb) as headers,
           s.id as "sendId", s.lead_id as "leadId", s.campaign_id as "campaignId", s.step_id as "stepId"
    from sandbox_outbox o
    left join sends s on s.id = o.send_id and s.workspace_id = o.workspace_id
    where o.id = ${input.outboxId}
      and ((o.send_id is not null and o.workspace_id = ${input.workspaceId})
           ${input.isAdmin ? sql`or (o.send_id is null and ${readableBy(sql, { workspaceId: input.workspaceId, adminUserId: input.userId })})` : sql``})`;
  return row ?? null;
}

export interface CampaignOutboxEmail {
  id: string;
  to: string;
  subject: string;
  createdAt: Date;
  leadId: string | null;
  leadName: string | null;
  campaignId: string | null;
  campaignName: string | null;
  stepId: string | null;
}

/** The workspace's campaign emails in the sandbox outbox, newest first, a page at a time (every member reads them). */
export async function listCampaignOutbox(sql: Db, input: { workspaceId: string; limit: number; offset: number }): Promise<CampaignOutboxEmail[]> {
  return sql<CampaignOutboxEmail[]>`
    select o.id, o.to_address as "to", o.subject, o.created_at as "createdAt", s.lead_id as "leadId", l.name as "leadName",
           s.campaign_id as "campaignId", c.name as "campaignName", s.step_id as "stepId"
    from sandbox_outbox o
    join sends s on s.id = o.send_id and s.workspace_id = o.workspace_id
    left join leads l on l.id = s.lead_id and l.workspace_id = s.workspace_id
    left join campaigns c on c.id = s.campaign_id and c.workspace_id = s.workspace_id
    where o.workspace_id = ${input.workspaceId} and o.send_id is not null
    order by o.created_at desc, o.id desc
    limit ${input.limit} offset ${input.offset}`;
}
