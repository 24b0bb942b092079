// The outreach scheduler: due enrolments are claimed a batch at a time (skip locked, so several
// workers share the work), planned by core, and their decisions, new sends and new calls (of call
// steps) written in the same transaction as the claim.
import { randomUUID } from 'node:crypto';
import { callAttemptKey, callStepOutcome, decideEnrolment, deferCallStep, SANDBOX_CALL_PHONE_NUMBER_ID, recipientTimeZone, ZSequence, type EnrolmentDecision, type Logger, type Sequence } from '@switchboard/core';
import {
  applyEnrolmentPlans,
  campaignSequences,
  claimDueEnrolments,
  createCalls,
  createSends,
  existingSends,
  type DueEnrolment,
  type EnrolmentPlan,
  type PlannedCall,
  type PlannedSend,
  type Sql,
  type TransactionSql,
} from '@switchboard/db';

/**
 * Enrolments planned per transaction: one claim, one plan write and one send insert each. Each row
 * costs Postgres a few index and foreign-key writes (about 0.2 ms under load), so a batch of 500 stays
 * well under a tick's budget.
 */
export const SCHEDULE_BATCH_SIZE = 500;

export interface ScheduleOptions {
  now?: Date;
  batchSize?: number;
  /** Stop after this many batches; the next tick goes on. */
  maxBatches?: number;
  /** Start no batch after this long (ms); the next tick goes on. */
  budgetMs?: number;
  /** The host part of our Message-ID headers (the dashboard's host). */
  messageIdDomain: string;
}

export interface ScheduleServices {
  sql: Sql;
  log: Logger;
  /** The Vapi number a workspace's calls go out from (core's callPhoneNumberId); the sandbox's when not given. */
  callPhoneNumberId?: (workspaceId: string) => Promise<string>;
}

export interface ScheduleOutcome {
  enrolments: number;
  /** Sends created, ready for the dispatcher. */
  sendIds: string[];
  /** How many of those are contact form submissions (for the form submitter). */
  formSends: number;
  /** Calls of call steps queued, for the call scheduler and the call board. */
  calls: { workspaceId: string; campaignId: string; callId: string }[];
  /** Campaigns whose enrolments moved, for the live board. */
  campaigns: { workspaceId: string; campaignId: string }[];
  /** It stopped at its batch or time limit with a full last batch: more may be due. */
  more: boolean;
}

export async function scheduleDueEnrolments(services: ScheduleServices, options: ScheduleOptions): Promise<ScheduleOutcome> {
  const outcome: ScheduleOutcome = { enrolments: 0, sendIds: [], formSends: 0, calls: [], campaigns: [], more: false };
  const campaigns = new Map<string, string>();
  const batchSize = options.batchSize ?? SCHEDULE_BATCH_SIZE;
  const startedAt = performance.now();
  for (let batch = 0; ; batch += 1) {
    if (batch >= (options.maxBatches ?? Number.POSITIVE_INFINITY) || performance.now() - startedAt >= (options.budgetMs ?? Number.POSITIVE_INFINITY)) {
      outcome.more = true;
      break;
    }
    const now = options.now ?? new Date();
    const planned = await services.sql.begin((tx) => scheduleBatch(tx, services, { now, batchSize, messageIdDomain: options.messageIdDomain }));
    outcome.enrolments += planned.enrolments;
    outcome.sendIds.push(...planned.sendIds);
    outcome.calls.push(...planned.calls);
    outcome.formSends += planned.formSends;
    for (const campaign of planned.campaigns) campaigns.set(campaign.campaignId, campaign.workspaceId);
    if (planned.enrolments < batchSize) break;
  }
  outcome.campaigns = [...campaigns].map(([campaignId, workspaceId]) => ({ workspaceId, campaignId }));
  return outcome;
}

