// One send per enrolment and step. The row (with its idempotency key and Message-ID) is committed
// before any provider call; each move between states is guarded by the state it comes from, so two
// workers, a retry or a late webhook cannot both win.
import { enrolmentEventTarget, enrolmentStatusesAllowing, sendEventTarget, sendStatusesAllowing, type ContactFormOutcome, type SendChannel, type SendStatus } from '@switchboard/core';
import { inTransaction, type Db } from '../../client.ts';
/** Provider events in the order a message moves through them; a later one never gives way to an earlier. */
export const SEND_DELIVERY_STATES = Object.freeze(['delivery_delayed', 'delivered', 'bounced', 'complained'] as const);
export type SendDelivery = (typeof SEND_DELIVERY_STATES)[number];

export interface PlannedSend {
  workspaceId: string;
  campaignId: string;
  enrolmentId: string;
  leadId: string;
  stepId: string;
  stepPosition: number;
  /** The step the enrolment moves to once this one is sent (null: it was the last). */
  nextStepId: string | null;
  /** An email, or the lead's contact form (which has no address: null). */
  channel: SendChannel;
  toAddress: string | null;
  idempotencyKey: string;
  messageId: string;
  notBefore: Date;
}

/** Inserts planned sends; a send that already exists for its enrolment and step is left as it is. Returns the new ones' ids. */
export async function createSends(sql: Db, sends: PlannedSend[]): Promise<{ id: string; enrolmentId: string }[]> {
  if (sends.length === 0) return [];
  const column = <K extends keyof PlannedSend>(key: K) => sends.map((send) => send[key]);
  return sql<{ id: string; enrolmentId: string }[]>`
    insert into sends (workspace_id, campaign_id, enrolment_id, lead_id, step_id, step_position, next_step_id, channel, to_address, idempotency_key, message_id, not_before)
    select * from unnest(${column('workspaceId')}::uuid[], ${column('campaignId')}::uuid[], ${column('enrolmentId')}::uuid[],
                         ${column('leadId')}::uuid[], ${column('stepId')}::text[], ${column('stepPosition')}::int[], ${column('nextStepId')}::text[],
                         ${column('channel')}::text[], ${column('toAddress')}::text[], ${column('idempotencyKey')}::text[], ${column('messageId')}::text[],
                         ${sends.map((send) => send.notBefore.toISOString())}::timestamptz[])
    -- Any conflict, not only on (enrolment_id, step_id): the idempotency key is made from the enrolment and step,
    -- and with an arbiter named, two plans of one send racing could fail on the key's own unique index instead.
    on conflict do nothing
    returning id, enrolment_id as "enrolmentId"`;
}

export interface SendRow extends PlannedSend {
  id: string;
  status: SendStatus;
  attempts: number;
  mailboxId: string | null;
  provider: string | null;
  providerMessageId: string | null;
  subject: string | null;
  failure: string | null;
  delivery: SendDelivery | null;
  /** Contact form sends: the page the form was on and how the step ended. */
  formUrl: string | null;
  formOutcome: ContactFormOutcome | null;
  submitStartedAt: Date | null;
  createdAt: Date;
  sentAt: Date | null;
}

const SEND_COLUMNS = (sql: Db) => sql`
  s.id, s.workspace_id as "workspaceId", s.campaign_id as "campaignId", s.enrolment_id as "enrolmentId", s.lead_id as "leadId",
  s.step_id as "stepId", s.step_position as "stepPosition", s.next_step_id as "nextStepId", s.channel, s.to_address as "toAddress", s.idempotency_key as "idempotencyKey",
  s.message_id as "messageId", s.status, s.attempts, s.not_before as "notBefore", s.mailbox_id as "mailboxId", s.provider,
  s.provider_message_id as "providerMessageId", s.subject, s.failure, s.delivery,
  s.form_url as "formUrl", s.form_outcome as "formOutcome", s.submit_started_at as "submitStartedAt", s.created_at as "createdAt", s.sent_at as "sentAt"`;

export async function findSend(sql: Db, workspaceId: string, sendId: string): Promise<SendRow | null> {
  const [row]: [SendRow?] = await sql`select ${SEND_COLUMNS(sql)} from sends s where s.workspace_id = ${workspaceId} and s.id = ${sendId}`;
  return row ?? null;
}

