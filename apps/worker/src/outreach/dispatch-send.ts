// Campaign sends, from their rows to the provider: suppression, mailbox rotation, the recipient's send
// window and the mailbox's limits are checked first; each row moves to `sending` (committed) before the
// provider is called with the send's idempotency key; the outcome is recorded by the state machine.
// A batch is read, reserved, claimed and recorded a few statements at a time (not a few per send):
// slots are reserved per mailbox in one transaction, claims commit per chunk before that chunk's
// provider calls, and what the provider accepted is recorded per chunk.
import {
  isWithinSendWindow,
  nextSendAttempt,
  nextWindowOpening,
  mailboxRoomWait,
  outsideSendWindowReason,
  pickMailbox,
  type MailboxCandidate,
  recipientTimeZone,
  sendWindowFromStored,
  unsubscribeUrl,
  withOpening,
  ZSequence,
  type EmailStep,
  type Logger,
  type Sequence,
} from '@switchboard/core';
import { createUnsubscribeToken } from '@switchboard/core/suppression';
import { htmlFromText, renderEmail, templateContextOf } from '@switchboard/core/templates';
import {
  campaignSendingMailboxes,
  claimSendsForSending,
  deferSend,
  markSendFailed,
  markSendRetrying,
  markSendsSent,
  releaseMailboxSlot,
  reserveMailboxSlots,
  sendContexts,
  stopLeadEnrolments,
  suppressedAddresses,
  type MailboxSlotReservation,
  type ProviderKeyResolver,
  type SendContext,
  type SendingMailbox,
  type Sql,
} from '@switchboard/db';
import { writeOpening, type AiWriterFor } from '../adapters/ai-writer/index.ts';
import { composeEmailSender, emailSenderForWorkspace, isEmailFailure, type EmailSender, type MarketingEmailMessage } from '../adapters/email/index.ts';

// When nothing can send this email now (no mailbox, no key to sign its unsubscribe link), look again later.
const BLOCKED_RETRY_MS = 15 * 60_000;
// Every mailbox full: looked at again when the fullest window frees a slot, but not sooner than a minute.
const FULL_RETRY_MIN_MS = 60_000;
/** Sends claimed together (one commit) right before their provider calls, which then run at once. */
const SENDS_PER_CHUNK = 16;
/**
 * Chunks on their way at once: SENDS_PER_CHUNK × this provider calls overlap at most. 8 sent 2,000
 * sends at 225 and 289/s where 4 did 222 (the bench's probe, same load); a provider's 429 is retried
 * after the wait it asks for.
 */
const CHUNKS_IN_FLIGHT = 8;

export interface DispatchServices {
  sql: Sql;
  log: Logger;
  providerKey: ProviderKeyResolver;
  aiWriter: AiWriterFor;
  publicUrl: string;
  /** Signs unsubscribe links; null without SWITCHBOARD_SECRET, and then no campaign email can go. */
  unsubscribeKey: Buffer | null;
  /** The sender for a workspace and mailbox provider (tests pass one pointed at a fake). */
  senderFor?: (workspaceId: string, mailbox: SendingMailbox) => Promise<EmailSender>;
  resendBaseUrl?: string | undefined;
  emailFrom: string;
  /** Told of the sends the sandbox outbox took (not a live provider), once recorded sent: the sandbox recipient answers them. */
  sandboxSent?: ((sends: readonly { workspaceId: string; sendId: string }[]) => Promise<unknown>) | undefined;
}

export type DispatchOutcome = 'sent' | 'retrying' | 'failed' | 'deferred' | 'stopped' | 'skipped';

/** One send (see dispatchSends). */
export async function dispatchSend(services: DispatchServices, send: { workspaceId: string; id: string }, now = new Date()): Promise<DispatchOutcome> {
  const [outcome] = await dispatchSends(services, [send], now);
  return outcome ?? 'skipped';
}

export interface ReadySend {
  index: number;
  context: SendContext;
  step: EmailStep;
  mailbox: SendingMailbox;
}

