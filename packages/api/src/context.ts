import type { Logger, ProviderKeyKind, ProviderStatus, Role } from '@switchboard/core';
import type { LookupAll } from '@switchboard/core/discovery';
import type { JobControl, JobEnqueue, Publish, QueueCounts, Sql } from '@switchboard/db';

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

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** Sets and clears the session cookie on the response being built (httpOnly, SameSite=Lax). */
export interface SessionCookies {
  setSession(token: string): void;
  clearSession(): void;
}

/** Everything a procedure may touch. Built per request by the web server, or by a test or script. */
export interface Context {
  db: Sql;
  user: SessionUser | null;
  workspace: CurrentWorkspace | null;
  /** The cookie value of the request's session, when it carries a valid one. */
  sessionToken: string | null;
  origin: RequestOrigin;
  cookies: SessionCookies;
  enqueue: JobEnqueue;
  publish: Publish;
  log: Logger;
  /** Live or sandbox, per provider, as the process configuration decides. */
  providers: readonly ProviderStatus[];
  /** Encrypts and decrypts stored provider keys; null when SWITCHBOARD_SECRET is not set. */
  masterKey: Buffer | null;
  /** Provider keys the environment supplies to every workspace. */
  envKeyKinds: readonly ProviderKeyKind[];
  /** VAPI_PHONE_NUMBER_ID: the number the environment's Vapi key calls from (a workspace's own key names its own). */
  vapiPhoneNumberId?: string | null;
  queueCounts: () => Promise<QueueCounts[]>;
  /** pg-boss's schedules, and running a failed job again (the Jobs page). */
  jobs: JobControl;
  /** SMTP_ALLOW_PRIVATE_HOSTS: whether a mailbox's own server (IMAP) may be a private or local host. */
  allowPrivateHosts: boolean;
  /** Resolves a host name a user saves, to judge it as the worker will before connecting. */
  lookupHost: LookupAll;
}