/** The send a reply answers, by the Message-ID it quotes in In-Reply-To or References. */
export async function findSendByMessageId(sql: Db, messageIds: string[], workspaceId: string | null = null): Promise<SendRow | null> {
  if (messageIds.length === 0) return null;
  // A reply read from a mailbox's own INBOX can only answer that workspace's sends; a webhook names no workspace.
  const [row]: [SendRow?] = await sql`
    select ${SEND_COLUMNS(sql)} from sends s
    where s.message_id = any(${messageIds}::text[]) and (${workspaceId}::uuid is null or s.workspace_id = ${workspaceId})
    order by s.created_at desc limit 1`;
  return row ?? null;
}

/** The send a provider's webhook speaks of, by the provider's own message id. */
export async function findSendByProviderMessage(sql: Db, provider: string, providerMessageId: string): Promise<SendRow | null> {
  const [row]: [SendRow?] = await sql`
    select ${SEND_COLUMNS(sql)} from sends s where s.provider = ${provider} and s.provider_message_id = ${providerMessageId}`;
  return row ?? null;
}

/**
 * Moves a waiting send to `sending` (counting the attempt) only while its enrolment and campaign are
 * active and it is due: the commit of this row is what makes the provider call safe to make once.
 * Returns null when the send is not (or no longer) to go; `findSend` says why.
 */
export async function claimSendForSending(
  sql: Db,
  input: {
    workspaceId: string;
    sendId: string;
    now: Date;
    /** The sending mailbox; null for a contact form submission. */
    mailboxId: string | null;
    /** The provider about to be called ('browser' for a form): recovery after a crash depends on it. */
    provider?: string;
  },
): Promise<SendRow | null> {
  const [row]: [SendRow?] = await sql`
    with claimed as (
      update sends s set status = ${sendEventTarget('claim')}, attempts = s.attempts + 1, mailbox_id = ${input.mailboxId},
             provider = coalesce(${input.provider ?? null}, s.provider), updated_at = now()
      from enrolments e, campaigns c
      where s.workspace_id = ${input.workspaceId} and s.id = ${input.sendId} and s.status = any(${sendStatusesAllowing('claim')})
        and s.not_before <= ${input.now}
        and e.id = s.enrolment_id and e.status = 'active' and c.id = s.campaign_id and c.status = 'active'
      returning s.*
    )
    select ${SEND_COLUMNS(sql)} from claimed s`;
  return row ?? null;
}

/**
 * `claimSendForSending` for a batch of emails (each with its mailbox) in one statement (one commit before all their provider calls).
 * Returns the sends claimed, with their attempts counted; the others are not (or no longer) to go.
 */
export async function claimSendsForSending(
  sql: Db,
  input: { now: Date; sends: readonly { workspaceId: string; sendId: string; mailboxId: string; provider?: string }[] },
): Promise<{ id: string; attempts: number }[]> {
  if (input.sends.length === 0) return [];
  return sql<{ id: string; attempts: number }[]>`
    update sends s set status = ${sendEventTarget('claim')}, attempts = s.attempts + 1, mailbox_id = wanted.mailbox_id,
           provider = coalesce(wanted.provider, s.provider), updated_at = now()
    from unnest(${input.sends.map((send) => send.workspaceId)}::uuid[], ${input.sends.map((send) => send.sendId)}::uuid[],
                ${input.sends.map((send) => send.mailboxId)}::uuid[], ${input.sends.map((send) => send.provider ?? null)}::text[])
           as wanted(workspace_id, id, mailbox_id, provider),
         enrolments e, campaigns c
    where s.workspace_id = wanted.workspace_id and s.id = wanted.id and s.channel = 'email' and s.status = any(${sendStatusesAllowing('claim')})
      and s.not_before <= ${input.now}
      and e.id = s.enrolment_id and e.status = 'active' and c.id = s.campaign_id and c.status = 'active'
    returning s.id, s.attempts`;
}

/** `markSendSent` for a batch in one statement. Returns the ids of the sends it moved to `sent`. */
export async function markSendsSent(
  sql: Db,
  sends: readonly { workspaceId: string; sendId: string; provider: string; providerMessageId: string | null; subject: string; now: Date }[],
): Promise<string[]> {
  if (sends.length === 0) return [];
  const rows = await sql<{ id: string }[]>`
    with accepted as (
      select * from unnest(${sends.map((send) => send.workspaceId)}::uuid[], ${sends.map((send) => send.sendId)}::uuid[],
                           ${sends.map((send) => send.provider)}::text[], ${sends.map((send) => send.providerMessageId)}::text[],
                           ${sends.map((send) => send.subject)}::text[], ${sends.map((send) => send.now.toISOString())}::timestamptz[])
        as accepted(workspace_id, id, provider, provider_message_id, subject, sent_at)
    ), sent as (
      update sends s set status = ${sendEventTarget('accept')}, provider = accepted.provider, provider_message_id = accepted.provider_message_id,
             subject = accepted.subject, failure = null, sent_at = accepted.sent_at, updated_at = now()
      from accepted
      where s.workspace_id = accepted.workspace_id and s.id = accepted.id and s.status = any(${sendStatusesAllowing('accept')})
      returning s.id, s.enrolment_id, s.step_id, s.next_step_id, s.mailbox_id, s.sent_at
    ), moved as (
      update enrolments e set step_id = sent.next_step_id, step_since = sent.sent_at, next_action_at = sent.sent_at,
             mailbox_id = coalesce(e.mailbox_id, sent.mailbox_id), updated_at = now()
      from sent
      where e.id = sent.enrolment_id and e.status in ('active', 'paused') and e.step_id = sent.step_id
    )
    select id from sent`;
  return rows.map((row) => row.id);
}

