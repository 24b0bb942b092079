// POST /webhooks/vapi: Vapi's server messages about our calls (status updates, end-of-call reports,
// transcripts, hangs). Open without a session (Vapi has none): an HMAC over the raw body, or the shared
// server secret, is the credential. Verified messages are stored once by their event key and applied
// by the worker's calls.webhook job; nothing here calls a provider.
import { createHash } from 'node:crypto';
import { callIdFromVapiMessage, isAppliedVapiMessageType, storableJsonProblem, vapiEventKey, ZVapiServerMessage, type Logger } from '@switchboard/core';
import { verifyVapiWebhook, type VapiWebhookSecrets } from '@switchboard/core/crypto';
import { forgetCallWebhookEvent, storeCallWebhookEvent, type JobEnqueue, type Sql } from '@switchboard/db';
import type { Request, Response } from 'express';
import { header, queueStoredEvent, readRawBody, reply } from './webhook-body.ts';

export const VAPI_WEBHOOK_PATH = '/webhooks/vapi';
/** An end-of-call report carries the whole transcript, the messages and the call's configuration. */
export const VAPI_WEBHOOK_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Answers 401 (stored nowhere) unless the request carries a valid credential of those configured: an
 * `x-signature` HMAC of `{x-timestamp}.{body}` by VAPI_WEBHOOK_HMAC_SECRET with the timestamp within
 * 5 minutes, or `x-vapi-secret` equal to VAPI_WEBHOOK_SECRET. 400 for an authenticated body that is
 * not a Vapi message, names no call, or cannot be stored (a NUL, a lone surrogate, deep nesting); 200 without storing for message types Switchboard does not
 * use; 200 once stored and its job queued, and 200 doing nothing for an event already stored. 503
 * when neither secret is configured, or the job could not be queued (the event is taken back, so a
 * redelivery stores it again).
 */
export function vapiWebhook(options: { sql: Sql; enqueue: JobEnqueue; log: Logger; secrets: VapiWebhookSecrets }) {
  const { secrets } = options;
  const configured = Boolean(secrets.hmacSecret || secrets.sharedSecret || secrets.sandboxHmacSecret);
  const log = options.log.child({ component: 'vapi-webhook' });
  return async (request: Request, response: Response): Promise<void> => {
    if (!configured) return reply(response, 503, 'Vapi webhooks are not set up on this server: set VAPI_WEBHOOK_HMAC_SECRET or VAPI_WEBHOOK_SECRET to the secret of the server URL set in Vapi.');
    const raw = await readRawBody(request, VAPI_WEBHOOK_MAX_BODY_BYTES);
    if (raw === null) return reply(response, 413, `The message is larger than ${VAPI_WEBHOOK_MAX_BODY_BYTES / (1024 * 1024)} MB.`);
    const auth = verifyVapiWebhook(secrets, {
      rawBody: raw,
      signature: header(request, 'x-signature'),
      timestamp: header(request, 'x-timestamp'),
      sharedSecret: header(request, 'x-vapi-secret'),
    });
    if (!auth.ok) {
      log.warn({ problem: auth.problem }, 'refused a Vapi webhook that failed its credential check');
      return reply(response, 401, `Credential check failed: ${auth.problem}.`);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply(response, 400, 'The message body is not JSON.');
    }
    // Stored as jsonb: what Postgres cannot store is refused here, not answered with a 500 Vapi retries.
    const unstorable = storableJsonProblem(body);
    if (unstorable) return reply(response, 400, `The message cannot be stored: ${unstorable}`);
    const parsed = ZVapiServerMessage.safeParse(body);
    if (!parsed.success) return reply(response, 400, 'The body is not a Vapi server message: expected {"message": {"type", "call": {"id"}, …}}.');
    const { type, call } = parsed.data.message;
    if (!isAppliedVapiMessageType(type)) {
      response.status(200).json({ stored: false, reason: `Switchboard does not use "${type.slice(0, 100)}" messages` });
      return;
    }
    if (!call) return reply(response, 400, `The ${type} message names no call (message.call.id).`);
    const eventKey = vapiEventKey({ message: { ...parsed.data.message, call } }, createHash('sha256').update(raw).digest('hex'));
    const stored = await storeCallWebhookEvent(options.sql, { eventKey, vapiCallId: call.id, type, payload: body as Record<string, unknown>, callId: callIdFromVapiMessage(parsed.data) });
    const eventId = await queueStoredEvent(response, stored, {
      what: 'message',
      // The job names the call's workspace when the call is ours, so its admins see it on their Jobs page.
      enqueue: (stored) => options.enqueue('calls.webhook', { eventId: stored.id, ...(stored.workspaceId ? { workspaceId: stored.workspaceId } : {}) }),
      forget: (id) => forgetCallWebhookEvent(options.sql, id),
      onQueueFailed: (error) => log.error({ err: error, vapiCallId: call.id, type }, 'could not queue a Vapi webhook event; answered 503 so Vapi sends it again'),
    });
    if (eventId) log.info({ vapiCallId: call.id, type, eventId, by: auth.by }, 'Vapi webhook event stored');
  };
}
