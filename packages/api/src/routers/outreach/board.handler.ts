import { ENROLMENT_STATUSES, ENROLMENT_STOP_REASON_LABELS, ENROLMENT_STOP_REASONS, mailboxRoomNotice, mailboxRoomWait, type SendChannel } from '@switchboard/core';
import { campaignSendingMailboxes, countCallsByStep, countEnrolmentsByStatus, countEnrolmentStopReasons, countSendsByStep, type SendingMailbox } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TOutreachCampaignInputSchema } from './campaign.schema.ts';
import { currentSequence } from './campaign-sequence.ts';
import { campaignSendWindowWait } from './send-window-wait.ts';

const NO_SENDS = { scheduled: 0, sent: 0, failed: 0, skipped: 0, delivered: 0, bounced: 0, complained: 0, opened: 0, clicked: 0, replied: 0, unsubscribed: 0 };

const NO_CALLS = { waiting: 0, live: 0, answered: 0, voicemail: 0, noAnswer: 0, canceled: 0 };

/**
 * The live board: per email and contact form step what its sends did (a form step: submitted, skipped,
 * failed), per call step where its leads' calls are (each lead once, by its latest attempt), and where
 * the enrolments are (stopped ones by reason), and the emails waiting for their recipients' send window.
 */
export async function boardHandler({ ctx, input }: { ctx: AuthedContext; input: TOutreachCampaignInputSchema }) {
  await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId);
  const [{ sequence }, sends, calls, statuses, reasons, mailboxes, sendWindow] = await Promise.all([
    currentSequence(ctx.db, ctx.workspace.id, input.campaignId),
    countSendsByStep(ctx.db, ctx.workspace.id, input.campaignId),
    countCallsByStep(ctx.db, ctx.workspace.id, input.campaignId),
    countEnrolmentsByStatus(ctx.db, ctx.workspace.id, input.campaignId),
    countEnrolmentStopReasons(ctx.db, ctx.workspace.id, input.campaignId),
    campaignSendingMailboxes(ctx.db, ctx.workspace.id, input.campaignId),
    campaignSendWindowWait(ctx.db, ctx.workspace.id, input.campaignId),
  ]);
  // A step's row counts only its own channel's sends: an id once used by a step of the other kind keeps its own row.
  const byStep = new Map(sends.map((row) => [`${row.channel}:${row.stepId}`, row]));
  const steps = sequence.steps.flatMap((step, index) => {
    if (step.type !== 'email' && step.type !== 'contact_form') return [];
    const channel: SendChannel = step.type === 'email' ? 'email' : 'form';
    const counts = byStep.get(`${channel}:${step.id}`);
    byStep.delete(`${channel}:${step.id}`);
    return [{ stepId: step.id, number: index + 1, channel, subject: step.subject, removed: false, ...NO_SENDS, ...(counts ? withoutKeys(counts) : {}) }];
  });
  // Sends of steps since removed from the sequence still count.
  for (const counts of byStep.values()) steps.push({ stepId: counts.stepId, number: 0, channel: counts.channel, subject: '', removed: true, ...withoutKeys(counts) });
  const callsByStep = new Map(calls.map((row) => [row.stepId, row]));
  const callSteps = sequence.steps.flatMap((step, index) => {
    if (step.type !== 'call') return [];
    const { stepId: _stepId, ...counts } = callsByStep.get(step.id) ?? { stepId: step.id, ...NO_CALLS };
    callsByStep.delete(step.id);
    return [{ stepId: step.id, number: index + 1, note: step.note, removed: false, ...counts }];
  });
  // Calls of call steps since removed from the sequence still count.
  for (const { stepId, ...counts } of callsByStep.values()) callSteps.push({ stepId, number: 0, note: '', removed: true, ...counts });
  const enrolments = Object.fromEntries(ENROLMENT_STATUSES.map((status) => [status, statuses.find((row) => row.status === status)?.count ?? 0]));
  const stopped = ENROLMENT_STOP_REASONS.map((reason) => ({ reason, label: ENROLMENT_STOP_REASON_LABELS[reason], count: reasons.find((row) => row.reason === reason)?.count ?? 0 }));
  return { steps, callSteps, enrolments, stopped, mailboxLimits: mailboxLimitsNotice(mailboxes), sendWindow };
}

/** Said on the board while every mailbox that can send is full, so a slow campaign says why (as the dispatcher decides it). */
function mailboxLimitsNotice(mailboxes: SendingMailbox[]): string | null {
  const sending = mailboxes.filter((mailbox) => mailbox.status === 'active' && mailbox.postalAddress);
  return mailboxRoomNotice(
    mailboxRoomWait(
      sending.map((mailbox) => ({
        id: mailbox.id,
        limits: { perMinute: mailbox.limitPerMinute, perHour: mailbox.limitPerHour, perDay: mailbox.limitPerDay },
        used: { minute: mailbox.usedMinute, hour: mailbox.usedHour, day: mailbox.usedDay },
      })),
    ),
  );
}

function withoutKeys<T extends { stepId: string; stepPosition: number; channel: SendChannel }>(counts: T) {
  const { stepId: _stepId, stepPosition: _stepPosition, channel: _channel, ...rest } = counts;
  return rest;
}
