/** Our send id, as the dispatcher tags every Resend email with it. */
export const SEND_ID_TAG = 'send_id';

/**
 * Which of our sends a Resend event's `data` names: Resend's email id, and our send id from its tags
 * (an object of name → value in webhooks; the send request's array form is read too). Either may be null.
 */
export function resendSendReference(data: Record<string, unknown>): { emailId: string | null; sendId: string | null } {
  const emailId = typeof data.email_id === 'string' && data.email_id.length > 0 ? data.email_id : null;
  const tags = data.tags;
  let sendId: unknown = null;
  if (Array.isArray(tags)) sendId = (tags as unknown[]).find((tag): tag is { name: string; value: unknown } => typeof tag === 'object' && tag !== null && (tag as { name?: unknown }).name === SEND_ID_TAG)?.value;
  else if (typeof tags === 'object' && tags !== null) sendId = (tags as Record<string, unknown>)[SEND_ID_TAG];
  return { emailId, sendId: typeof sendId === 'string' && sendId.length > 0 ? sendId : null };
}
