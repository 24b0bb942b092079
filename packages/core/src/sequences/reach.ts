import type { Sequence, SequenceStep } from './schema.ts';
import { stepSuccessors } from './validate.ts';

export interface SendCounts {
  emails: number;
  /** Contact form submissions. */
  forms: number;
}

/** What a sequence does to one lead, read from its steps alone. */
export interface SequenceReach {
  /** Sent as soon as the lead joins: the steps before the first wait (nothing has happened yet, so branches take their "otherwise"). */
  first: SendCounts;
  /** The most that may follow, on whichever path the branches take; none goes after a reply, a bounce or an unsubscribe. */
  followUps: SendCounts;
  /** A lead to whom nothing happens (no reply, no open): business days of waiting between its first send and its last. */
  silentLeadBusinessDays: number;
}

const sendsOf = (step: SequenceStep | undefined, canEmail: boolean): SendCounts => ({
  emails: step?.type === 'email' && canEmail ? 1 : 0,
  forms: step?.type === 'contact_form' ? 1 : 0,
});

/** The step a lead goes to when nothing has happened to it; null at the end (or a branch that stops). */
function nextWithoutEvents(steps: readonly SequenceStep[], index: number, indexById: ReadonlyMap<string, number>): number | null {
  const step = steps[index];
  const next = index + 1 < steps.length ? index + 1 : null;
  if (step?.type !== 'branch' || step.otherwise === undefined) return next;
  if (step.otherwise.action === 'stop') return null;
  return indexById.get(step.otherwise.stepId) ?? null;
}

/**
 * How many emails and contact form submissions a sequence makes per lead: at once, and at most later.
 * `canEmail: false` is a lead enrolled for its contact form alone (its email steps are passed over).
 * Validation forbids loops through a send, so every path sends each step at most once.
 */
export function sequenceReach(sequence: Sequence, { canEmail = true }: { canEmail?: boolean } = {}): SequenceReach {
  const steps = sequence.steps;
  const indexById = new Map(steps.map((step, index) => [step.id, index]));
  const first: SendCounts = { emails: 0, forms: 0 };
  const visited = new Set<number>();
  let at: number | null = steps.length > 0 ? 0 : null;
  while (at !== null && !visited.has(at) && steps[at]?.type !== 'wait') {
    visited.add(at);
    const sends = sendsOf(steps[at], canEmail);
    first.emails += sends.emails;
    first.forms += sends.forms;
    at = nextWithoutEvents(steps, at, indexById);
  }
  const firstWait = at !== null && steps[at]?.type === 'wait' ? at : null;
  if (firstWait === null) return { first, followUps: { emails: 0, forms: 0 }, silentLeadBusinessDays: 0 };

  // The most sends on any path from each step: loops hold no send, so this settles within a pass per step.
  const most: SendCounts[] = steps.map(() => ({ emails: 0, forms: 0 }));
  for (let pass = 0, changed = true; changed && pass <= steps.length; pass += 1) {
    changed = false;
    steps.forEach((step, index) => {
      const own = sendsOf(step, canEmail);
      const after = stepSuccessors(steps, index, indexById).map((next) => most[next] ?? { emails: 0, forms: 0 });
      const emails = own.emails + Math.max(0, ...after.map((counts) => counts.emails));
      const forms = own.forms + Math.max(0, ...after.map((counts) => counts.forms));
      const current = most[index];
      if (current && (emails > current.emails || forms > current.forms)) {
        most[index] = { emails: Math.max(emails, current.emails), forms: Math.max(forms, current.forms) };
        changed = true;
      }
    });
  }

  let waited = 0;
  let silentLeadBusinessDays = 0;
  const walked = new Set<number>();
  for (let index: number | null = firstWait; index !== null && !walked.has(index); index = nextWithoutEvents(steps, index, indexById)) {
    walked.add(index);
    const step = steps[index];
    if (step?.type === 'wait') waited += step.businessDays;
    const sends = sendsOf(step, canEmail);
    if (sends.emails + sends.forms > 0) silentLeadBusinessDays = waited;
  }
  return { first, followUps: most[firstWait] ?? { emails: 0, forms: 0 }, silentLeadBusinessDays };
}
