import { z } from 'zod';

/** A stored Vapi webhook event (a row of call_webhook_events) to apply to its call. */
export const ZCallWebhookPayload = z.object({ eventId: z.uuid() });
