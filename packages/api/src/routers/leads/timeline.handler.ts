import { CONTACT_FORM_OUTCOME_LABELS, NotFound, REPLY_KIND_LABELS, SEND_STATUS_LABELS } from '@switchboard/core';
import { leadTimeline, type TimelineMessage, type TimelineSend } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TLeadTimelineInputSchema } from './timeline.schema.ts';

/**
 * The newest sends and the newest replies, each at most this many: a lead's timeline stays small (its page
 * under 100 KB with a busy lead, each entry being in the HTML and again in the page's data), and says how many it leaves out.
 */
export const LEAD_TIMELINE_LIMIT = 20;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A send as the API answers it: dates as ISO strings, so loaders and the browser client see one shape. */
function sendView(send: TimelineSend) {
  return {
    ...send,
    createdAt: send.createdAt.toISOString(),
    notBefore: send.notBefore.toISOString(),
    sentAt: iso(send.sentAt),
    deliveredAt: iso(send.deliveredAt),
    openedAt: iso(send.openedAt),
    clickedAt: iso(send.clickedAt),
    bouncedAt: iso(send.bouncedAt),
    complainedAt: iso(send.complainedAt),
  };
}

/**
 * What was sent to the lead and what came back, oldest first: the newest page, or an older one (its
 * input's `sendsBefore`/`messagesBefore`), each at most LEAD_TIMELINE_LIMIT sends and as many messages,
 * with how many there are in all and where the next older page starts (null: nothing older).
 */
export async function leadTimelineHandler({ ctx, input }: { ctx: AuthedContext; input: TLeadTimelineInputSchema }) {
  const older = Boolean(input.sendsBefore || input.messagesBefore);
  const timeline = await leadTimeline(ctx.db, {
    workspaceId: ctx.workspace.id,
    leadId: input.id,
    campaignId: input.campaignId,
    limit: LEAD_TIMELINE_LIMIT,
    // On an older page, a list without its start ran out on an earlier one.
    sendsBefore: older ? input.sendsBefore || null : undefined,
    messagesBefore: older ? input.messagesBefore || null : undefined,
  });
  if (!timeline) throw new NotFound('That lead does not exist in this workspace.');
  const { sends, messages, totals, more } = timeline;
  const next = {
    sendsBefore: more.sends ? (sends.at(-1)?.id ?? null) : null,
    messagesBefore: more.messages ? (messages.at(-1)?.id ?? null) : null,
  };
  return {
    leadId: input.id,
    entries: mergeTimeline(sends, messages),
    older,
    /** Where this page started (null: the newest), so a refetch reads the same page. */
    start: older ? { sendsBefore: input.sendsBefore || null, messagesBefore: input.messagesBefore || null } : null,
    shown: { sends: sends.length, messages: messages.length },
    totals,
    more: totals.sends > sends.length || totals.messages > messages.length,
    next: next.sendsBefore || next.messagesBefore ? next : null,
  };
}

// A send stands at the moment it went out, or while waiting at when it is due.
function mergeTimeline(sends: TimelineSend[], messages: TimelineMessage[]) {
  const entries = [
    ...sends.map((send) => ({
      entry: 'send' as const,
      statusLabel: SEND_STATUS_LABELS[send.status],
      formOutcomeLabel: send.formOutcome ? CONTACT_FORM_OUTCOME_LABELS[send.formOutcome] : null,
      ...sendView(send),
      // A skipped form step has no sent time: it stands when it was last touched (its due time has passed).
      at: (send.sentAt ?? send.notBefore).getTime(),
    })),
    ...messages.map((message) => ({ entry: 'message' as const, kindLabel: REPLY_KIND_LABELS[message.kind], ...message, receivedAt: message.receivedAt.toISOString(), at: message.receivedAt.getTime() })),
  ];
  return entries.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id)).map(({ at, ...entry }) => ({ ...entry, at: new Date(at).toISOString() }));
}