async function scheduleBatch(tx: TransactionSql, services: ScheduleServices, input: { now: Date; batchSize: number; messageIdDomain: string }): Promise<ScheduleOutcome> {
  const due = await claimDueEnrolments(tx, { now: input.now, limit: input.batchSize });
  if (due.length === 0) return { enrolments: 0, sendIds: [], formSends: 0, calls: [], campaigns: [], more: false };
  const sequences = await sequencesOf(tx, services.log, [...new Set(due.map((enrolment) => enrolment.campaignId))]);
  const decisions = new Map<string, EnrolmentDecision>();
  for (const enrolment of due) {
    const campaign = sequences.get(enrolment.campaignId);
    decisions.set(
      enrolment.id,
      campaign
        ? decideEnrolment({ enrolment: scheduledEnrolment(enrolment), sequence: campaign.sequence, now: input.now, timeZone: recipientTimeZone(enrolment, campaign.timeZone) })
        : // No usable sequence (it was never set, or no longer parses): nothing can be sent; say so by stopping.
          { status: 'stopped', stopReason: 'manual', stepId: enrolment.stepId, stepSince: enrolment.stepSince, nextActionAt: null, send: null, call: null },
    );
  }
  const wanted = due.filter((enrolment) => decisions.get(enrolment.id)?.send);
  const created = await createSends(tx, wanted.map((enrolment) => plannedSend(enrolment, decisions.get(enrolment.id)!, input.messageIdDomain)));
  await settlePlannedAgain(tx, wanted, new Set(created.map((send) => send.enrolmentId)), decisions, input.now);
  const calls = await queueStepCalls(tx, services, due.filter((enrolment) => decisions.get(enrolment.id)?.call), decisions, input.now);
  await applyEnrolmentPlans(tx, due.map((enrolment) => enrolmentPlan(enrolment.id, decisions.get(enrolment.id)!)));
  const campaigns = new Map(due.map((enrolment) => [enrolment.campaignId, enrolment.workspaceId]));
  const formSends = created.filter((send) => decisions.get(send.enrolmentId)?.send?.channel === 'form').length;
  return {
    enrolments: due.length,
    sendIds: created.map((send) => send.id),
    formSends,
    calls,
    campaigns: [...campaigns].map(([campaignId, workspaceId]) => ({ workspaceId, campaignId })),
    more: false,
  };
}

async function sequencesOf(tx: TransactionSql, log: Logger, campaignIds: string[]): Promise<Map<string, { sequence: Sequence; timeZone: string }>> {
  const found = new Map<string, { sequence: Sequence; timeZone: string }>();
  for (const campaign of await campaignSequences(tx, campaignIds)) {
    const parsed = ZSequence.safeParse(campaign.sequence);
    if (parsed.success) found.set(campaign.id, { sequence: parsed.data, timeZone: campaign.timeZone });
    else log.warn({ campaignId: campaign.id }, 'campaign has no usable sequence: its due enrolments stop');
  }
  return found;
}

/**
 * A step planned again (a goto back to an email already sent, or a crash after the send was made)
 * finds its send instead of making another: sent moves the enrolment past it, failed or canceled
 * stops it, and one still on its way is waited for.
 */
async function settlePlannedAgain(tx: TransactionSql, wanted: DueEnrolment[], created: Set<string>, decisions: Map<string, EnrolmentDecision>, now: Date): Promise<void> {
  const again = wanted.filter((enrolment) => !created.has(enrolment.id));
  if (again.length === 0) return;
  const sends = await existingSends(tx, again.map((enrolment) => ({ enrolmentId: enrolment.id, stepId: decisions.get(enrolment.id)!.send!.stepId })));
  for (const send of sends) {
    const decision = decisions.get(send.enrolmentId)!;
    // A skipped contact form step sent nothing and the sequence goes on past it, as after a send.
    if (send.status === 'sent' || send.status === 'skipped') decisions.set(send.enrolmentId, { ...decision, stepId: send.nextStepId, stepSince: send.sentAt ?? now, nextActionAt: now, send: null });
    else if (send.status === 'failed' || send.status === 'canceled') decisions.set(send.enrolmentId, { ...decision, status: 'stopped', stopReason: 'send_failed', send: null });
  }
}

