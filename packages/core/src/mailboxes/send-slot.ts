import { checkMailboxSend, type MailboxLimits } from './limits.ts';
import { nextWindowOpening, type SendWindow } from './send-window.ts';

export interface SendSlotInput {
  limits: MailboxLimits;
  /** The mailbox's earlier sends (the last day's are enough). */
  sentAt: readonly Date[];
  window: SendWindow;
  /** The recipient's zone (recipientTimeZone). */
  timeZone: string;
  now: Date;
}

// Each round moves past a closed window or a full limit; a handful settles any real case.
const MAX_ROUNDS = 50;

/**
 * The earliest instant at or after `now` when this mailbox may send to this recipient: inside the
 * recipient's send window and under every limit. The scheduler dates a send with it; the Postgres
 * slot limiter still has the last word when several workers send at once.
 */
export function nextSendSlot({ limits, sentAt, window, timeZone, now }: SendSlotInput): Date {
  let at = now;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    at = nextWindowOpening(window, timeZone, at);
    const check = checkMailboxSend(limits, sentAt, at);
    if (check.allowed) return at;
    at = check.nextAllowedAt;
  }
  throw new RangeError('No send slot found: the send window and limits never line up.');
}