/**
 * A batch of sends; returns each send's outcome, in the order given. A send that is not (or no longer)
 * waiting in its workspace is skipped. Every send still goes through the same gates as one alone:
 * suppression, its step, the send window, a slot of its mailbox reserved in Postgres, its claim
 * (`sending`, committed) before the provider call with its idempotency key.
 */
export async function dispatchSends(services: DispatchServices, sends: readonly { workspaceId: string; id: string }[], now = new Date()): Promise<DispatchOutcome[]> {
  return sendPreparedSends(services, await prepareSends(services, sends, now), chunkLanes());
}

/** A batch read, checked and with its slots reserved: what is left is claiming and sending it, chunk by chunk. */
export interface PreparedSends {
  now: Date;
  outcomes: DispatchOutcome[];
  withSlot: ReadySend[];
}

/**
 * The first half of dispatchSends: reads the batch (contexts, suppression, rotations), stops, defers
 * and reserves slots. Nothing here calls a provider, so the next batch can be prepared while the
 * one before is still being sent.
 */
export async function prepareSends(services: DispatchServices, sends: readonly { workspaceId: string; id: string }[], now = new Date()): Promise<PreparedSends> {
  const { sql } = services;
  const outcomes: DispatchOutcome[] = Array.from({ length: sends.length }, () => 'skipped');
  const contexts = new Map((await sendContexts(sql, sends)).map((context) => [context.sendId, context]));
  const waiting: { index: number; context: SendContext }[] = [];
  sends.forEach((send, index) => {
    const context = contexts.get(send.id);
    if (context && context.workspaceId === send.workspaceId && (context.status === 'queued' || context.status === 'retrying')) waiting.push({ index, context });
  });
  const suppressed = await suppressedByWorkspace(sql, waiting.map(({ context }) => context));
  const rotations = new Map<string, Promise<SendingMailbox[]>>();
  // A campaign's sequence is parsed once per batch, not once per send.
  const sequences = new Map<string, Sequence | null>();
  // Deferrals are written side by side (a closed send window can defer a whole batch).
  const deferrals: Promise<unknown>[] = [];
  const defer = (index: number, context: SendContext, until: Date, reason: string) => {
    const deferral = deferSend(sql, { workspaceId: context.workspaceId, sendId: context.sendId, notBefore: until, reason });
    // Awaited below (with its error); handled now so a failure before then is not an unhandled rejection.
    deferral.catch(() => {});
    deferrals.push(deferral);
    outcomes[index] = 'deferred';
  };

  const ready: ReadySend[] = [];
  for (const { index, context } of waiting) {
    if (suppressed.get(context.workspaceId)?.has(context.toAddress.trim().toLowerCase())) {
      await stopLeadEnrolments(sql, { workspaceId: context.workspaceId, leadIds: [context.leadId], reason: 'suppressed' });
      services.log.info({ sendId: context.sendId, workspaceId: context.workspaceId }, 'recipient is on the suppression list: sequence stopped');
      outcomes[index] = 'stopped';
      continue;
    }
    const step = emailStepOf(sequences, context);
    if (!step) {
      defer(index, context, new Date(now.getTime() + BLOCKED_RETRY_MS), 'The campaign sequence no longer has this email step.');
      continue;
    }
    if (!services.unsubscribeKey) {
      defer(index, context, new Date(now.getTime() + BLOCKED_RETRY_MS), 'Set SWITCHBOARD_SECRET: campaign emails need a signed unsubscribe link.');
      continue;
    }
    const rotation = await rotationOf(sql, rotations, context);
    const mailbox = chooseMailbox(rotation, context);
    if (!mailbox) {
      // Full for the minute is the usual case of a large start: it waits a minute, not a quarter of an hour
      // (which left a 60-a-minute mailbox idle most of the time while thousands of emails were due).
      const full = mailboxRoomWait(rotation.map(rotationCandidate));
      if (full) defer(index, context, new Date(now.getTime() + Math.min(Math.max(full.withinMs, FULL_RETRY_MIN_MS), BLOCKED_RETRY_MS)), `Every mailbox of this campaign is at its per-${full.window} limit: the email waits for room.`);
      else defer(index, context, new Date(now.getTime() + BLOCKED_RETRY_MS), 'No active mailbox with room in this campaign: add one or raise its limits.');
      continue;
    }
    const window = sendWindowFromStored(mailbox);
    const zone = recipientTimeZone(context.lead, context.campaignTimeZone);
    if (!window) {
      defer(index, context, new Date(now.getTime() + BLOCKED_RETRY_MS), `Mailbox ${mailbox.fromAddress} has no whole sending hour in its window.`);
      continue;
    }
    if (!isWithinSendWindow(window, zone, now)) {
      defer(index, context, nextWindowOpening(window, zone, now), outsideSendWindowReason(zone));
      continue;
    }
    // Counted as taken now so the rest of the batch spreads across the rotation; Postgres's count,
    // taken under the mailbox's lock below, is what holds the limit.
    mailbox.usedMinute += 1;
    mailbox.usedHour += 1;
    mailbox.usedDay += 1;
    ready.push({ index, context, step, mailbox });
  }

  const reserved = await reserveSlots(services, ready, now);
  const withSlot: ReadySend[] = [];
  for (const send of ready) {
    const slot = reserved.get(send.context.idempotencyKey);
    if (slot?.reserved && slot.mailboxId === send.mailbox.id) withSlot.push(send);
    else if (slot?.reserved) {
      // An attempt of this send holds its slot on another mailbox, and the provider may already have this
      // key from there: it goes from that mailbox or not at all (Resend refuses one key with another sender).
      // A usable one means another dispatcher has just reserved it there and sends it.
      const rotation = await rotationOf(sql, rotations, send.context);
      if (!rotation.some((candidate) => candidate.id === slot.mailboxId)) {
        defer(send.index, send.context, new Date(now.getTime() + BLOCKED_RETRY_MS), 'An earlier attempt of this email reserved a mailbox that cannot send now.');
      }
    } else if (slot?.reason === 'limit') defer(send.index, send.context, slot.retryAt, `Mailbox ${send.mailbox.fromAddress} is at its limit.`);
    else defer(send.index, send.context, new Date(now.getTime() + BLOCKED_RETRY_MS), `Mailbox ${send.mailbox.fromAddress} cannot send (${slot?.reason ?? 'missing'}).`);
  }
  await Promise.all(deferrals);
  return { now, outcomes, withSlot };
}