/**
 * The provider accepted the message: the send is `sent`, and its enrolment moves past the step (due
 * at once, so the scheduler plans what follows) and keeps the mailbox for the rest of the thread.
 */
export async function markSendSent(
  sql: Db,
  input: { workspaceId: string; sendId: string; provider: string; providerMessageId: string | null; subject: string; now: Date; /** A submitted contact form: the page it was on. */ formUrl?: string },
): Promise<boolean> {
  // One statement (one round trip, atomic as the transaction it replaces): the enrolment moves only with its send.
  const [row]: [{ sent: number }?] = await sql`
    with sent as (
      update sends set status = ${sendEventTarget('accept')}, provider = ${input.provider}, provider_message_id = ${input.providerMessageId},
             subject = ${input.subject}, failure = null, sent_at = ${input.now}, updated_at = now(),
             form_url = coalesce(${input.formUrl ?? null}, form_url), form_outcome = case when channel = 'form' then 'submitted' end
      where workspace_id = ${input.workspaceId} and id = ${input.sendId} and status = any(${sendStatusesAllowing('accept')})
      returning enrolment_id, step_id, next_step_id, mailbox_id
    ), moved as (
      update enrolments e set step_id = sent.next_step_id, step_since = ${input.now}, next_action_at = ${input.now},
             mailbox_id = coalesce(e.mailbox_id, sent.mailbox_id), updated_at = now()
      from sent
      where e.id = sent.enrolment_id and e.status in ('active', 'paused') and e.step_id = sent.step_id
    )
    select count(*)::int as sent from sent`;
  return (row?.sent ?? 0) > 0;
}

/** A retriable failure: tried again from `notBefore` (the provider's retry-after or the retry schedule). */
export async function markSendRetrying(sql: Db, input: { workspaceId: string; sendId: string; notBefore: Date; failure: string }): Promise<boolean> {
  const changed = await sql`
    update sends set status = ${sendEventTarget('retry')}, not_before = ${input.notBefore}, failure = ${input.failure}, updated_at = now()
    where workspace_id = ${input.workspaceId} and id = ${input.sendId} and status = any(${sendStatusesAllowing('retry')})`;
  return changed.count > 0;
}

/**
 * A permanent failure (or the last retry): the send is `failed` with the provider's reason, and the
 * lead's sequence in this campaign stops, since its next steps would follow an email never sent.
 */
export async function markSendFailed(
  sql: Db,
  input: { workspaceId: string; sendId: string; failure: string; /** A contact form send: failed, or in doubt (it may have been submitted). */ formOutcome?: 'failed' | 'in_doubt'; formUrl?: string | null },
): Promise<boolean> {
  // One statement: the counts' rows (migration 0049) are locked at its end, after the enrolment, as every
  // writer of sends and enrolments takes them; a stop canceling this lead's other sends cannot deadlock with it.
  const [row]: [{ failed: number }?] = await sql`
    with failed as (
      update sends set status = ${sendEventTarget('fail')}, failure = ${input.failure}, updated_at = now(),
             form_outcome = case when channel = 'form' then ${input.formOutcome ?? 'failed'} end, form_url = coalesce(${input.formUrl ?? null}, form_url)
      where workspace_id = ${input.workspaceId} and id = ${input.sendId} and status = any(${sendStatusesAllowing('fail')})
      returning enrolment_id
    ), stopped as (
      update enrolments set status = ${enrolmentEventTarget('stop')}, stop_reason = 'send_failed', next_action_at = null, finished_at = now(), updated_at = now()
      where id in (select enrolment_id from failed) and status = any(${enrolmentStatusesAllowing('stop')})
    )
    select count(*)::int as failed from failed`;
  return (row?.failed ?? 0) > 0;
}

