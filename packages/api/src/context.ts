import type { Logger, ProviderStatus, Role } from '@switchboard/core';
import type { Enqueue, Publish, QueueCounts, Sql } from '@switchboard/db';
import type { JobCatalog } from '@switchboard/worker';

export interface SessionUser {
  id: string;
  email: string;
  /** The user's role in the current workspace. */
  role: Role;
}

export interface CurrentWorkspace {
  id: string;
  name: string;
  slug: string;
}

/** Everything a procedure may touch. Built per request by the web server, or by a test or script. */
export interface Context {
  db: Sql;
  user: SessionUser | null;
  workspace: CurrentWorkspace | null;
  enqueue: Enqueue<JobCatalog>;
  publish: Publish;
  log: Logger;
  /** Live or sandbox, per provider, as the process configuration decides. */
  providers: readonly ProviderStatus[];
  queueCounts: () => Promise<QueueCounts[]>;
}