/**
 * At most `size` chunks on their way at once, across every batch given the same lanes: while one
 * batch's last chunks are out, the next batch's first ones already take the free lanes.
 */
export interface ChunkLanes {
  run(work: () => Promise<void>): Promise<void>;
  /** Resolves once fewer than `count` chunks wait for a lane. */
  waitingBelow(count: number): Promise<void>;
}

export function chunkLanes(size = CHUNKS_IN_FLIGHT): ChunkLanes {
  let active = 0;
  const queue: (() => void)[] = [];
  const watchers: { count: number; resolve: () => void }[] = [];
  const release = () => {
    const next = queue.shift();
    // The lane passes straight to the next chunk waiting, else it is free.
    if (next) next();
    else active -= 1;
    for (const watcher of [...watchers]) {
      if (queue.length < watcher.count) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve();
      }
    }
  };
  return {
    async run(work) {
      if (active < size) active += 1;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        await work();
      } finally {
        release();
      }
    },
    waitingBelow(count) {
      if (queue.length < count) return Promise.resolve();
      return new Promise((resolve) => watchers.push({ count, resolve }));
    },
  };
}

/** The second half of dispatchSends: each chunk claimed (one commit), sent and recorded, on the lanes given. Returns every send's outcome. */
export async function sendPreparedSends(services: DispatchServices, prepared: PreparedSends, lanes: ChunkLanes): Promise<DispatchOutcome[]> {
  const { withSlot, now, outcomes } = prepared;
  const senders = new Map<string, Promise<EmailSender>>();
  const senderOf = (send: ReadySend): Promise<EmailSender> => {
    const { workspaceId } = send.context;
    if (services.senderFor) return services.senderFor(workspaceId, send.mailbox);
    const key = `${workspaceId}:${send.mailbox.provider}`;
    let sender = senders.get(key);
    if (!sender) {
      sender = senderForMailbox(services, workspaceId, send.mailbox);
      senders.set(key, sender);
    }
    return sender;
  };
  const chunks: ReadySend[][] = [];
  for (let start = 0; start < withSlot.length; start += SENDS_PER_CHUNK) chunks.push(withSlot.slice(start, start + SENDS_PER_CHUNK));
  // Every chunk is queued now, so a caller sees at once how many wait for a lane.
  const sent = await Promise.allSettled(chunks.map((chunk) => lanes.run(() => sendChunk(services, chunk, senderOf, now, outcomes))));
  const broken = sent.find((chunk) => chunk.status === 'rejected');
  if (broken) throw broken.reason;
  return outcomes;
}

