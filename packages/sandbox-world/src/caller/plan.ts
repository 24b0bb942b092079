import { hashText, SeededRandom } from '../random.ts';

/** How a simulated call goes: a person answers, voicemail picks up, nobody answers, the line is busy, or it never connects. */
export const SANDBOX_CALL_OUTCOMES = ['answered', 'voicemail', 'no_answer', 'busy', 'failed'] as const;
export type SandboxCallOutcome = (typeof SANDBOX_CALL_OUTCOMES)[number];

/**
 * The share of each outcome, roughly that of cold calls to small businesses in office hours: about a
 * third answered, a quarter each to voicemail and to no answer, busy lines and numbers that fail.
 */
export const SANDBOX_CALL_OUTCOME_WEIGHTS: Readonly<Record<SandboxCallOutcome, number>> = Object.freeze({
  answered: 0.36,
  voicemail: 0.24,
  no_answer: 0.26,
  busy: 0.09,
  failed: 0.05,
});

/** What the person who answers makes of the call. */
export type SandboxCallInterest = 'meeting_booked' | 'call_back_later' | 'not_interested';
const INTEREST_WEIGHTS: Readonly<Record<SandboxCallInterest, number>> = { meeting_booked: 0.25, call_back_later: 0.25, not_interested: 0.5 };

export interface SandboxTranscriptLine {
  role: 'assistant' | 'user';
  text: string;
  /** Simulated seconds after the call connected. */
  atS: number;
}

/** One call's script, in simulated seconds (the caller plays it at its time scale). */
export interface SandboxCallPlan {
  outcome: SandboxCallOutcome;
  /** Vapi's endedReason for it. */
  endedReason: string;
  /** Vapi `queued` until the phone rings. */
  queuedS: number;
  /** Ringing until it is answered (by a person or voicemail) or given up; 0 when it never rang. */
  ringS: number;
  /** Connected until it ends (the report's duration); 0 when it never connected. */
  talkS: number;
  interest: SandboxCallInterest | null;
  lines: SandboxTranscriptLine[];
  summary: string;
  /** The structured analysis an assistant's analysis plan would produce. */
  structuredData: Record<string, unknown>;
  successEvaluation: 'true' | 'false';
}

const ENDED_REASONS: Readonly<Record<SandboxCallOutcome, readonly string[]>> = {
  answered: ['customer-ended-call', 'assistant-ended-call'],
  voicemail: ['voicemail'],
  no_answer: ['customer-did-not-answer'],
  busy: ['customer-busy'],
  failed: ['twilio-failed-to-connect-call'],
};

