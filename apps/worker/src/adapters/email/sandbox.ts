import { insertOutboxEmail } from '@switchboard/db';
import { extraHeaderFields, formatAddress } from './headers.ts';
import type { EmailSender } from './types.ts';

export const HIDDEN_LINK_PLACEHOLDER = '[one-time link hidden: an admin can reveal it on the Outbox page]';

/**
 * No email provider configured: messages land in the local outbox page instead of anyone's inbox (for campaign
 * emails, the sandbox recipient then simulates what a provider and the lead would send back).
 * A one-time link is stored apart from the body, so reading the outbox never shows it.
 */
export const sandboxEmail: EmailSender = {
  provider: 'sandbox',
  async send(message, target) {
    // What a provider would have been given: the same header fields, checked the same way.
    const headers = {
      ...(message.from ? { From: formatAddress(message.from) } : {}),
      ...(message.replyTo ? { 'Reply-To': message.replyTo } : {}),
      ...extraHeaderFields(message, { includeMessageId: true }),
    };
    const id = await insertOutboxEmail(target.sql, {
      deliveryId: target.deliveryId,
      sendId: target.sendId ?? null,
      bodyHtml: message.html ? hideLink(message.html, message.secretLink, true) : null,
      headers,
      workspaceId: target.workspaceId,
      recipientWorkspaceIds: target.recipientWorkspaceIds,
      to: message.to,
      subject: message.subject,
      bodyText: hideLink(message.text, message.secretLink, false),
      secretLink: message.secretLink ?? null,
    });
    return { providerMessageId: `sandbox:${id}` };
  },
};

/** The body with the one-time link replaced, in HTML also where it was written with its & escaped. */
function hideLink(body: string, link: string | undefined, html: boolean): string {
  if (!link) return body;
  const hidden = body.replaceAll(link, HIDDEN_LINK_PLACEHOLDER);
  return html ? hidden.replaceAll(link.replaceAll('&', '&amp;'), HIDDEN_LINK_PLACEHOLDER) : hidden;
}
