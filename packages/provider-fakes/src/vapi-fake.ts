import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { deliverVapiWebhook, vapiEndOfCallReportBody, vapiStatusUpdateBody, type VapiCallObject, type VapiCallReport, type VapiWebhookAuth } from './vapi-webhooks.ts';

/** The key the fake accepts unless told another; Vapi checks for a Bearer key as the fake does. */
export const VAPI_FAKE_API_KEY = 'vapi-fake-key-0000';
const ORG_ID = '00000000-0000-4000-8000-00000000f00d';
const BODY_MAX_BYTES = 1024 * 1024;
const E164 = /^\+[1-9]\d{3,14}$/;

/** One POST /call the fake took, as Vapi would have placed it. */
export interface PlacedVapiCall {
  call: VapiCallObject;
  /** The request body as sent. */
  body: Record<string, unknown>;
  receivedAt: Date;
}

/** A failure the fake answers POST /call with instead of placing the call. */
export type VapiFailure =
  /** 429 Too Many Requests, with `retry-after`. */
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  /** 201 with the call blocked by the account's concurrency limit (`subscriptionLimits.concurrencyBlocked`). */
  | { kind: 'concurrency_blocked'; concurrencyLimit?: number }
  /** A 5xx. */
  | { kind: 'server_error'; status?: 500 | 502 | 503 }
  /** 400 with Vapi's (NestJS) validation body and the given message. */
  | { kind: 'bad_request'; message: string }
  /** No answer until the fake closes; with `afterPlacing` the call is placed first (the answer is what is lost). */
  | { kind: 'hang'; afterPlacing?: boolean };

export interface VapiFake {
  baseUrl: string;
  apiKey: string;
  /** Every call placed, in order. */
  readonly placed: readonly PlacedVapiCall[];
  /** Every POST /call received, whatever its answer. */
  readonly createRequests: number;
  /** Calls placed and not yet ended, as Vapi counts them against the account's concurrency. */
  readonly liveCalls: number;
  /** The most calls live at once so far, counted at each placing (exact, not sampled). */
  readonly mostLiveCalls: number;
  /** Calls placed per our call id (from the request's metadata): more than one means a call was placed twice. */
  placedFor(callId: string): number;
  /** The call as GET /call/:id would answer it. */
  call(vapiCallId: string): VapiCallObject | undefined;
  inject(failure: VapiFailure, options?: { times?: number }): void;
  clearFailures(): void;
  /** Where the fake posts its server messages, and how it signs them. */
  setServer(url: string, auth: VapiWebhookAuth): void;
  /** Moves a call to a status (and ended reason) as Vapi would, and posts its status-update; returns the receiver's answer. */
  progress(vapiCallId: string, status: string, options?: { endedReason?: string; deliver?: boolean }): Promise<Response | null>;
  /** Ends a call with its end-of-call report, posted to the server. */
  end(vapiCallId: string, report: VapiCallReport): Promise<Response | null>;
  close(): Promise<void>;
}

export interface VapiFakeOptions {
  apiKey?: string;
  /** Told of every call placed, after the 201 is on its way: the sandbox caller plays the call from here. */
  onPlaced?: (call: VapiCallObject) => void;
}

class VapiHttpError extends Error {
  readonly status: number;
  readonly error: string;
  readonly messages: string[];
  constructor(status: number, error: string, messages: string[]) {
    super(messages.join('; '));
    this.status = status;
    this.error = error;
    this.messages = messages;
  }
}

interface PendingFailure {
  failure: VapiFailure;
  remaining: number;
}

/** Our call id as a request names it: `metadata.callId`, or the assistant overrides' metadata. */
function callIdOf(body: Record<string, unknown>): string | null {
  const sources = [body.metadata, (body.assistantOverrides as Record<string, unknown> | undefined)?.metadata];
  for (const source of sources) {
    const id = (source as Record<string, unknown> | undefined)?.callId;
    if (typeof id === 'string') return id;
  }
  return null;
}

/**
 * A local stand-in for Vapi's call API (POST /call, GET /call/:id) that speaks its wire format: Bearer
 * auth, NestJS-style error bodies `{message: [...], error, statusCode}`, 201 with the call object, and
 * the request's checks (an assistant, a phone number, an E.164 customer number). It can post signed
 * server messages (status updates, end-of-call reports) to a webhook. Listens on 127.0.0.1.
 */
