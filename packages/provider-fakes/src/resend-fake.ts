import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** The key the fake accepts unless told another; Resend checks for a Bearer key as the fake does. */
export const RESEND_FAKE_API_KEY = 're_fake_key_0000';

// Resend's own limits on what one request may carry.
const IDEMPOTENCY_KEY_MAX_CHARS = 256;
const BATCH_MAX_EMAILS = 100;
const BODY_MAX_BYTES = 40 * 1024 * 1024;
const RATE_LIMIT_PER_S = 1_000_000;

/** One email the fake took, as Resend would have queued it. */
export interface AcceptedEmail {
  id: string;
  idempotencyKey: string | null;
  /** The request body's email object, as sent (snake_case, as on the wire). */
  body: EmailRequestBody;
  receivedAt: Date;
}

export interface EmailRequestBody {
  from?: unknown;
  to?: unknown;
  subject?: unknown;
  html?: unknown;
  text?: unknown;
  reply_to?: unknown;
  headers?: unknown;
  tags?: unknown;
  [field: string]: unknown;
}

/** A failure the fake answers with instead of taking the message. */
export type ResendFailure =
  /** 429 `rate_limit_exceeded` with `retry-after` (and the rate-limit headers). */
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  /** 429 `daily_quota_exceeded`, with no retry-after (the quota resets at midnight UTC). */
  | { kind: 'daily_quota' }
  /** A 5xx `application_error` / `internal_server_error`. */
  | { kind: 'server_error'; status?: 500 | 502 | 503 }
  /** 422 `validation_error` with the given message. */
  | { kind: 'validation'; message: string }
  /** No answer until the fake closes; with `afterAccepting` the message is taken first (the answer is what is lost). */
  | { kind: 'hang'; afterAccepting?: boolean };

export interface InjectOptions {
  /** How many requests this failure answers (default 1). */
  times?: number;
  /** Only requests whose recipient includes this address. */
  to?: string;
}

export interface ResendFake {
  baseUrl: string;
  apiKey: string;
  /** Every email taken, in order; a replay of an idempotency key adds nothing. */
  readonly accepted: readonly AcceptedEmail[];
  /** Requests seen per idempotency key (accepted, replayed or refused). */
  readonly idempotencyKeyRequests: ReadonlyMap<string, number>;
  /** Requests to /emails and /emails/batch, whatever their answer. */
  readonly requestCount: number;
  inject(failure: ResendFailure, options?: InjectOptions): void;
  /**
   * An email arrives at a receiving address: served by GET /emails/receiving/:id as Resend's Receiving
   * API does (the email.received webhook carries only metadata). Returns its email id.
   */
  receive(email: InboundEmail): string;
  /** Drops pending injected failures. */
  clearFailures(): void;
  close(): Promise<void>;
}

export interface InboundEmail {
  from: string;
  to: readonly string[];
  subject: string;
  text: string | null;
  html?: string | null;
  /** Header fields as Resend returns them (name → value). */
  headers: Readonly<Record<string, string>>;
  /** The incoming message's Message-ID. */
  messageId?: string;
}

interface StoredKey {
  bodyHash: string;
  status: number;
  response: unknown;
}

interface PendingFailure {
  failure: ResendFailure;
  remaining: number;
  to: string | undefined;
}

class ResendHttpError extends Error {
  readonly status: number;
  readonly errorName: string;
  constructor(status: number, errorName: string, message: string) {
    super(message);
    this.status = status;
    this.errorName = errorName;
  }
}

/**
 * A local stand-in for Resend's HTTP API (POST /emails and /emails/batch) that speaks its wire format:
 * Bearer auth, JSON error bodies `{statusCode, name, message}`, rate-limit headers, and idempotency
 * (same key and body → the same answer without a second email; same key, other body → 409).
 * Listens on 127.0.0.1 on a free port. Tests and bench point the real SDK's base URL at it.
 */
