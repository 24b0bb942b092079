import { insertOutboxEmail } from '@switchboard/db';
import { extraHeaderFields, formatAddress } from './headers.ts';
import type { EmailSender } from './types.ts';

export const HIDDEN_LINK_PLACEHOLDER = '[one-time link hidden: an admin can reveal it on the Outbox page]';

/**
 * No email provider configured: messages land in the local outbox page instead of anyone's inbox.
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
      bodyHtml: message.html ?? null,
      headers,
      workspaceId: target.workspaceId,
      recipientWorkspaceIds: target.recipientWorkspaceIds,
      to: message.to,
      subject: message.subject,
      bodyText: message.secretLink ? message.text.replaceAll(message.secretLink, HIDDEN_LINK_PLACEHOLDER) : message.text,
      secretLink: message.secretLink ?? null,
    });
    return { providerMessageId: `sandbox:${id}` };
  },
};
