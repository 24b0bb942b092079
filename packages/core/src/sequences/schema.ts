import { z } from 'zod';
import { safeText } from '../text/safe-text.ts';
import { SEQUENCE_MAX_STEPS, sequenceProblems } from './validate.ts';
export const SEQUENCE_WAIT_MAX_BUSINESS_DAYS = 60;
/** RFC 5322's line limit: a longer subject is folded by some servers and mangled by others. */
export const EMAIL_SUBJECT_MAX_CHARS = 998;
export const EMAIL_BODY_MAX_CHARS = 50_000;

/**
 * How the lead's latest call (of a call step, after its retries) ended, as a branch step tests it:
 * answered (someone spoke with the assistant), voicemail, or no answer (no answer or busy on every
 * attempt, or the call failed or was canceled before anyone answered). See call-step.ts.
 */
export const SEQUENCE_CALL_BRANCH_EVENTS = ['call_answered', 'call_voicemail', 'call_no_answer'] as const;
export type SequenceCallBranchEvent = (typeof SEQUENCE_CALL_BRANCH_EVENTS)[number];

/** The events a branch step can test: something that happened to this lead's emails, or how its latest call ended. */
export const SEQUENCE_BRANCH_EVENTS = ['replied', 'bounced', 'clicked', 'unsubscribed', 'opened', ...SEQUENCE_CALL_BRANCH_EVENTS] as const;
export type SequenceBranchEvent = (typeof SEQUENCE_BRANCH_EVENTS)[number];

// Steps are named by id, not position, so a goto still means the same step after steps are inserted.
export const ZSequenceStepId = safeText()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'A step id is up to 40 letters, digits, - or _, starting with a letter or digit');

/** Where a branch goes: another step, or the end of the sequence (the enrolment completes). */
export const ZBranchTarget = z.discriminatedUnion('action', [
  z.object({ action: z.literal('goto'), stepId: ZSequenceStepId }),
  z.object({ action: z.literal('stop') }),
]);
export type BranchTarget = z.infer<typeof ZBranchTarget>;

export const ZEmailStep = z.object({
  id: ZSequenceStepId,
  type: z.literal('email'),
  /** Liquid templates (see templates/), linted before the campaign starts. */
  subject: safeText().max(EMAIL_SUBJECT_MAX_CHARS),
  body: safeText().max(EMAIL_BODY_MAX_CHARS),
  /** Let the AI writer rewrite subject and opening lines from the lead's evidence (the template is the fallback). */
  aiPersonalise: z.boolean().default(false),
});

/** A form message is read by a person at the business; this is about a page of text. */
export const CONTACT_FORM_MESSAGE_MAX_CHARS = 5_000;
export const CONTACT_FORM_SENDER_MAX_CHARS = 200;

/**
 * Writes to the lead through the contact form discovery found on its website (seed 000: sites with no
 * address are reached through their form). The sender fields fill the form's name, email and company
 * boxes; `subject` (for a form with a subject box) and `body` (the message) are Liquid templates.
 */
export const ZContactFormStep = z.object({
  id: ZSequenceStepId,
  type: z.literal('contact_form'),
  senderName: safeText().trim().min(1, 'Give the name the form is signed with').max(CONTACT_FORM_SENDER_MAX_CHARS),
  senderEmail: safeText().trim().toLowerCase().pipe(z.email('Give the address the business can answer to')),
  senderCompany: safeText().trim().max(CONTACT_FORM_SENDER_MAX_CHARS).default(''),
  subject: safeText().max(EMAIL_SUBJECT_MAX_CHARS).default(''),
  body: safeText().max(CONTACT_FORM_MESSAGE_MAX_CHARS),
});

/** A note is for the people running the campaign (what the call is for); the assistant's script lives in Vapi. */
export const CALL_STEP_NOTE_MAX_CHARS = 1_000;

/**
 * Calls the lead's phone through the campaign's Vapi assistant, inside the campaign's calling window
 * and with its retries (calls settings); the sequence goes on once the last attempt has ended. A lead
 * without a phone number passes over it, as if nobody answered.
 */
export const ZCallStep = z.object({
  id: ZSequenceStepId,
  type: z.literal('call'),
  note: safeText().trim().max(CALL_STEP_NOTE_MAX_CHARS).default(''),
});

export const ZWaitStep = z.object({
  id: ZSequenceStepId,
  type: z.literal('wait'),
  businessDays: z.number().int().min(1, 'Wait at least one business day').max(SEQUENCE_WAIT_MAX_BUSINESS_DAYS),
});

export const ZBranchStep = z.object({
  id: ZSequenceStepId,
  type: z.literal('branch'),
  on: z.enum(SEQUENCE_BRANCH_EVENTS),
  /** Taken when the event has happened to this lead during the enrolment. */
  then: ZBranchTarget,
  /** Taken otherwise; without it the sequence goes on to the next step. */
  otherwise: ZBranchTarget.optional(),
});

export const ZSequenceStep = z.discriminatedUnion('type', [ZEmailStep, ZContactFormStep, ZCallStep, ZWaitStep, ZBranchStep]);
export type SequenceStep = z.infer<typeof ZSequenceStep>;
export type EmailStep = z.infer<typeof ZEmailStep>;
export type ContactFormStep = z.infer<typeof ZContactFormStep>;
export type CallStep = z.infer<typeof ZCallStep>;
export type WaitStep = z.infer<typeof ZWaitStep>;
export type BranchStep = z.infer<typeof ZBranchStep>;

/** A campaign's ordered steps, checked as a whole (ids, gotos, loops) so a saved sequence can always be planned. */
export const ZSequence = z
  .object({ steps: z.array(ZSequenceStep).max(SEQUENCE_MAX_STEPS, `A sequence has at most ${SEQUENCE_MAX_STEPS} steps`) })
  .superRefine((sequence, context) => {
    for (const problem of sequenceProblems(sequence.steps)) context.addIssue({ code: 'custom', message: problem.message, path: problem.path });
  });
export type Sequence = z.infer<typeof ZSequence>;
export type SequenceInput = z.input<typeof ZSequence>;
