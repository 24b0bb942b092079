import type { Context } from '@switchboard/api';
import type { Logger, ProviderStatus } from '@switchboard/core';
import type { Enqueue, Publish, QueueCounts, Sql } from '@switchboard/db';
import type { JobCatalog } from '@switchboard/worker';

export interface ContextServices {
  sql: Sql;
  enqueue: Enqueue<JobCatalog>;
  publish: Publish;
  log: Logger;
  providers: readonly ProviderStatus[];
  queueCounts: () => Promise<QueueCounts[]>;
}

/**
 * Builds the per-request tRPC context. Who the user is (and their workspace) is resolved from the
 * session once sign-in exists; until then every request is anonymous.
 */
export function createContextFactory(services: ContextServices) {
  return (request: { requestId: string }): Context => ({
    db: services.sql,
    user: null,
    workspace: null,
    enqueue: services.enqueue,
    publish: services.publish,
    log: services.log.child({ requestId: request.requestId }),
    providers: services.providers,
    queueCounts: services.queueCounts,
  });
}
