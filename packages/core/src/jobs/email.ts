import { z } from 'zod';

/**
 * A stored provider webhook event (a row of email_webhook_events) to apply, with the workspace of the
 * send it names when that was known as it was stored (an inbound email, or an unknown send, names none).
 */
export const ZEmailWebhookPayload = z.object({ eventId: z.uuid(), workspaceId: z.uuid().optional() });
