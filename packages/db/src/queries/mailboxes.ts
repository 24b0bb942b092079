import type { ImapStatus, MailboxProvider, MailboxSendOutcomes, MailboxStatus } from '@switchboard/core';
import type { Db, TransactionSql } from '../client.ts';
import { lockForTransaction } from './advisory-locks.ts';

/** What a person sets on a mailbox (checked in core before it gets here). */
export interface MailboxSettings {
  fromName: string;
  fromAddress: string;
  provider: MailboxProvider;
  limitPerMinute: number;
  limitPerHour: number;
  limitPerDay: number;
  signature: string;
  postalAddress: string | null;
  /** 0 = Sunday … 6 = Saturday. */
  sendDays: number[];
  sendStartMinute: number;
  sendEndMinute: number;
}

export interface Mailbox extends MailboxSettings {
  id: string;
  workspaceId: string;
  status: MailboxStatus;
  pausedReason: string | null;
  pausedAt: Date | null;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** IMAP settings (null when not set); the password is never read here, only whether one is stored. */
  imapHost: string | null;
  imapPort: number | null;
  imapTls: boolean;
  imapUsername: string | null;
  imapStatus: ImapStatus | null;
  imapError: string | null;
  imapCheckedAt: Date | null;
}

export interface MailboxWithUsage extends Mailbox {
  /** Slots taken in the last 24 hours, against `limitPerDay`. */
  sentLastDay: number;
}

export const MAILBOX_COLUMNS = (sql: Db) => sql`
  m.id, m.workspace_id as "workspaceId", m.from_name as "fromName", m.from_address as "fromAddress", m.provider,
  m.limit_per_minute as "limitPerMinute", m.limit_per_hour as "limitPerHour", m.limit_per_day as "limitPerDay",
  m.signature, m.postal_address as "postalAddress", m.send_days::int[] as "sendDays",
  m.send_start_minute as "sendStartMinute", m.send_end_minute as "sendEndMinute",
  m.status, m.paused_reason as "pausedReason", m.paused_at as "pausedAt",
  m.created_by as "createdBy", m.updated_by as "updatedBy", m.created_at as "createdAt", m.updated_at as "updatedAt",
  m.imap_host as "imapHost", m.imap_port as "imapPort", m.imap_tls as "imapTls", m.imap_username as "imapUsername",
  m.imap_status as "imapStatus", m.imap_error as "imapError", m.imap_checked_at as "imapCheckedAt"`;

/** Null when the workspace already has a mailbox with that address. */
export async function createMailbox(sql: Db, input: MailboxSettings & { workspaceId: string; createdBy: string | null }): Promise<Mailbox | null> {
  const [row]: [Mailbox?] = await sql`
    with inserted as (
      insert into mailboxes (workspace_id, from_name, from_address, provider, limit_per_minute, limit_per_hour, limit_per_day,
                             signature, postal_address, send_days, send_start_minute, send_end_minute, created_by, updated_by)
      values (${input.workspaceId}, ${input.fromName}, ${input.fromAddress}, ${input.provider}, ${input.limitPerMinute},
              ${input.limitPerHour}, ${input.limitPerDay}, ${input.signature}, ${input.postalAddress}, ${input.sendDays}::smallint[],
              ${input.sendStartMinute}, ${input.sendEndMinute}, ${input.createdBy}, ${input.createdBy})
      on conflict (workspace_id, from_address) do nothing
      returning *
    )
    select ${MAILBOX_COLUMNS(sql)} from inserted m`;
  return row ?? null;
}

/**
 * The workspace's mailboxes, all and not archived, counted under a lock on its mailbox count held to
 * the commit, so a create that checks these and inserts in the same transaction cannot race another.
 */
export async function lockAndCountMailboxes(tx: TransactionSql, workspaceId: string): Promise<{ open: number; all: number }> {
  await lockForTransaction(tx, `mailbox-count:${workspaceId}`);
  const [row]: [{ open: number; all: number }?] = await tx`
    select count(*) filter (where status <> 'archived')::int as open, count(*)::int as all
    from mailboxes where workspace_id = ${workspaceId}`;
  return row ?? { open: 0, all: 0 };
}

export async function getMailbox(sql: Db, workspaceId: string, id: string): Promise<Mailbox | null> {
  const [row]: [Mailbox?] = await sql`select ${MAILBOX_COLUMNS(sql)} from mailboxes m where m.workspace_id = ${workspaceId} and m.id = ${id}`;
  return row ?? null;
}

/** The workspace's mailboxes in the order they were added, each with its slots taken in the last 24 hours. */
export async function listMailboxes(sql: Db, workspaceId: string, options: { includeArchived?: boolean } = {}): Promise<MailboxWithUsage[]> {
  return sql<MailboxWithUsage[]>`
    select ${MAILBOX_COLUMNS(sql)},
           (select count(*) from mailbox_send_slots s
            where s.mailbox_id = m.id and s.workspace_id = ${workspaceId} and s.reserved_at > now() - interval '1 day')::int as "sentLastDay"
    from mailboxes m
    where m.workspace_id = ${workspaceId} and (${options.includeArchived ?? false} or m.status <> 'archived')
    order by m.created_at, m.id`;
}

/**
 * When each of these mailboxes took its send slots after `since` (a day before now: what its windows
 * count), oldest first; a mailbox with none is left out.
 */
export async function mailboxSlotTimes(sql: Db, workspaceId: string, mailboxIds: readonly string[], since: Date): Promise<Map<string, Date[]>> {
  const times = new Map<string, Date[]>();
  if (mailboxIds.length === 0) return times;
  const rows = await sql<{ mailboxId: string; reservedAt: Date }[]>`
    select mailbox_id as "mailboxId", reserved_at as "reservedAt" from mailbox_send_slots
    where workspace_id = ${workspaceId} and mailbox_id = any(${[...mailboxIds]}::uuid[]) and reserved_at > ${since}
    order by reserved_at`;
  for (const row of rows) {
    const list = times.get(row.mailboxId);
    if (list) list.push(row.reservedAt);
    else times.set(row.mailboxId, [row.reservedAt]);
  }
  return times;
}

