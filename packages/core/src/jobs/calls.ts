import { z } from 'zod';

/**
 * A stored Vapi webhook event (a row of call_webhook_events) to apply to its call, with the call's
 * workspace when the call was known as it was stored.
 */
export const ZCallWebhookPayload = z.object({ eventId: z.uuid(), workspaceId: z.uuid().optional() });