/** A waiting send that cannot go yet (its send window is closed, its mailbox is full): looked at again from `notBefore`. */
export async function deferSend(sql: Db, input: { workspaceId: string; sendId: string; notBefore: Date; reason: string }): Promise<boolean> {
  const changed = await sql`
    update sends set not_before = ${input.notBefore}, failure = ${input.reason}, updated_at = now()
    where workspace_id = ${input.workspaceId} and id = ${input.sendId} and status = any(${sendStatusesAllowing('claim')})`;
  return changed.count > 0;
}

/**
 * Records a provider event on a send. The delivery state only moves forward (a `delivered` arriving
 * after `bounced` changes nothing); opens and clicks keep their first time. Returns whether anything changed.
 */
export async function recordSendDelivery(
  sql: Db,
  input: { sendId: string; event: SendDelivery | 'opened' | 'clicked'; at: Date },
): Promise<boolean> {
  if (input.event === 'opened' || input.event === 'clicked') {
    const column = input.event === 'opened' ? sql`opened_at` : sql`clicked_at`;
    const changed = await sql`update sends set ${column} = ${input.at}, updated_at = now() where id = ${input.sendId} and ${column} is null`;
    return changed.count > 0;
  }
  const rank = SEND_DELIVERY_STATES.indexOf(input.event);
  const earlier = SEND_DELIVERY_STATES.slice(0, rank);
  const stamp = { delivery_delayed: null, delivered: sql`delivered_at`, bounced: sql`bounced_at`, complained: sql`complained_at` }[input.event];
  const changed = await sql`
    update sends set delivery = ${input.event}, ${stamp ? sql`${stamp} = ${input.at},` : sql``} updated_at = now()
    where id = ${input.sendId} and (delivery is null or delivery = any(${earlier as SendDelivery[]}))`;
  return changed.count > 0;
}

export interface StepCounts {
  stepId: string;
  stepPosition: number;
  /** Emails and contact form submissions are counted apart: a form send has no delivery, open or click. */
  channel: SendChannel;
  scheduled: number;
  /** An email accepted by its provider; a contact form submitted. */
  sent: number;
  failed: number;
  /** Contact form steps that could not apply (no form, robots.txt, boxes that cannot be filled): nothing was sent. */
  skipped: number;
  delivered: number;
  bounced: number;
  complained: number;
  opened: number;
  clicked: number;
  /** Leads whose sequence stopped on a reply (or an unsubscribe) after this was the last step sent to them. */
  replied: number;
  unsubscribed: number;
}

/**
 * The campaign board's per-step figures, a row per step and channel. A reply or an unsubscribe counts
 * once per lead, on the step last sent to the lead before its sequence stopped for it (however the
 * reply was found, by hand included).
 */
export async function countSendsByStep(sql: Db, workspaceId: string, campaignId: string): Promise<StepCounts[]> {
  // The stops are counted apart and joined to the few per-step rows. Each stopped enrolment notes the step it
  // stopped after (migration 0052), so counting them reads one partial index, not each stopped lead's sends.
  return sql<StepCounts[]>`
    with counts as (
      -- Kept by the triggers on sends (migration 0049): reading them costs a row per step, however many sends there are.
      select step_id, channel, step_position, scheduled, sent, failed, skipped, delivered, bounced, complained, opened, clicked
      from campaign_send_counts
      where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and sends > 0
    ), stops as (
      select stopped_after_step_id as step_id, stopped_after_channel as channel,
        count(*) filter (where stop_reason = 'replied')::int as replied,
        count(*) filter (where stop_reason = 'unsubscribed')::int as unsubscribed
      from enrolments
      where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and status = 'stopped' and stop_reason in ('replied', 'unsubscribed')
        and stopped_after_step_id is not null
      group by stopped_after_step_id, stopped_after_channel
    )
    select c.step_id as "stepId", c.step_position as "stepPosition", c.channel, c.scheduled, c.sent, c.failed, c.skipped, c.delivered,
           c.bounced, c.complained, c.opened, c.clicked, coalesce(s.replied, 0) as replied, coalesce(s.unsubscribed, 0) as unsubscribed
    from counts c left join stops s on s.step_id = c.step_id and s.channel = c.channel
    order by c.step_position, c.step_id, c.channel`;
}

export interface ExistingSend {
  enrolmentId: string;
  stepId: string;
  status: SendStatus;
  nextStepId: string | null;
  sentAt: Date | null;
}

