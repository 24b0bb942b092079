import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { appRouter, createCaller, type UploadLimits } from '@switchboard/api';
import type { EventSubscription, Sql } from '@switchboard/db';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import { Server as SocketServer } from 'socket.io';
import type { ViteDevServer } from 'vite';
import { limitBodySize, limitTrpcBodySize, requireFormBody } from './body-limit.ts';
import { LEAD_IMPORT_UPLOAD_PATH, leadImportUpload } from './lead-import-upload.ts';
import { RESEND_WEBHOOK_PATH, resendWebhook, WEBHOOK_MAX_BODY_BYTES } from './resend-webhook.ts';
import { VAPI_WEBHOOK_MAX_BODY_BYTES, VAPI_WEBHOOK_PATH, vapiWebhook } from './vapi-webhook.ts';
import { createDatabaseProbe, healthz, readyz } from './health.ts';
import { createHostPolicy } from './allowed-hosts.ts';
import { liveHandshakeGate } from './live-handshake.ts';
import { refuseForeignHosts, rejectCrossSiteWrites } from './same-origin.ts';
import { answerClientErrors } from './client-errors.ts';
import { cspNonce, securityHeaders } from './security-headers.ts';
import { limitBatches, MAX_BATCH_CALLS, retryAfterHeader } from './trpc-limits.ts';
import { startLiveRelay } from './live-relay.ts';
import { unsubscribeOneClick } from './unsubscribe.ts';
import { BUILD_DIR, createRemixHandler } from './remix-handler.ts';
import { createContextFactory, type ContextServices } from './trpc-context.ts';

// Lead files no longer ride in tRPC or form bodies (they stream to /leads/import/upload): the
// largest input left is a bulk action's 1,000 lead ids (about 40 KB), well inside these.
const TRPC_MAX_BODY_BYTES = 1024 * 1024;
const FORM_MAX_BODY_BYTES = 1024 * 1024;
const KEEP_ALIVE_MS = 65_000;

export interface WebServerOptions extends ContextServices {
  /** Serve through Vite's dev server (watch mode) instead of the production build. */
  vite?: ViteDevServer;
  /** Express "trust proxy": behind a TLS-terminating proxy, cookies become Secure and IPs are the client's. */
  trustProxy?: string;
  /** A connection of its own for /healthz's database probe; the request pool (`sql`) when not given. */
  healthSql?: Sql;
  /** PUBLIC_URL: its host is one the server answers for, besides loopback names on the listening port. */
  publicUrl?: string;
  /** ALLOWED_HOSTS: more host names (optionally with a port) the server answers for. */
  allowedHosts?: readonly string[];
  /** Lead file upload limits (200 MB, 1,000,000 rows unless given; tests use small ones). */
  leadImportLimits?: UploadLimits;
  /** RESEND_WEBHOOK_SECRET: verifies /webhooks/resend; without it that route answers 503. */
  resendWebhookSecret?: string | undefined;
  /** VAPI_WEBHOOK_HMAC_SECRET / VAPI_WEBHOOK_SECRET (and the sandbox caller's SANDBOX_CALL_WEBHOOK_SECRET): authenticate /webhooks/vapi; without any that route answers 503. */
  vapiWebhookSecrets?: { hmacSecret?: string | undefined; sharedSecret?: string | undefined; sandboxHmacSecret?: string | undefined };
}

export interface WebServer {
  http: HttpServer;
  io: SocketServer;
  listen(port: number, host: string): Promise<{ port: number }>;
  close(): Promise<void>;
}

/**
 * One Node server for the whole dashboard: Remix pages, tRPC at /api/trpc, Socket.IO, and the
 * health endpoints, all on one port.
 */
