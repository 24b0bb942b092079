// POST /webhooks/resend: Resend's delivery and inbound events, signed by Svix. Open without a session
// (Resend has none); the signature over the raw body is the credential. Verified events are stored once
// by svix-id and applied by the worker's email.webhook job; nothing here calls a provider.
import { resendSendReference, storableJsonProblem, type Logger } from '@switchboard/core';
import { forgetEmailWebhookEvent, storeEmailWebhookEvent, type JobEnqueue, type Sql } from '@switchboard/db';
import type { Request, Response } from 'express';
import { Webhook, WebhookVerificationError } from 'svix';
import { z } from 'zod';
import { header, queueStoredEvent, readRawBody, reply } from './webhook-body.ts';

export const RESEND_WEBHOOK_PATH = '/webhooks/resend';
/** Resend's events are a few kB (inbound ones carry metadata, not the message); this leaves room. */
export const WEBHOOK_MAX_BODY_BYTES = 256 * 1024;
const EVENT_ID_MAX_CHARS = 200;

/** Resend's event envelope; `data` differs by type and is kept whole for the job. */
const ZResendEvent = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().max(100).optional(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * Answers 401 (stored nowhere) unless svix-signature is a valid HMAC by RESEND_WEBHOOK_SECRET over
 * `svix-id.svix-timestamp.body` with the timestamp within 5 minutes of now (svix's tolerance, which
 * stops a captured request being replayed later); 400 for a signed body that is not a Resend event;
 * 200 once the event is stored and its job queued, and 200 without doing anything for an svix-id
 * already stored (Resend redelivers until it gets a 2xx). 503 when no secret is configured, or the
 * job could not be queued (the event is taken back, so Resend's redelivery stores it again).
 */
export function resendWebhook(options: { sql: Sql; enqueue: JobEnqueue; log: Logger; secret: string | undefined }) {
  const verifier = options.secret ? new Webhook(options.secret) : null;
  const log = options.log.child({ component: 'resend-webhook' });
  return async (request: Request, response: Response): Promise<void> => {
    if (!verifier) return reply(response, 503, 'Resend webhooks are not set up on this server: set RESEND_WEBHOOK_SECRET to the endpoint’s signing secret.');
    const raw = await readRawBody(request, WEBHOOK_MAX_BODY_BYTES);
    if (raw === null) return reply(response, 413, `The event is larger than ${WEBHOOK_MAX_BODY_BYTES / 1024} kB.`);
    const id = header(request, 'svix-id');
    const timestamp = header(request, 'svix-timestamp');
    const signature = header(request, 'svix-signature');
    if (!id || !timestamp || !signature) return reply(response, 401, 'Missing svix-id, svix-timestamp or svix-signature.');
    try {
      verifier.verify(raw, { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': signature });
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        log.warn({ svixId: id.slice(0, EVENT_ID_MAX_CHARS), problem: error.message }, 'refused a Resend webhook that failed its signature check');
        return reply(response, 401, `Signature check failed: ${error.message}.`);
      }
      // svix parses the body after the signature matched: a signed body that is not JSON.
      return reply(response, 400, 'The event body is not JSON.');
    }
    if (id.length > EVENT_ID_MAX_CHARS) return reply(response, 400, `svix-id is longer than ${EVENT_ID_MAX_CHARS} characters.`);
    let body: Record<string, unknown>;
    let event: z.infer<typeof ZResendEvent>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      event = ZResendEvent.parse(body);
    } catch {
      return reply(response, 400, 'The event is not a Resend event: expected {"type", "created_at", "data": {…}}.');
    }
    // Stored as jsonb: what Postgres cannot store is refused here, not answered with a 500 Resend retries.
    const unstorable = storableJsonProblem(body);
    if (unstorable) return reply(response, 400, `The event cannot be stored: ${unstorable}`);
    const stored = await storeEmailWebhookEvent(options.sql, { provider: 'resend', providerEventId: id, type: event.type, payload: body, send: resendSendReference(event.data) });
    const eventId = await queueStoredEvent(response, stored, {
      what: 'event',
      // The job names the send's workspace when there is one, so its admins see it on their Jobs page.
      enqueue: (stored) => options.enqueue('email.webhook', { eventId: stored.id, ...(stored.workspaceId ? { workspaceId: stored.workspaceId } : {}) }),
      forget: (storedId) => forgetEmailWebhookEvent(options.sql, storedId),
      onQueueFailed: (error) => log.error({ err: error, svixId: id }, 'could not queue a Resend webhook event; answered 503 so Resend sends it again'),
    });
    if (eventId) log.info({ svixId: id, type: event.type, eventId }, 'Resend webhook event stored');
  };
}