/** The sends already made for these enrolment × step pairs (a step planned again finds its send). */
export async function existingSends(sql: Db, pairs: { enrolmentId: string; stepId: string }[]): Promise<ExistingSend[]> {
  if (pairs.length === 0) return [];
  return sql<ExistingSend[]>`
    select s.enrolment_id as "enrolmentId", s.step_id as "stepId", s.status, s.next_step_id as "nextStepId", s.sent_at as "sentAt"
    from sends s
    join unnest(${pairs.map((pair) => pair.enrolmentId)}::uuid[], ${pairs.map((pair) => pair.stepId)}::text[]) as p(enrolment_id, step_id)
      on s.enrolment_id = p.enrolment_id and s.step_id = p.step_id`;
}

export interface RecoveredSends {
  /** Retried with the same idempotency key: the provider (Resend, the sandbox outbox) takes it at most once. */
  retried: string[];
  /** Failed as in doubt: SMTP has no idempotency key, so sending again might deliver it twice. */
  failed: string[];
}

/**
 * Sends left in `sending` longer than `olderThan` (the worker stopped during the provider call). A
 * provider that deduplicates by the idempotency key is simply asked again; an SMTP send is failed, with
 * its lead's sequence stopped, rather than risked twice.
 */
export async function recoverStuckSends(sql: Db, input: { olderThan: Date; limit: number; channel?: SendChannel }): Promise<RecoveredSends> {
  return inTransaction(sql, async (tx) => {
    const stuck = await tx<{ id: string; provider: string | null; enrolmentId: string; channel: SendChannel; submitStarted: boolean }[]>`
      select id, provider, enrolment_id as "enrolmentId", channel, submit_started_at is not null as "submitStarted" from sends
      where status = 'sending' and updated_at < ${input.olderThan} and channel = ${input.channel ?? 'email'}
      order by updated_at limit ${input.limit}
      for update skip locked`;
    // A form the browser may have submitted cannot be asked about: in doubt. One it never pressed submit on is safe to try again.
    const doubtful = (send: (typeof stuck)[number]) => (send.channel === 'form' ? send.submitStarted : send.provider === 'smtp');
    const inDoubt = stuck.filter(doubtful);
    const retry = stuck.filter((send) => !doubtful(send));
    // One statement for both and the stops: the counts' rows (migration 0049) are locked once, at its end, after the enrolments.
    if (stuck.length > 0) {
      const doubted = inDoubt.map((send) => send.id);
      await tx`
        with moved as (
          update sends set updated_at = now(),
                 status = case when id = any(${doubted}::uuid[]) then ${sendEventTarget('fail')} else ${sendEventTarget('retry')} end,
                 not_before = case when id = any(${doubted}::uuid[]) then not_before else now() end,
                 form_outcome = case when id = any(${doubted}::uuid[]) then (case when channel = 'form' then 'in_doubt' end) else form_outcome end,
                 failure = case
                   when id <> all(${doubted}::uuid[]) and channel = 'form' then 'The worker stopped before submitting the form; tried again.'
                   when id <> all(${doubted}::uuid[]) then 'The worker stopped while sending; asked again with the same idempotency key.'
                   when channel = 'form'
                   then 'In doubt: the worker stopped after pressing the form''s submit button, so whether the site took it is unknown; not submitted again so it is never submitted twice.'
                   else 'In doubt: the worker stopped while SMTP was sending, and SMTP cannot tell whether it went; not sent again so it is never sent twice.' end
          where id = any(${stuck.map((send) => send.id)}::uuid[])
            and status = any(case when id = any(${doubted}::uuid[]) then ${sendStatusesAllowing('fail')}::text[] else ${sendStatusesAllowing('retry')}::text[] end)
          returning enrolment_id, id = any(${doubted}::uuid[]) as doubted
        )
        update enrolments set status = ${enrolmentEventTarget('stop')}, stop_reason = 'send_failed', next_action_at = null, finished_at = now(), updated_at = now()
        where id in (select enrolment_id from moved where doubted) and status = any(${enrolmentStatusesAllowing('stop')})`;
    }
    return { retried: retry.map((send) => send.id), failed: inDoubt.map((send) => send.id) };
  });
}

/**
 * A send by its own id, in whichever workspace it is: a provider webhook carries our id as a tag and
 * names no workspace (the event is resolved to one through the send it finds).
 */
export async function findSendForWebhook(sql: Db, sendId: string): Promise<SendRow | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sendId)) return null;
  const [row]: [SendRow?] = await sql`select ${SEND_COLUMNS(sql)} from sends s where s.id = ${sendId}`;
  return row ?? null;
}
