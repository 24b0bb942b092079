import { providerStatuses, parseConfig, type Logger } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createPublisher, type JobEnqueue, type Sql } from '@switchboard/db';
import { deriveMasterKey } from '@switchboard/core/crypto';
import type { Context, CurrentWorkspace, SessionUser } from '../context.ts';

export interface EnqueuedJob {
  queue: string;
  payload: unknown;
}

/** A logger that writes nothing, for tests that call what a procedure would call with its context's. */
export const silentLog: Logger = createLogger({ name: 'api-test', level: 'silent', format: 'json' });

/** A real context over a test database; enqueued jobs are recorded instead of sent unless `enqueue` is given. */
export function testContext(
  sql: Sql,
  overrides: Partial<Context> & { user?: SessionUser | null; workspace?: CurrentWorkspace | null; log?: Logger } = {},
): Context & { enqueued: EnqueuedJob[]; cookieLog: string[] } {
  const enqueued: EnqueuedJob[] = [];
  const cookieLog: string[] = [];
  const recordingEnqueue: JobEnqueue = async (queue, payload) => {
    enqueued.push({ queue, payload });
    return `job-${enqueued.length}`;
  };
  return {
    db: sql,
    user: null,
    workspace: null,
    sessionToken: null,
    origin: { ip: '127.0.0.1', userAgent: 'vitest' },
    cookies: { setSession: (token) => cookieLog.push(`set:${token}`), clearSession: () => cookieLog.push('clear') },
    enqueue: recordingEnqueue,
    publish: createPublisher(sql),
    log: silentLog,
    providers: providerStatuses(parseConfig({})),
    masterKey: deriveMasterKey('test-master-secret-for-switchboard-tests'),
    envKeyKinds: [],
    queueCounts: async () => [],
    // No pg-boss unless a test gives one (createJobControl over its own boss).
    jobs: {
      schedules: async () => [],
      retry: async () => {
        throw new Error('this test context has no job queue');
      },
    },
    allowPrivateHosts: false,
    // Tests have no DNS: every name is unresolved unless a test gives its own lookup.
    lookupHost: async (hostname) => {
      throw Object.assign(new Error(`no DNS in tests for ${hostname}`), { code: 'ENOTFOUND' });
    },
    ...overrides,
    enqueued,
    cookieLog,
  };
}