async function suppressedByWorkspace(sql: Sql, contexts: readonly SendContext[]): Promise<Map<string, Set<string>>> {
  const addresses = new Map<string, string[]>();
  for (const context of contexts) addresses.set(context.workspaceId, [...(addresses.get(context.workspaceId) ?? []), context.toAddress]);
  const suppressed = new Map<string, Set<string>>();
  for (const [workspaceId, emails] of addresses) suppressed.set(workspaceId, await suppressedAddresses(sql, workspaceId, emails));
  return suppressed;
}

/** The campaign's usable mailboxes (active, with a postal address) with their usage, read once per batch. */
function rotationOf(sql: Sql, rotations: Map<string, Promise<SendingMailbox[]>>, context: SendContext): Promise<SendingMailbox[]> {
  let rotation = rotations.get(context.campaignId);
  if (!rotation) {
    rotation = campaignSendingMailboxes(sql, context.workspaceId, context.campaignId).then((mailboxes) =>
      mailboxes.filter((mailbox) => mailbox.status === 'active' && mailbox.postalAddress),
    );
    rotations.set(context.campaignId, rotation);
  }
  return rotation;
}

/**
 * The mailbox an earlier attempt of this send reserved (a retry must repeat the same request), else the
 * thread's mailbox when it can still send, else the rotation's one with the most room.
 */
/** A mailbox of the rotation as core's rotation rules see it: its limits and what this batch has counted as used. */
function rotationCandidate(mailbox: SendingMailbox): MailboxCandidate {
  return {
    id: mailbox.id,
    limits: { perMinute: mailbox.limitPerMinute, perHour: mailbox.limitPerHour, perDay: mailbox.limitPerDay },
    used: { minute: mailbox.usedMinute, hour: mailbox.usedHour, day: mailbox.usedDay },
  };
}

function chooseMailbox(usable: SendingMailbox[], context: SendContext): SendingMailbox | null {
  const sticky = usable.find((mailbox) => mailbox.id === context.slotMailboxId) ?? usable.find((mailbox) => mailbox.id === context.enrolmentMailboxId);
  if (sticky) return sticky;
  const picked = pickMailbox(usable.map(rotationCandidate));
  // The batch's own copy, whose usage counts on.
  return usable.find((mailbox) => mailbox.id === picked?.id) ?? null;
}

/** One transaction per mailbox (run side by side), each reserving its sends' slots in their order. */
async function reserveSlots(services: DispatchServices, sends: readonly ReadySend[], now: Date): Promise<Map<string, MailboxSlotReservation>> {
  const byMailbox = new Map<string, { workspaceId: string; keys: string[] }>();
  for (const { context, mailbox } of sends) {
    const group = byMailbox.get(mailbox.id) ?? { workspaceId: context.workspaceId, keys: [] };
    group.keys.push(context.idempotencyKey);
    byMailbox.set(mailbox.id, group);
  }
  const reserved = new Map<string, MailboxSlotReservation>();
  await Promise.all(
    [...byMailbox].map(async ([mailboxId, group]) => {
      const answers = await reserveMailboxSlots(services.sql, { workspaceId: group.workspaceId, mailboxId, sendKeys: group.keys, now });
      for (const [key, answer] of answers) reserved.set(key, answer);
    }),
  );
  return reserved;
}

