// The sandbox recipient: what happens to a campaign email that went to the local outbox, as a provider
// and a person would make it happen. Drawn from SANDBOX_EMAIL_SEED and the send id alone, so the same
// seed gives every send the same fate on every run, and a retried job draws nothing new.
import { SEND_ID_TAG } from './resend-event.ts';

export const SANDBOX_RECIPIENT_EVENTS = ['delivered', 'bounced', 'complained', 'opened', 'clicked', 'replied', 'auto_replied'] as const;
export type SandboxRecipientEvent = (typeof SANDBOX_RECIPIENT_EVENTS)[number];

/** Shares of sends (0–1): a hard bounce or a complaint instead of delivery; of those delivered, opens, clicks and answers. */
// A clean list's rates: a mailbox pauses itself at its first complaint or fifth hard bounce in 200 sends
// (mailboxes/health.ts), so at real-world "bad list" rates every sandbox mailbox would pause within a
// few hundred emails. At these, one sending 4,000 pauses about once, which shows the rule working.
export const SANDBOX_RECIPIENT_RATES = Object.freeze({ bounced: 0.005, complained: 0.0002, opened: 0.4, clicked: 0.06, replied: 0.04, autoReplied: 0.01 });

// Simulated seconds at time scale 1: delivery within seconds, answers within minutes.
const DELIVERED_AFTER_S: readonly [number, number] = [2, 8];
const COMPLAINED_AFTER_S: readonly [number, number] = [20, 90];
const OPENED_AFTER_S: readonly [number, number] = [30, 600];
const CLICKED_AFTER_OPEN_S: readonly [number, number] = [5, 60];
const REPLIED_AFTER_S: readonly [number, number] = [60, 300];
const AUTO_REPLIED_AFTER_S: readonly [number, number] = [10, 40];
/** The latest a send's outcome (delivered, bounced or complained) is planned, in simulated seconds. */
export const SANDBOX_OUTCOME_LATEST_S = Math.max(DELIVERED_AFTER_S[1], COMPLAINED_AFTER_S[1]);

export interface PlannedSandboxEvent {
  event: SandboxRecipientEvent;
  /** Real milliseconds after the send was accepted (simulated seconds × the time scale). */
  afterMs: number;
}

/**
 * The events one sandbox send gets, in order: exactly one outcome (delivered, bounced or complained)
 * and, when delivered, perhaps an open, a click and one answer (a reply or an out-of-office).
 */
export function planSandboxRecipient(input: { seed: number; sendId: string; timeScale: number }): PlannedSandboxEvent[] {
  const draw = randomFrom(`${input.seed}:${input.sendId}`);
  const at = (range: readonly [number, number], from = 0) => from + range[0] + draw() * (range[1] - range[0]);
  const ms = (seconds: number) => Math.round(seconds * 1000 * input.timeScale);
  const fate = draw();
  const rates = SANDBOX_RECIPIENT_RATES;
  if (fate < rates.bounced) return [{ event: 'bounced', afterMs: ms(at(DELIVERED_AFTER_S)) }];
  if (fate < rates.bounced + rates.complained) return [{ event: 'complained', afterMs: ms(at(COMPLAINED_AFTER_S)) }];
  const events: PlannedSandboxEvent[] = [{ event: 'delivered', afterMs: ms(at(DELIVERED_AFTER_S)) }];
  const opened = draw();
  const clicked = draw();
  if (opened < rates.opened) {
    const openedAtS = at(OPENED_AFTER_S);
    events.push({ event: 'opened', afterMs: ms(openedAtS) });
    if (clicked < rates.clicked / rates.opened) events.push({ event: 'clicked', afterMs: ms(at(CLICKED_AFTER_OPEN_S, openedAtS)) });
  }
  const answer = draw();
  if (answer < rates.replied) events.push({ event: 'replied', afterMs: ms(at(REPLIED_AFTER_S)) });
  else if (answer < rates.replied + rates.autoReplied) events.push({ event: 'auto_replied', afterMs: ms(at(AUTO_REPLIED_AFTER_S)) });
  return events.sort((a, b) => a.afterMs - b.afterMs);
}

