import { insertOutboxEmail } from '@switchboard/db';
import type { EmailSender } from './types.ts';

/** No email provider configured: messages land in the local outbox page instead of anyone's inbox. */
export const sandboxEmail: EmailSender = {
  provider: 'sandbox',
  async send(message, target) {
    const id = await insertOutboxEmail(target.sql, {
      deliveryId: target.deliveryId,
      workspaceId: target.workspaceId,
      to: message.to,
      subject: message.subject,
      bodyText: message.text,
    });
    return { providerMessageId: `sandbox:${id}` };
  },
};