/** Composes a chunk's emails, claims them in one commit, calls the provider for all at once, and records what it took in one statement. */
async function sendChunk(
  services: DispatchServices,
  chunk: readonly ReadySend[],
  senderOf: (send: ReadySend) => Promise<EmailSender>,
  now: Date,
  outcomes: DispatchOutcome[],
): Promise<void> {
  const { sql } = services;
  const prepared = await Promise.all(
    chunk.map(async (send) => ({
      ...send,
      message: await composeMessage(services, send.context, send.step, send.mailbox),
      sender: await senderOf(send),
    })),
  );
  // The commit of this move is what makes the provider calls safe to make once; the provider it names
  // decides what a restart does with a send left here (recoverStuckSends).
  const claimed = new Map(
    (await claimSendsForSending(sql, {
      now,
      sends: prepared.map(({ context, mailbox, sender }) => ({ workspaceId: context.workspaceId, sendId: context.sendId, mailboxId: mailbox.id, provider: sender.provider })),
    })).map((row) => [row.id, row.attempts]),
  );
  // A send this batch could not claim keeps its slot. Another process may hold the same slot (a
  // reservation of one key is shared) and claim the send a moment later, from a clock a little ahead of
  // ours: giving the slot back here let that email go out counted against no limit (the two-process
  // property test caught it). If the send goes later it reuses this slot; if it never goes, the slot only
  // keeps its mailbox a little under its limit until the windows pass.

  const accepted: Parameters<typeof markSendsSent>[1][number][] = [];
  const acceptedIndex = new Map<string, number>();
  const calls = await Promise.allSettled(
    prepared
      .filter(({ context }) => claimed.has(context.sendId))
      .map(async ({ index, context, message, sender }) => {
        // Made only when there is something to say: most calls succeed.
        const log = () => services.log.child({ sendId: context.sendId, workspaceId: context.workspaceId });
        try {
          const sent = await sender.send(message, { sql, deliveryId: null, sendId: context.sendId, workspaceId: context.workspaceId, recipientWorkspaceIds: [context.workspaceId] });
          accepted.push({ workspaceId: context.workspaceId, sendId: context.sendId, provider: sent.provider ?? sender.provider, providerMessageId: sent.providerMessageId, subject: message.subject, now: new Date() });
          acceptedIndex.set(context.sendId, index);
        } catch (error) {
          if (!isEmailFailure(error)) throw error;
          const decision = nextSendAttempt({ attempts: claimed.get(context.sendId)!, errorKind: error.retriable ? 'retriable' : 'permanent', retryAfterS: error.retryAfterSeconds ?? undefined, now: new Date() });
          const reason = `${error.provider ?? sender.provider}: ${error.reason}`;
          if (decision.outcome === 'retry') {
            await markSendRetrying(sql, { workspaceId: context.workspaceId, sendId: context.sendId, notBefore: decision.at, failure: reason });
            log().warn({ reason, retryAt: decision.at }, 'send will be retried');
            outcomes[index] = 'retrying';
            return;
          }
          // Refused before the provider took it: the slot did not reach anyone's inbox.
          if (error.name === 'EmailRefused') await releaseMailboxSlot(sql, { workspaceId: context.workspaceId, sendKey: context.idempotencyKey });
          await markSendFailed(sql, { workspaceId: context.workspaceId, sendId: context.sendId, failure: reason });
          log().warn({ reason }, 'send failed');
          outcomes[index] = 'failed';
        }
      }),
  );
  // What the provider took is recorded even when another call of the chunk broke unexpectedly.
  await markSendsSent(sql, accepted);
  for (const sendId of acceptedIndex.keys()) outcomes[acceptedIndex.get(sendId)!] = 'sent';
  await tellSandboxRecipient(services, accepted);
  const broken = calls.find((call) => call.status === 'rejected');
  if (broken) throw broken.reason;
}