/**
 * Replaces the settings (the caller merged and checked them). Null when the mailbox is not in this
 * workspace or is archived; 'address_taken' when another mailbox has the new address.
 */
export async function updateMailbox(sql: Db, workspaceId: string, id: string, settings: MailboxSettings, updatedBy: string | null): Promise<Mailbox | null | 'address_taken'> {
  const [current]: [{ id: string }?] = await sql`select id from mailboxes where workspace_id = ${workspaceId} and id = ${id} and status <> 'archived'`;
  if (!current) return null;
  const [taken]: [{ id: string }?] = await sql`
    select id from mailboxes where workspace_id = ${workspaceId} and from_address = ${settings.fromAddress} and id <> ${id}`;
  if (taken) return 'address_taken';
  const [row]: [Mailbox?] = await sql`
    with updated as (
      update mailboxes set
        from_name = ${settings.fromName}, from_address = ${settings.fromAddress}, provider = ${settings.provider},
        limit_per_minute = ${settings.limitPerMinute}, limit_per_hour = ${settings.limitPerHour}, limit_per_day = ${settings.limitPerDay},
        signature = ${settings.signature}, postal_address = ${settings.postalAddress}, send_days = ${settings.sendDays}::smallint[],
        send_start_minute = ${settings.sendStartMinute}, send_end_minute = ${settings.sendEndMinute},
        updated_by = ${updatedBy}, updated_at = now()
      where workspace_id = ${workspaceId} and id = ${id} and status <> 'archived'
      returning *
    )
    select ${MAILBOX_COLUMNS(sql)} from updated m`;
  return row ?? null;
}

/**
 * Moves a mailbox to `to` only from one of `from` (the state machine's allowed statuses), so two
 * people (or a person and the health check) cannot both win. A pause keeps its reason and time;
 * leaving paused clears them. Archiving also takes the mailbox out of every campaign's rotation.
 * Null when missing or in another status.
 */
export async function setMailboxStatus(
  sql: Db,
  workspaceId: string,
  id: string,
  change: { from: readonly MailboxStatus[]; to: MailboxStatus; reason?: string | null; by: string | null },
): Promise<Mailbox | null> {
  const paused = change.to === 'paused';
  const [row]: [Mailbox?] = await sql`
    with updated as (
      update mailboxes set
        status = ${change.to},
        paused_reason = case when ${paused} then ${change.reason ?? null} else null end,
        paused_at = case when ${paused} then now() else null end,
        updated_by = ${change.by}, updated_at = now()
      where workspace_id = ${workspaceId} and id = ${id} and status = any(${[...change.from]})
      returning *
    )
    select ${MAILBOX_COLUMNS(sql)} from updated m`;
  if (row && change.to === 'archived') await sql`delete from campaign_mailboxes where workspace_id = ${workspaceId} and mailbox_id = ${id}`;
  return row ?? null;
}

export interface CampaignMailbox {
  mailboxId: string;
  position: number;
  fromName: string;
  fromAddress: string;
  status: MailboxStatus;
}

/** A campaign's rotation, in order. */
export function listCampaignMailboxes(sql: Db, workspaceId: string, campaignId: string): Promise<CampaignMailbox[]> {
  return sql<CampaignMailbox[]>`
    select cm.mailbox_id as "mailboxId", cm.position, m.from_name as "fromName", m.from_address as "fromAddress", m.status
    from campaign_mailboxes cm join mailboxes m on m.id = cm.mailbox_id and m.workspace_id = cm.workspace_id
    where cm.workspace_id = ${workspaceId} and cm.campaign_id = ${campaignId}
    order by cm.position`;
}

/**
 * Replaces a campaign's rotation with `mailboxIds` in that order (run it in a transaction). The
 * caller checked that the campaign and every mailbox are this workspace's and not archived.
 */
export async function setCampaignMailboxes(sql: Db, workspaceId: string, campaignId: string, mailboxIds: readonly string[]): Promise<void> {
  await sql`delete from campaign_mailboxes where workspace_id = ${workspaceId} and campaign_id = ${campaignId}`;
  if (mailboxIds.length === 0) return;
  await sql`
    insert into campaign_mailboxes (workspace_id, campaign_id, mailbox_id, position)
    select ${workspaceId}, ${campaignId}, id, ord - 1
    from unnest(${[...mailboxIds]}::uuid[]) with ordinality as chosen (id, ord)`;
}

/**
 * What happened to the mailbox's last `window` sends that went out (newest first): how many, and how
 * many of them hard-bounced or drew a complaint (a soft bounce is recorded as a delay, not a bounce).
 */
export async function mailboxSendOutcomes(sql: Db, workspaceId: string, mailboxId: string, window: number): Promise<MailboxSendOutcomes> {
  // Only emails speak of a mailbox's reputation: a form send has no mailbox today, and the filter says so rather than relying on it.
  const [row]: [MailboxSendOutcomes?] = await sql`
    select count(*)::int as sends,
           count(*) filter (where delivery = 'bounced')::int as "hardBounces",
           count(*) filter (where delivery = 'complained')::int as complaints
    from (
      select delivery from sends
      where workspace_id = ${workspaceId} and mailbox_id = ${mailboxId} and channel = 'email' and sent_at is not null
      order by created_at desc
      limit ${window}
    ) recent`;
  return row ?? { sends: 0, hardBounces: 0, complaints: 0 };
}