export async function startVapiFake(options: VapiFakeOptions = {}): Promise<VapiFake> {
  const apiKey = options.apiKey ?? VAPI_FAKE_API_KEY;
  const placed: PlacedVapiCall[] = [];
  const calls = new Map<string, VapiCallObject>();
  const perCallId = new Map<string, number>();
  const failures: PendingFailure[] = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  let createRequests = 0;
  let liveCalls = 0;
  let mostLiveCalls = 0;
  let server: { url: string; auth: VapiWebhookAuth } | null = null;

  const checkAuth = (request: IncomingMessage): void => {
    if (request.headers.authorization !== `Bearer ${apiKey}`) throw new VapiHttpError(401, 'Unauthorized', ['Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.']);
  };

  const takeFailure = (): VapiFailure | null => {
    const pending = failures[0];
    if (!pending) return null;
    pending.remaining -= 1;
    if (pending.remaining <= 0) failures.shift();
    return pending.failure;
  };

  const place = (body: Record<string, unknown>, extra: Partial<VapiCallObject> = {}): VapiCallObject => {
    const now = new Date().toISOString();
    const customer = body.customer as { number?: string; name?: string };
    const call: VapiCallObject = {
      id: randomUUID(),
      orgId: ORG_ID,
      type: 'outboundPhoneCall',
      status: 'queued',
      createdAt: now,
      updatedAt: now,
      phoneNumberId: body.phoneNumberId as string,
      ...(typeof body.assistantId === 'string' ? { assistantId: body.assistantId } : {}),
      customer: { ...customer },
      ...(body.assistantOverrides ? { assistantOverrides: body.assistantOverrides as VapiCallObject['assistantOverrides'] } : {}),
      ...(body.metadata ? { metadata: body.metadata as Record<string, unknown> } : {}),
      ...(typeof body.name === 'string' ? { name: body.name } : {}),
      ...extra,
    };
    calls.set(call.id, call);
    liveCalls += 1;
    mostLiveCalls = Math.max(mostLiveCalls, liveCalls);
    placed.push({ call, body, receivedAt: new Date() });
    const callId = callIdOf(body);
    if (callId) perCallId.set(callId, (perCallId.get(callId) ?? 0) + 1);
    if (options.onPlaced) setImmediate(options.onPlaced, call);
    return call;
  };

  const createCall = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    createRequests += 1;
    checkAuth(request);
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      throw new VapiHttpError(400, 'Bad Request', ['Unexpected token in JSON body']);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new VapiHttpError(400, 'Bad Request', ['The body must be an object']);
    const fields = body as Record<string, unknown>;
    const problems: string[] = [];
    if (fields.assistantId === undefined && fields.assistant === undefined && fields.squadId === undefined && fields.squad === undefined) {
      problems.push('Need Either `assistantId`, `assistant`, `squadId`, Or `squad`.');
    }
    if (fields.assistantId !== undefined && typeof fields.assistantId !== 'string') problems.push('assistantId must be a string');
    if (typeof fields.phoneNumberId !== 'string' || fields.phoneNumberId === '') problems.push('Need Either `phoneNumberId` Or `phoneNumber`.');
    const customer = fields.customer as { number?: unknown; name?: unknown } | undefined;
    if (!customer || typeof customer !== 'object') problems.push('Need Either `customerId` Or `customer`.');
    else if (typeof customer.number !== 'string' || !E164.test(customer.number)) problems.push('customer.number must be a valid phone number in the E.164 format.');
    else if (customer.name !== undefined && (typeof customer.name !== 'string' || customer.name.length > 40)) problems.push('customer.name must be shorter than or equal to 40 characters');
    if (typeof fields.name === 'string' && fields.name.length > 40) problems.push('name must be shorter than or equal to 40 characters');
    if (problems.length > 0) throw new VapiHttpError(400, 'Bad Request', problems);

    const failure = takeFailure();
    if (failure?.kind === 'hang') {
      if (failure.afterPlacing) place(fields);
      hanging.add(response);
      await new Promise<void>((resolve) => response.once('close', resolve));
      return;
    }
    if (failure?.kind === 'rate_limit') {
      response.setHeader('retry-after', String(failure.retryAfterSeconds));
      throw new VapiHttpError(429, 'Too Many Requests', ['Too Many Requests']);
    }
    if (failure?.kind === 'server_error') throw new VapiHttpError(failure.status ?? 500, failure.status === 503 ? 'Service Unavailable' : 'Internal Server Error', ['Internal server error']);
    if (failure?.kind === 'bad_request') throw new VapiHttpError(400, 'Bad Request', [failure.message]);
    if (failure?.kind === 'concurrency_blocked') {
      // A blocked call is answered, not placed: nothing rings, and it is not counted as placed.
      const now = new Date().toISOString();
      return sendJson(response, 201, {
        id: randomUUID(), orgId: ORG_ID, type: 'outboundPhoneCall', status: 'ended', endedReason: 'call.start.error-subscription-concurrency-limit-reached',
        createdAt: now, updatedAt: now, phoneNumberId: fields.phoneNumberId, customer: fields.customer,
        subscriptionLimits: { concurrencyBlocked: true, concurrencyLimit: failure.concurrencyLimit ?? 10, remainingConcurrentCalls: 0 },
      });
    }
    sendJson(response, 201, place(fields));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/call' && request.method === 'POST') return createCall(request, response);
    const one = /^\/call\/([^/]+)$/.exec(path);
    if (one && request.method === 'GET') {
      checkAuth(request);
      const call = calls.get(decodeURIComponent(one[1]!));
      if (!call) throw new VapiHttpError(404, 'Not Found', ['Not Found']);
      return sendJson(response, 200, call);
    }
    throw new VapiHttpError(404, 'Not Found', [`Cannot ${request.method ?? 'GET'} ${path}`]);
  };

  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) return;
      if (error instanceof VapiHttpError) return sendJson(response, error.status, { message: error.messages, error: error.error, statusCode: error.status });
      sendJson(response, 500, { message: 'Internal server error', statusCode: 500 });
    });
  });
  http.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  const update = (vapiCallId: string, patch: Partial<VapiCallObject>): VapiCallObject => {
    const call = calls.get(vapiCallId);
    if (!call) throw new Error(`The Vapi fake has no call ${vapiCallId}`);
    if (call.status !== 'ended' && patch.status === 'ended') liveCalls -= 1;
    Object.assign(call, patch, { updatedAt: new Date().toISOString() });
    return call;
  };

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey,
    placed,
    get createRequests() {
      return createRequests;
    },
    get liveCalls() {
      return liveCalls;
    },
    get mostLiveCalls() {
      return mostLiveCalls;
    },
    placedFor: (callId) => perCallId.get(callId) ?? 0,
    call: (vapiCallId) => calls.get(vapiCallId),
    inject(failure, injectOptions = {}) {
      failures.push({ failure, remaining: injectOptions.times ?? 1 });
    },
    clearFailures() {
      failures.length = 0;
    },
    setServer(url, auth) {
      server = { url, auth };
    },
    async progress(vapiCallId, status, progressOptions = {}) {
      const now = new Date().toISOString();
      const call = update(vapiCallId, {
        status,
        ...(progressOptions.endedReason ? { endedReason: progressOptions.endedReason } : {}),
        ...(status === 'in-progress' ? { startedAt: now } : {}),
        ...(status === 'ended' ? { endedAt: now } : {}),
      });
      if (progressOptions.deliver === false || !server) return null;
      return deliverVapiWebhook(server.url, server.auth, vapiStatusUpdateBody(call, status, progressOptions.endedReason ? { endedReason: progressOptions.endedReason } : {}));
    },
    async end(vapiCallId, report) {
      const call = update(vapiCallId, { status: 'ended', endedReason: report.endedReason, endedAt: (report.endedAt ?? new Date()).toISOString(), ...(report.cost !== undefined ? { cost: report.cost } : {}) });
      if (!server) return null;
      return deliverVapiWebhook(server.url, server.auth, vapiEndOfCallReportBody(call, report));
    },
    async close() {
      for (const response of hanging) response.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > BODY_MAX_BYTES) throw new VapiHttpError(413, 'Payload Too Large', ['request entity too large']);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}