/**
 * The sends the sandbox outbox took; a failure to queue their simulated events is logged, never the
 * dispatch's failure (they are sent): email.sandbox-sweep queues them once they are overdue.
 */
async function tellSandboxRecipient(services: DispatchServices, accepted: readonly { workspaceId: string; sendId: string; provider: string }[]): Promise<void> {
  const sandboxSends = accepted.filter((send) => send.provider === 'sandbox').map(({ workspaceId, sendId }) => ({ workspaceId, sendId }));
  if (sandboxSends.length === 0 || !services.sandboxSent) return;
  try {
    await services.sandboxSent(sandboxSends);
  } catch (error) {
    services.log.warn({ err: error, sends: sandboxSends.length }, 'could not queue the sandbox recipient’s events; the sandbox sweep will queue them once they are overdue');
  }
}

function emailStepOf(sequences: Map<string, Sequence | null>, context: SendContext): EmailStep | null {
  const key = `${context.campaignId}:${context.sequenceVersion}`;
  let sequence = sequences.get(key);
  if (sequence === undefined) {
    const parsed = ZSequence.safeParse(context.sequence);
    sequence = parsed.success ? parsed.data : null;
    sequences.set(key, sequence);
  }
  const step = sequence?.steps.find((candidate) => candidate.id === context.stepId);
  return step?.type === 'email' ? step : null;
}

async function composeMessage(services: DispatchServices, context: SendContext, step: EmailStep, mailbox: SendingMailbox): Promise<MarketingEmailMessage> {
  const token = createUnsubscribeToken(services.unsubscribeKey!, { workspaceId: context.workspaceId, email: context.toAddress, sendId: context.sendId });
  const url = unsubscribeUrl(services.publicUrl, token);
  const rendered = renderEmail(step, templateContextOf(context.lead, { ...context.contact, email: context.toAddress }, mailbox, url));
  let { subject, text } = rendered;
  let html = rendered.html;
  if (step.aiPersonalise) {
    const writing = await writeOpening(
      { sql: services.sql, log: services.log.child({ sendId: context.sendId, workspaceId: context.workspaceId }), aiWriter: services.aiWriter },
      { workspaceId: context.workspaceId, leadId: context.leadId, stepKey: context.stepId, templateVersion: `v${context.sequenceVersion}`, templateSubject: subject, stepNumber: context.stepPosition + 1 },
    );
    if (!writing.fallback) {
      subject = writing.subject;
      text = withOpening(text, writing.opening);
      html = htmlFromText(text.trimEnd());
    }
  }
  return {
    to: context.toAddress,
    subject,
    text,
    html,
    from: { name: mailbox.fromName, address: mailbox.fromAddress },
    messageId: context.messageId,
    idempotencyKey: context.idempotencyKey,
    unsubscribe: { url, mailto: `mailto:${mailbox.fromAddress}?subject=unsubscribe` },
    tags: { send_id: context.sendId },
  };
}

/** The mailbox's provider for this workspace: SMTP alone for an SMTP mailbox that has an SMTP URL, else Resend (SMTP as its fallback) or the sandbox. */
async function senderForMailbox(services: DispatchServices, workspaceId: string, mailbox: SendingMailbox): Promise<EmailSender> {
  if (mailbox.provider === 'smtp') {
    const smtp = await services.providerKey(workspaceId, 'smtp');
    if (smtp?.fields.url) return composeEmailSender({ smtpUrl: smtp.fields.url, from: services.emailFrom });
  }
  return emailSenderForWorkspace(services.providerKey, workspaceId, { from: services.emailFrom, resendBaseUrl: services.resendBaseUrl });
}
