import { z } from 'zod';

/** A stored provider webhook event (a row of email_webhook_events) to apply. */
export const ZEmailWebhookPayload = z.object({ eventId: z.uuid() });
