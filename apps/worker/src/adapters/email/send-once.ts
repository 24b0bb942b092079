import { claimEmailDelivery, markEmailFailed, markEmailSent, type Sql } from '@switchboard/db';
import { EmailInDoubt, EmailRefused, type EmailMessage, type EmailSender } from './types.ts';

export type SendOutcome = 'sent' | 'already_sent' | 'in_doubt';

/**
 * Sends at most once per idempotency key, however often the job runs: the delivery row is claimed
 * before the provider is called. A clean refusal frees the key for the next retry; a crash mid-call
 * leaves it claimed, and that email is reported rather than risked twice (unless the provider itself
 * deduplicates by the key, as Resend does).
 */
export async function sendEmailOnce(
  sql: Sql,
  sender: EmailSender,
  message: EmailMessage & { workspaceId: string | null; recipientWorkspaceIds?: readonly string[] },
  /** Builds the text only once the send is certain, e.g. to mint a sign-in token. */
  compose?: () => Promise<Pick<EmailMessage, 'text' | 'secretLink'>>,
): Promise<SendOutcome> {
  const claim = await claimEmailDelivery(sql, {
    idempotencyKey: message.idempotencyKey,
    workspaceId: message.workspaceId,
    to: message.to,
    subject: message.subject,
    provider: sender.provider,
  });
  if (claim.outcome !== 'claimed') return claim.outcome;
  let composed: Pick<EmailMessage, 'text' | 'secretLink'>;
  try {
    composed = compose ? await compose() : message;
  } catch (error) {
    // Nothing reached the provider: free the key for the retry.
    await markEmailFailed(sql, claim.deliveryId, error instanceof Error ? error.message : String(error));
    throw error;
  }
  try {
    const recipientWorkspaceIds = message.recipientWorkspaceIds ?? (message.workspaceId ? [message.workspaceId] : []);
    const { providerMessageId, provider } = await sender.send(
      { ...message, text: composed.text, secretLink: composed.secretLink },
      { sql, deliveryId: claim.deliveryId, workspaceId: message.workspaceId, recipientWorkspaceIds },
    );
    await markEmailSent(sql, claim.deliveryId, providerMessageId, provider);
    return 'sent';
  } catch (error) {
    // A refusal frees the key, and so does an unanswered call to a provider that deduplicates by the
    // key (Resend answers the retry with the first email, or 409 if the body changed); any other
    // unanswered call, or a crash, leaves it claimed.
    if (error instanceof EmailRefused || (error instanceof EmailInDoubt && error.providerDeduplicates)) {
      await markEmailFailed(sql, claim.deliveryId, error.message);
    }
    throw error;
  }
}