export async function createWebServer(options: WebServerOptions): Promise<WebServer> {
  const log = options.log.child({ component: 'web' });
  const createContext = createContextFactory({ ...options, log });
  const hosts = createHostPolicy({ publicUrl: options.publicUrl, allowedHosts: options.allowedHosts });
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy) app.set('trust proxy', parseTrustProxy(options.trustProxy));
  app.use((request, response, next) => {
    const requestId = randomUUID();
    request.headers['x-request-id'] = requestId;
    response.setHeader('x-request-id', requestId);
    next();
  });
  app.use(securityHeaders({ dev: options.vite !== undefined }));
  app.use(refuseForeignHosts(hosts));

  app.get('/healthz', healthz(createDatabaseProbe(options.healthSql ?? options.sql)));
  app.get('/readyz', readyz(options.sql));
  // Before the cross-site check: a provider's server sends no Origin of ours, and the signature is the
  // credential. The Host check above still applies.
  const receiveResendEvent = resendWebhook({ sql: options.sql, enqueue: options.enqueue, log, secret: options.resendWebhookSecret });
  app.post(RESEND_WEBHOOK_PATH, limitBodySize(WEBHOOK_MAX_BODY_BYTES), (request, response, next) => {
    receiveResendEvent(request, response).catch(next);
  });
  const receiveVapiMessage = vapiWebhook({ sql: options.sql, enqueue: options.enqueue, log, secrets: options.vapiWebhookSecrets ?? {} });
  app.post(VAPI_WEBHOOK_PATH, limitBodySize(VAPI_WEBHOOK_MAX_BODY_BYTES), (request, response, next) => {
    receiveVapiMessage(request, response).catch(next);
  });
  // Before the cross-site check: mail clients post one-click unsubscribes with no (or their own) Origin.
  // The foreign-Host refusal above still applies.
  const unsubscribe = unsubscribeOneClick({ sql: options.sql, masterKey: options.masterKey, log });
  app.use((request, response, next) => {
    unsubscribe(request, response, next).catch(next);
  });
  app.use(rejectCrossSiteWrites(hosts));
  app.use('/api/trpc', limitBatches, limitTrpcBodySize(TRPC_MAX_BODY_BYTES));
  app.use(
    '/api/trpc',
    createExpressMiddleware({
      router: appRouter,
      maxBodySize: TRPC_MAX_BODY_BYTES,
      maxBatchSize: MAX_BATCH_CALLS,
      responseMeta: retryAfterHeader,
      createContext: ({ req, res }) => createContext(req, res),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.cause ?? error, path }, 'tRPC request failed');
      },
    }),
  );

  if (options.vite) {
    app.use(options.vite.middlewares);
  } else {
    app.use('/assets', express.static(`${BUILD_DIR}client/assets`, { immutable: true, maxAge: '1y' }));
    app.use(express.static(`${BUILD_DIR}client`, { maxAge: '1h' }));
  }
  // Before the form body limit: a lead file (up to 200 MB) is streamed into the database, never buffered.
  const uploadLeadFile = leadImportUpload(createContext, options.leadImportLimits);
  app.post(LEAD_IMPORT_UPLOAD_PATH, (request, response, next) => {
    uploadLeadFile(request, response).catch(next);
  });
  app.use(limitBodySize(FORM_MAX_BODY_BYTES), requireFormBody);
  // Remix decodes the path and throws on a broken %-escape (a mangled link), which would end as a 500.
  app.use((request, response, next) => {
    try {
      decodeURIComponent(request.path);
    } catch {
      response.status(400).type('text/plain').send('This address has a broken %-escape in it; check the link and try again.');
      return;
    }
    next();
  });
  app.all(
    '*',
    createRemixHandler(
      async (request, response) => ({ trpc: createCaller(await createContext(request, response)), cspNonce: cspNonce(response), log }),
      options.vite,
    ),
  );
  app.use(((error, request, response, _next) => {
    if (request.destroyed && !request.complete) {
      // The client left mid-request (a closed tab, a cut upload): nothing failed on our side.
      log.info({ path: request.path }, 'client left before the request was read');
      return;
    }
    log.error({ err: error }, 'request failed');
    if (!response.headersSent) response.status(500).type('text/plain').send('Something went wrong on our side; it has been logged.');
  }) as express.ErrorRequestHandler);

  const http = createServer(app);
  answerClientErrors(http);
  // Idle keep-alive connections live longer than a client's (or proxy's) own idle timeout, so a client
  // never starts a request on a connection the server is closing at that moment (Node's 5 s default
  // races with clients that keep theirs 4 s, and a POST caught in that race fails with a reset).
  http.keepAliveTimeout = KEEP_ALIVE_MS;
  http.headersTimeout = KEEP_ALIVE_MS + 1_000;
  // Socket.IO answers on the HTTP server before Express sees the request, so it checks Host, Origin
  // and the session itself: a foreign page (or a DNS-rebound name) or a signed-out client gets no handshake.
  const io = new SocketServer(http, { serveClient: false, allowRequest: liveHandshakeGate(options.sql, hosts, log) });
  let relay: EventSubscription | undefined;

  return {
    http,
    io,
    async listen(port, host) {
      relay = await startLiveRelay(options.sql, io, log);
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve());
      });
      const address = http.address();
      const listening = typeof address === 'object' && address ? address.port : port;
      hosts.listeningOn(listening, host);
      return { port: listening };
    },
    async close() {
      await relay?.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
      await options.vite?.close();
    },
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}
