import type { Sequence, SequenceStep } from './schema.ts';

/** Seed 000's follow-ups: up to two, three business days apart, while the lead has not replied. */
export const DEFAULT_FOLLOW_UPS = 2;
export const DEFAULT_FOLLOW_UP_GAP_BUSINESS_DAYS = 3;

// Every email carries the sender's signature, postal address and unsubscribe link: the lint
// requires the last two, and a default that fails its own lint would block every new campaign.
const FOOTER = `{{ mailbox.signature }}

--
{{ mailbox.sender_name }} · {{ mailbox.postal_address }}
Not interested? Unsubscribe: {{ unsubscribe_url }}`;

const FIRST_EMAIL = {
  subject: 'Quick question for {{ lead.name }}',
  body: `Hi {{ contact.first_name | default: "there" }},

I came across {{ lead.name }}{% if lead.city != blank %} in {{ lead.city }}{% endif %} and wanted to ask whether you would be open to a short call this week.

Best,
${FOOTER}`,
};

const FOLLOW_UPS = [
  `Hi {{ contact.first_name | default: "there" }},

Just bringing my note below back to the top of your inbox. Would a short call be useful?

Best,
${FOOTER}`,
  `Hi {{ contact.first_name | default: "there" }},

I have not heard back, so this is my last note. If the timing is ever better, just reply to this email.

Best,
${FOOTER}`,
];

export interface DefaultSequenceOptions {
  followUps?: number;
  gapBusinessDays?: number;
}

/**
 * The sequence a new campaign starts with: a first email, then each follow-up after a wait and a
 * "replied → stop" branch. The branch only makes the rule visible in the editor: a reply stops every
 * sequence at once anyway (see planNextStep).
 */
export function defaultSequence({ followUps = DEFAULT_FOLLOW_UPS, gapBusinessDays = DEFAULT_FOLLOW_UP_GAP_BUSINESS_DAYS }: DefaultSequenceOptions = {}): Sequence {
  const steps: SequenceStep[] = [{ id: 'first-email', type: 'email', ...FIRST_EMAIL, aiPersonalise: true }];
  for (let number = 1; number <= followUps; number += 1) {
    steps.push(
      { id: `wait-${number}`, type: 'wait', businessDays: gapBusinessDays },
      { id: `if-replied-${number}`, type: 'branch', on: 'replied', then: { action: 'stop' } },
      {
        id: `follow-up-${number}`,
        type: 'email',
        subject: `Re: ${FIRST_EMAIL.subject}`,
        body: FOLLOW_UPS[Math.min(number, FOLLOW_UPS.length) - 1] ?? '',
        aiPersonalise: false,
      },
    );
  }
  return { steps };
}