export async function startResendFake(options: { apiKey?: string } = {}): Promise<ResendFake> {
  const apiKey = options.apiKey ?? RESEND_FAKE_API_KEY;
  const accepted: AcceptedEmail[] = [];
  const keyRequests = new Map<string, number>();
  const keys = new Map<string, StoredKey>();
  const inFlightKeys = new Set<string>();
  const failures: PendingFailure[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  let requestCount = 0;
  const inbound = new Map<string, InboundEmail & { receivedAt: Date }>();

  const checkAuth = (request: IncomingMessage): void => {
    const auth = request.headers.authorization;
    if (!auth) throw new ResendHttpError(401, 'missing_api_key', 'Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY');
    if (auth !== `Bearer ${apiKey}`) throw new ResendHttpError(403, 'invalid_api_key', 'API key is invalid');
  };

  const receivedEmail = (response: ServerResponse, id: string): void => {
    const email = inbound.get(id);
    if (!email) throw new ResendHttpError(404, 'not_found', 'Email not found');
    sendJson(response, 200, {
      object: 'email', id, to: [...email.to], from: email.from, created_at: email.receivedAt.toISOString(), subject: email.subject,
      bcc: null, cc: null, reply_to: null, received_for: [...email.to], html: email.html ?? null, text: email.text, headers: { ...email.headers },
      message_id: email.messageId ?? email.headers['message-id'] ?? `<${id}@inbound.example>`, attachments: [],
    });
  };

  const takeFailure = (recipients: readonly string[]): ResendFailure | null => {
    const index = failures.findIndex((pending) => pending.to === undefined || recipients.includes(pending.to));
    if (index === -1) return null;
    const pending = failures[index]!;
    pending.remaining -= 1;
    if (pending.remaining <= 0) failures.splice(index, 1);
    return pending.failure;
  };

  const accept = (body: EmailRequestBody, idempotencyKey: string | null): { id: string } => {
    const id = randomUUID();
    accepted.push({ id, idempotencyKey, body, receivedAt: new Date() });
    return { id };
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const receiving = /^\/emails\/receiving\/([^/]+)$/.exec(path);
    if (receiving && request.method === 'GET') {
      checkAuth(request);
      return receivedEmail(response, decodeURIComponent(receiving[1]!));
    }
    if (request.method !== 'POST' || (path !== '/emails' && path !== '/emails/batch')) {
      throw new ResendHttpError(path === '/emails' || path === '/emails/batch' ? 405 : 404, path === '/emails' || path === '/emails/batch' ? 'method_not_allowed' : 'not_found', 'Route not found');
    }
    requestCount += 1;
    checkAuth(request);
    const rawBody = await readBody(request);
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody);
    } catch {
      throw new ResendHttpError(422, 'validation_error', 'Invalid JSON body.');
    }
    const batch = path === '/emails/batch';
    const emails = batch ? parsed : [parsed];
    if (!Array.isArray(emails) || emails.length === 0) throw new ResendHttpError(422, 'validation_error', 'The request body must be a non-empty array of emails.');
    if (emails.length > BATCH_MAX_EMAILS) throw new ResendHttpError(422, 'validation_error', `Too many emails in one batch: at most ${BATCH_MAX_EMAILS}.`);
    for (const email of emails) validateEmail(email);

    const idempotencyKey = headerValue(request.headers['idempotency-key']);
    if (idempotencyKey !== null) {
      keyRequests.set(idempotencyKey, (keyRequests.get(idempotencyKey) ?? 0) + 1);
      if (idempotencyKey.length === 0 || idempotencyKey.length > IDEMPOTENCY_KEY_MAX_CHARS) {
        throw new ResendHttpError(400, 'invalid_idempotency_key', `The key must be between 1-${IDEMPOTENCY_KEY_MAX_CHARS} chars.`);
      }
      const bodyHash = createHash('sha256').update(`${path}\n${rawBody}`).digest('hex');
      const stored = keys.get(idempotencyKey);
      if (stored) {
        if (stored.bodyHash !== bodyHash) {
          throw new ResendHttpError(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload. Change your idempotency key or payload.');
        }
        return sendJson(response, stored.status, stored.response);
      }
      if (inFlightKeys.has(idempotencyKey)) {
        throw new ResendHttpError(409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress. Try the request again later.');
      }
      inFlightKeys.add(idempotencyKey);
      try {
        await answer(emails as EmailRequestBody[], batch, idempotencyKey, (status, body) => keys.set(idempotencyKey, { bodyHash, status, response: body }));
      } finally {
        inFlightKeys.delete(idempotencyKey);
      }
      return;
    }
    await answer(emails as EmailRequestBody[], batch, null, () => {});

    async function answer(list: EmailRequestBody[], isBatch: boolean, key: string | null, remember: (status: number, body: unknown) => void): Promise<void> {
      const failure = takeFailure(list.flatMap((email) => recipientsOf(email.to)));
      if (failure?.kind === 'hang') {
        if (failure.afterAccepting) remember(200, acceptAll());
        hanging.add(response);
        await new Promise<void>((resolve) => response.once('close', resolve));
        return;
      }
      if (failure) return sendFailure(response, failure);
      const body = acceptAll();
      remember(200, body);
      sendJson(response, 200, body);

      function acceptAll(): unknown {
        const ids = list.map((email) => accept(email, key));
        return isBatch ? { data: ids } : ids[0];
      }
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) return;
      if (error instanceof ResendHttpError) return sendError(response, error.status, error.errorName, error.message);
      sendError(response, 500, 'internal_server_error', 'An unexpected error occurred.');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    accepted,
    idempotencyKeyRequests: keyRequests,
    get requestCount() {
      return requestCount;
    },
    inject(failure, injectOptions = {}) {
      failures.push({ failure, remaining: injectOptions.times ?? 1, to: injectOptions.to });
    },
    receive(email) {
      const id = randomUUID();
      inbound.set(id, { ...email, receivedAt: new Date() });
      return id;
    },
    clearFailures() {
      failures.length = 0;
    },
    async close() {
      for (const response of hanging) response.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? '') : value;
}

function recipientsOf(to: unknown): string[] {
  const list = Array.isArray(to) ? to : [to];
  return list.filter((entry): entry is string => typeof entry === 'string').map((entry) => /<([^>]+)>/.exec(entry)?.[1] ?? entry.trim());
}

function validateEmail(email: unknown): asserts email is EmailRequestBody {
  if (typeof email !== 'object' || email === null || Array.isArray(email)) throw new ResendHttpError(422, 'validation_error', 'Each email must be an object.');
  const fields = email as EmailRequestBody;
  for (const field of ['from', 'to', 'subject'] as const) {
    if (fields[field] === undefined || fields[field] === '') throw new ResendHttpError(422, 'missing_required_field', `Missing \`${field}\` field.`);
  }
  if (typeof fields.from !== 'string' || !/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/.test(fields.from)) {
    throw new ResendHttpError(422, 'validation_error', 'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.');
  }
  const recipients = recipientsOf(fields.to);
  if (recipients.length === 0 || recipients.some((address) => !/^[^\s@]+@[^\s@]+$/.test(address))) {
    throw new ResendHttpError(422, 'validation_error', 'Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.');
  }
  if (fields.html === undefined && fields.text === undefined) throw new ResendHttpError(422, 'validation_error', 'Missing `html` or `text` field.');
  if (fields.headers !== undefined && (typeof fields.headers !== 'object' || fields.headers === null)) throw new ResendHttpError(422, 'validation_error', 'Invalid `headers` field.');
  if (fields.tags !== undefined) {
    const ok =
      Array.isArray(fields.tags) &&
      fields.tags.every((tag: unknown) => {
        const { name, value } = (tag ?? {}) as { name?: unknown; value?: unknown };
        return typeof name === 'string' && typeof value === 'string' && /^[A-Za-z0-9_-]{1,256}$/.test(name) && /^[A-Za-z0-9_-]{1,256}$/.test(value);
      });
    if (!ok) throw new ResendHttpError(422, 'validation_error', 'Invalid `tags` field: names and values may hold only ASCII letters, numbers, underscores and dashes.');
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > BODY_MAX_BYTES) throw new ResendHttpError(413, 'validation_error', 'Request body too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function rateLimitHeaders(response: ServerResponse, resetSeconds: number, remaining: number): void {
  response.setHeader('ratelimit-limit', String(RATE_LIMIT_PER_S));
  response.setHeader('ratelimit-remaining', String(remaining));
  response.setHeader('ratelimit-reset', String(resetSeconds));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (!response.hasHeader('ratelimit-limit')) rateLimitHeaders(response, 1, RATE_LIMIT_PER_S - 1);
  response.statusCode = status;
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, name: string, message: string): void {
  sendJson(response, status, { statusCode: status, name, message });
}

function sendFailure(response: ServerResponse, failure: Exclude<ResendFailure, { kind: 'hang' }>): void {
  switch (failure.kind) {
    case 'rate_limit':
      rateLimitHeaders(response, failure.retryAfterSeconds, 0);
      response.setHeader('retry-after', String(failure.retryAfterSeconds));
      return sendError(response, 429, 'rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second. See rate limit response headers for more information. Or contact support to increase rate limit.');
    case 'daily_quota':
      return sendError(response, 429, 'daily_quota_exceeded', 'You have reached your daily email sending quota.');
    case 'server_error':
      return sendError(response, failure.status ?? 500, failure.status === undefined || failure.status === 500 ? 'internal_server_error' : 'application_error', 'An unexpected error occurred.');
    case 'validation':
      return sendError(response, 422, 'validation_error', failure.message);
  }
}
