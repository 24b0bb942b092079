import { resolveApiToken, resolveSession, type Context } from '@switchboard/api';
import type { Logger, ProviderKeyKind, ProviderStatus } from '@switchboard/core';
import type { JobControl, JobEnqueue, Publish, QueueCounts, Sql } from '@switchboard/db';
import type { LookupAll } from '@switchboard/core/discovery';
import type { Request, Response } from 'express';
import { lookup as dnsLookup } from 'node:dns/promises';
import { readSessionCookie, sessionCookies } from './session-cookie.ts';

export interface ContextServices {
  sql: Sql;
  enqueue: JobEnqueue;
  publish: Publish;
  log: Logger;
  providers: readonly ProviderStatus[];
  masterKey: Buffer | null;
  envKeyKinds: readonly ProviderKeyKind[];
  /** VAPI_PHONE_NUMBER_ID, when set. */
  vapiPhoneNumberId?: string | null;
  queueCounts: () => Promise<QueueCounts[]>;
  jobs: JobControl;
  /** SMTP_ALLOW_PRIVATE_HOSTS (false when left out). */
  allowPrivateHosts?: boolean;
  /** DNS as the worker resolves it, unless a test gives its own. */
  lookupHost?: LookupAll;
}

/** How long a save waits on DNS to judge a host; past it the name counts as unresolved (the worker judges it again). */
const HOST_LOOKUP_TIMEOUT_MS = 3_000;

const systemLookup: LookupAll = async (hostname) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`DNS took over ${HOST_LOOKUP_TIMEOUT_MS} ms for ${hostname}`), { code: 'ETIMEOUT' })), HOST_LOOKUP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([dnsLookup(hostname, { all: true, verbatim: true }), timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/** Builds the per-request tRPC context: who is signed in (from the session cookie) and the services. */
export function createContextFactory(services: ContextServices) {
  return async (request: Request, response: Response): Promise<Context> => {
    const requestId = String(request.headers['x-request-id'] ?? '');
    const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ? null : readSessionCookie(request);
    const session = bearer ? await resolveApiToken(services.sql, bearer) : token ? await resolveSession(services.sql, token) : null;
    return {
      db: services.sql,
      user: session?.user ?? null,
      workspace: session?.workspace ?? null,
      sessionToken: session && token ? token : null,
      origin: { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null },
      cookies: sessionCookies(request, response),
      enqueue: services.enqueue,
      publish: services.publish,
      log: services.log.child({ requestId, ...(session?.user ? { userId: session.user.id } : {}) }),
      providers: services.providers,
      masterKey: services.masterKey,
      envKeyKinds: services.envKeyKinds,
      vapiPhoneNumberId: services.vapiPhoneNumberId ?? null,
      queueCounts: services.queueCounts,
      jobs: services.jobs,
      allowPrivateHosts: services.allowPrivateHosts ?? false,
      lookupHost: services.lookupHost ?? systemLookup,
    };
  };
}