const scheduledEnrolment = (enrolment: DueEnrolment) => ({
  ...enrolment,
  canEmail: enrolment.email !== null,
  canCall: enrolment.phone !== null,
  calls: enrolment.calls.map((call) => ({ stepId: call.stepId, outcome: callStepOutcome(call.status), at: call.at })),
});

/**
 * Queues the first attempt of each call step's call, keyed by enrolment, step and attempt: planned
 * again after a crash, the same call is found (the planner then waits for it) rather than made twice.
 * The call scheduler places it inside the lead's calling window, and retries it by the campaign's policy.
 * A lead that has a call queued or live already (its campaign's own) gets none now: its enrolment stays
 * on the step and is planned again a little later (core's deferCallStep).
 */
async function queueStepCalls(
  tx: TransactionSql,
  services: ScheduleServices,
  wanted: DueEnrolment[],
  decisions: Map<string, EnrolmentDecision>,
  now: Date,
): Promise<ScheduleOutcome['calls']> {
  if (wanted.length === 0) return [];
  const numbers = new Map<string, string>();
  for (const workspaceId of new Set(wanted.map((enrolment) => enrolment.workspaceId))) {
    numbers.set(workspaceId, (await services.callPhoneNumberId?.(workspaceId)) ?? SANDBOX_CALL_PHONE_NUMBER_ID);
  }
  const planned: PlannedCall[] = wanted.flatMap((enrolment) => {
    const call = decisions.get(enrolment.id)!.call!;
    if (enrolment.phone === null) return [];
    const sequenceStep = { enrolmentId: enrolment.id, stepId: call.stepId };
    return [{
      workspaceId: enrolment.workspaceId, campaignId: enrolment.campaignId, leadId: enrolment.leadId, toNumber: enrolment.phone,
      phoneNumberId: numbers.get(enrolment.workspaceId)!, attempt: 1, notBefore: call.notBefore, ...sequenceStep,
      attemptKey: callAttemptKey({ campaignId: enrolment.campaignId, leadId: enrolment.leadId, attempt: 1, sequenceStep }),
    }];
  });
  const created = new Map((await createCalls(tx, planned)).map((call) => [call.attemptKey, call.id]));
  return planned.flatMap((call) => {
    const callId = created.get(call.attemptKey);
    if (callId) return [{ workspaceId: call.workspaceId, campaignId: call.campaignId, callId }];
    decisions.set(call.enrolmentId!, deferCallStep(decisions.get(call.enrolmentId!)!, now));
    return [];
  });
}

function plannedSend(enrolment: DueEnrolment, decision: EnrolmentDecision, messageIdDomain: string): PlannedSend {
  const send = decision.send!;
  return {
    workspaceId: enrolment.workspaceId,
    campaignId: enrolment.campaignId,
    enrolmentId: enrolment.id,
    leadId: enrolment.leadId,
    stepId: send.stepId,
    stepPosition: send.stepPosition,
    nextStepId: send.nextStepId,
    channel: send.channel,
    toAddress: send.channel === 'email' ? enrolment.email : null,
    // One key per enrolment and step: whatever happens, the provider can accept this email (or the site this form) once.
    idempotencyKey: `send:${enrolment.id}:${send.stepId}`,
    messageId: `<${randomUUID()}@${messageIdDomain}>`,
    notBefore: send.notBefore,
  };
}

function enrolmentPlan(id: string, decision: EnrolmentDecision): EnrolmentPlan {
  return { id, status: decision.status, stopReason: decision.stopReason, stepId: decision.stepId, stepSince: decision.stepSince, nextActionAt: decision.nextActionAt };
}