/** Marks every simulated answer, in its subject and its text, so no one takes it for a real one. */
export const SANDBOX_REPLY_SUBJECT_PREFIX = '[Sandbox]';
export const SANDBOX_REPLY_NOTE = "(Simulated by Switchboard's sandbox recipient: no one wrote this.)";

const REPLY_TEXTS = [
  'Thanks for reaching out. Could you send over pricing and a couple of times that work this week?',
  'Sounds interesting. Can we talk on Thursday afternoon?',
  "We already have something in place, but I'd be happy to hear how yours is different. Call me next week.",
  'Who else in our area uses this? Send me a short overview and I will take a look.',
] as const;

const AUTO_REPLY_TEXT = 'I am out of the office until Monday with limited access to email. I will reply when I am back.';

export interface SandboxSendFacts {
  sendId: string;
  /** The outbox id the sandbox gave as the provider's message id. */
  providerMessageId: string | null;
  /** Our Message-ID of the sent email, which a reply names in In-Reply-To. */
  messageId: string;
  toAddress: string;
  fromAddress: string;
  subject: string;
}

/** A Resend webhook body, marked `sandbox: true` so a stored row says where it came from. */
export type SandboxResendEvent = { type: string; created_at: string; sandbox: true; data: Record<string, unknown> };

/**
 * The event as Resend would post it to /webhooks/resend (delivery events name the email and carry our
 * send id tag; an answer is an `email.received` with its text and threading headers), so it is applied
 * by the same code as a real one.
 */
export function sandboxRecipientEventBody(event: SandboxRecipientEvent, send: SandboxSendFacts, at: Date, seed: number): SandboxResendEvent {
  const common = { email_id: send.providerMessageId ?? `sandbox:${send.sendId}`, created_at: at.toISOString(), tags: { [SEND_ID_TAG]: send.sendId } };
  const outbound = { ...common, from: send.fromAddress, to: [send.toAddress], subject: send.subject };
  switch (event) {
    case 'delivered':
    case 'opened':
    case 'clicked':
    case 'complained':
      return { type: `email.${event}`, created_at: at.toISOString(), sandbox: true, data: outbound };
    case 'bounced':
      return {
        type: 'email.bounced',
        created_at: at.toISOString(),
        sandbox: true,
        data: { ...outbound, bounce: { type: 'Permanent', subType: 'General', message: `Sandbox recipient: the mailbox ${send.toAddress} does not exist (simulated hard bounce).` } },
      };
    case 'replied':
    case 'auto_replied': {
      const auto = event === 'auto_replied';
      const words = auto ? AUTO_REPLY_TEXT : REPLY_TEXTS[Math.floor(randomFrom(`${seed}:${send.sendId}:reply`)() * REPLY_TEXTS.length)]!;
      const headers: Record<string, string> = { 'In-Reply-To': send.messageId, References: send.messageId, ...(auto ? { 'Auto-Submitted': 'auto-replied' } : {}) };
      return {
        type: 'email.received',
        created_at: at.toISOString(),
        sandbox: true,
        data: {
          email_id: `sandbox:${send.sendId}:${event}`,
          created_at: at.toISOString(),
          from: `Sandbox recipient <${send.toAddress}>`,
          to: [send.fromAddress],
          subject: `${SANDBOX_REPLY_SUBJECT_PREFIX} ${auto ? 'Automatic reply' : 'Re'}: ${send.subject}`,
          text: `${words}\n\n${SANDBOX_REPLY_NOTE}\n`,
          html: null,
          headers,
        },
      };
    }
  }
}

/** A stream of numbers in [0, 1) from a string: FNV-1a to seed mulberry32 (small, pure, the same everywhere). */
function randomFrom(key: string): () => number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  let state = hash >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
