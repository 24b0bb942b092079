import { z } from 'zod';
import { SANDBOX_RECIPIENT_EVENTS } from '../sends/sandbox-recipient.ts';

/**
 * A stored provider webhook event (a row of email_webhook_events) to apply, with the workspace of the
 * send it names when that was known as it was stored (an inbound email, or an unknown send, names none).
 */
export const ZEmailWebhookPayload = z.object({ eventId: z.uuid(), workspaceId: z.uuid().optional() });

/** One simulated recipient event (delivered, bounced, opened, a reply …) for a campaign email the sandbox outbox took. */
export const ZSandboxRecipientPayload = z.object({ workspaceId: z.uuid(), sendId: z.uuid(), event: z.enum(SANDBOX_RECIPIENT_EVENTS) });
