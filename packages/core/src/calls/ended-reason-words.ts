// Vapi's endedReason as an operator reads it on a call's page. The common reasons have a sentence;
// the many rare ones (pipeline, provider and SIP faults) are shown as Vapi names them, made readable.
const WORDS: Readonly<Record<string, string>> = Object.freeze({
  'customer-ended-call': 'The person called hung up.',
  'assistant-ended-call': 'The assistant ended the call.',
  'assistant-ended-call-after-message-spoken': 'The assistant ended the call after its closing message.',
  'assistant-ended-call-with-hangup-task': 'The assistant ended the call.',
  'assistant-said-end-call-phrase': 'The assistant said its end-of-call phrase.',
  'assistant-forwarded-call': 'The assistant forwarded the call.',
  'customer-did-not-answer': 'Nobody answered.',
  'customer-busy': 'The line was busy.',
  voicemail: 'Voicemail answered.',
  'silence-timed-out': 'The call ended after a long silence.',
  'exceeded-max-duration': 'The call reached its longest allowed duration.',
  'manually-canceled': 'Canceled at Vapi.',
  'call-deleted': 'The call was deleted at Vapi.',
});

/** A sentence for Vapi's endedReason, or null when there is none. */
export function endedReasonInWords(endedReason: string | null | undefined): string | null {
  if (!endedReason) return null;
  const known = WORDS[endedReason];
  if (known) return known;
  const words = endedReason.replace(/[-_.]+/g, ' ').trim();
  return words ? `Vapi says: ${words}.` : null;
}