function weighted<T extends string>(random: SeededRandom, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random.next() * total;
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

/** Tenths of a second, so durations look like a meter's and not like floats. */
function between(random: SeededRandom, minS: number, maxS: number): number {
  return Math.round((minS + random.next() * (maxS - minS)) * 10) / 10;
}

/** Spreads a script's lines over the talk time, in order, starting a moment after the call connects. */
function timed(script: readonly (readonly ['assistant' | 'user', string])[], talkS: number): SandboxTranscriptLine[] {
  const step = talkS / (script.length + 1);
  return script.map(([role, text], index) => ({ role, text, atS: Math.round(step * (index + 1) * 10) / 10 }));
}

function conversation(interest: SandboxCallInterest, business: string): (readonly ['assistant' | 'user', string])[] {
  const opening = [
    ['assistant', `Hi, this is Sam calling for ${business}. Do you have a minute?`],
    ['user', 'Sure, what is this about?'],
    ['assistant', 'We help local businesses answer every call and book jobs automatically, even after hours.'],
  ] as const;
  switch (interest) {
    case 'meeting_booked':
      return [
        ...opening,
        ['user', 'We do miss a lot of calls on busy days. How does it work?'],
        ['assistant', 'An assistant picks up when you cannot and books the job into your calendar. Could I show you in a fifteen-minute call?'],
        ['user', 'Thursday morning would work.'],
        ['assistant', 'Thursday at ten it is. I will send an invite to the email on your website.'],
        ['user', 'Great, talk then.'],
      ];
    case 'call_back_later':
      return [
        ...opening,
        ['user', 'I am with a customer right now. Can you call back next week?'],
        ['assistant', 'Of course. Is Tuesday afternoon better?'],
        ['user', 'Tuesday works.'],
      ];
    case 'not_interested':
      return [...opening, ['user', 'No thanks, we are all set.'], ['assistant', 'Understood, thanks for your time. Have a good day.']];
  }
}

function voicemail(business: string): (readonly ['assistant' | 'user', string])[] {
  return [
    ['user', `You have reached ${business}. Please leave a message after the tone.`],
    ['assistant', `Hi, this is Sam with a quick question for ${business} about answering missed calls. I will try again another day, or call us back at this number. Thanks!`],
  ];
}

const SUMMARIES: Readonly<Record<SandboxCallInterest, string>> = {
  meeting_booked: 'The owner said they miss calls on busy days and booked a fifteen-minute demo for Thursday at 10:00.',
  call_back_later: 'The contact was busy with a customer and asked to be called back on Tuesday afternoon.',
  not_interested: 'The contact said they are all set and not interested.',
};

/**
 * The script of one simulated call: the same seed and call id always give the same call (a retry is
 * another call id, so it gets its own roll). `business` is the customer's name as sent to Vapi.
 */
export function planSandboxCall(seed: number, callKey: string, business?: string | null): SandboxCallPlan {
  const random = new SeededRandom(hashText(`${seed}:${callKey}`));
  const outcome = weighted(random, SANDBOX_CALL_OUTCOME_WEIGHTS);
  const endedReason = random.pick(ENDED_REASONS[outcome]);
  const name = business?.trim() || 'your business';
  const queuedS = between(random, 0.5, 2.5);
  const unanswered = (ringS: number, summary: string): SandboxCallPlan => ({
    outcome, endedReason, queuedS, ringS, talkS: 0, interest: null, lines: [], summary,
    structuredData: { reached: false, interest: null, meetingBooked: false, callBackRequested: false }, successEvaluation: 'false',
  });
  switch (outcome) {
    case 'answered': {
      const interest = weighted(random, INTEREST_WEIGHTS);
      const ringS = between(random, 4, 20);
      const talkS = interest === 'meeting_booked' ? between(random, 90, 240) : interest === 'call_back_later' ? between(random, 35, 110) : between(random, 15, 60);
      return {
        outcome, endedReason, queuedS, ringS, talkS, interest,
        lines: timed(conversation(interest, name), talkS),
        summary: SUMMARIES[interest],
        structuredData: { reached: true, interest, meetingBooked: interest === 'meeting_booked', callBackRequested: interest === 'call_back_later' },
        successEvaluation: interest === 'meeting_booked' ? 'true' : 'false',
      };
    }
    case 'voicemail': {
      const talkS = between(random, 18, 40);
      return {
        outcome, endedReason, queuedS, ringS: between(random, 15, 30), talkS, interest: null,
        lines: timed(voicemail(name), talkS),
        summary: 'The call went to voicemail; the assistant left a short message.',
        structuredData: { reached: false, interest: null, meetingBooked: false, callBackRequested: false, voicemailLeft: true },
        successEvaluation: 'false',
      };
    }
    case 'no_answer': {
      const ringS = between(random, 28, 45);
      return unanswered(ringS, `Nobody answered; the phone rang for ${Math.round(ringS)} seconds.`);
    }
    case 'busy':
      return unanswered(between(random, 1, 4), 'The line was busy.');
    case 'failed':
      return unanswered(0, 'The call could not be connected.');
  }
}

/** The whole transcript as Vapi's report gives it: one "AI:" or "User:" line per turn. */
export function sandboxTranscript(lines: readonly SandboxTranscriptLine[]): string {
  return lines.map((line) => `${line.role === 'assistant' ? 'AI' : 'User'}: ${line.text}`).join('\n');
}
