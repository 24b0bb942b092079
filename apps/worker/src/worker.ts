import { DEFAULT_OPENAI_MODEL, SEND_STUCK_AFTER_MS, type Logger } from '@switchboard/core';
import type { JobCatalog } from '@switchboard/core/jobs';
import { createJobEnqueue, openMailboxPassword, type PgBoss, type ProviderKeyResolver, type Sql } from '@switchboard/db';
import { createAiWriterResolver, type AiWriterSettings } from './adapters/ai-writer/index.ts';
import { sandboxEmail, type EmailSender } from './adapters/email/index.ts';
import { createVoiceCallers, type SandboxCallerSettings } from './adapters/voice/sandbox.ts';
import type { SandboxRecipientSettings } from './email-events/sandbox-recipient.ts';
import { CALL_STALE_AFTER_MS } from './calls/reconcile-calls.ts';
import type { KeyCheckPolicy, ProviderBaseUrls } from './adapters/key-checks/index.ts';
import { createDiscoveryServices, type DiscoveryServices } from './discovery/services.ts';
import type { AnyJobDefinition } from './framework/define-job.ts';
import { startWorker, type RunningWorker } from './framework/start-worker.ts';
import type { WorkerServices } from './services.ts';

const PENDING_JOB_STATES = new Set(['created', 'retry', 'active']);

export interface SwitchboardWorkerOptions {
  sql: Sql;
  boss: PgBoss;
  log: Logger;
  /** Usually every job (`jobs`); tests run a few. */
  jobs: readonly AnyJobDefinition<WorkerServices>[];
  /** How often idle queues are polled for retries and deferred jobs (tests shorten it). */
  pollingIntervalSeconds?: number;
  /** Where people reach the dashboard; defaults to the local address. */
  publicUrl?: string;
  /** The email provider; the sandbox outbox when not given. */
  email?: EmailSender;
  /** SWITCHBOARD_SECRET's key: opens mailboxes' IMAP passwords (none stored can be read without it). */
  masterKey?: Buffer | null;
  /** Signs unsubscribe links in campaign emails (deriveUnsubscribeKey of the master key). */
  unsubscribeKey?: Buffer | null;
  emailFrom?: string;
  /** Which provider key applies; none (the sandbox everywhere) when not given. */
  providerKey?: ProviderKeyResolver;
  baseUrls?: ProviderBaseUrls;
  /** AI writing's model, timeout and prices; the default model at OPENAI's base URL from `baseUrls` when not given. */
  ai?: AiWriterSettings;
  /** Which hosts "Test connection" may reach; public ones only when not given. */
  keyCheck?: KeyCheckPolicy;
  /** How long a send may stay `sending` before it counts as lost with its worker; SEND_STUCK_AFTER_MS when not given. */
  stuckSendingMs?: number;
  /** Search, listings and scraping; sandbox-only services (started on first use) when not given. */
  discovery?: DiscoveryServices;
  /** How long a live call may sit unchanged before reconciliation asks Vapi; CALL_STALE_AFTER_MS when not given. */
  callStaleAfterMs?: number;
  /** The sandbox caller for workspaces with no Vapi key (SANDBOX_CALL_*); without it their calls are not placed. */
  sandboxCaller?: SandboxCallerSettings | null;
  /** The sandbox recipient (SANDBOX_EMAIL_*) for campaign emails the sandbox outbox takes; off when not given. */
  sandboxRecipient?: SandboxRecipientSettings | null;
}

/** Starts the framework with Switchboard's services, defaulting every provider to its sandbox. */
export async function startSwitchboardWorker(options: SwitchboardWorkerOptions): Promise<RunningWorker<JobCatalog>> {
  const { boss, log } = options;
  const enqueue = createJobEnqueue(boss);
  const ownsDiscovery = !options.discovery;
  const discovery =
    options.discovery ??
    createDiscoveryServices({ providerKey: async () => null, baseUrls: {}, chromiumPath: undefined, userAgent: 'SwitchboardBot (sandbox)', log });
  const providerKey = options.providerKey ?? (async () => null);
  const voice = createVoiceCallers({ providerKey, baseUrl: options.baseUrls?.vapi, sandbox: options.sandboxCaller ?? null, log });
  const services: WorkerServices = {
    publicUrl: options.publicUrl ?? 'http://localhost:3000',
    email: options.email ?? sandboxEmail,
    unsubscribeKey: options.unsubscribeKey ?? null,
    emailFrom: options.emailFrom ?? 'Switchboard <switchboard@localhost>',
    providerKey,
    aiWriter: createAiWriterResolver(providerKey, options.ai ?? { model: DEFAULT_OPENAI_MODEL, baseUrl: options.baseUrls?.openai }),
    baseUrls: options.baseUrls ?? {},
    keyCheck: options.keyCheck ?? { smtpAllowPrivateHosts: false },
    openMailboxPassword: (workspaceId, mailboxId, sealed) => openMailboxPassword(options.masterKey ?? null, workspaceId, mailboxId, sealed),
    enqueue,
    async jobPending(queue, data) {
      // A queue nobody created yet holds no job (findJobs would throw).
      if (!(await boss.getQueue(queue))) return false;
      const found = await boss.findJobs(queue, { data, limit: 100 });
      return found.some((job) => PENDING_JOB_STATES.has(job.state));
    },
    stuckSendingMs: options.stuckSendingMs ?? SEND_STUCK_AFTER_MS,
    discovery,
    voiceCaller: voice.voiceCaller,
    callStaleAfterMs: options.callStaleAfterMs ?? CALL_STALE_AFTER_MS,
    sandboxRecipient: options.sandboxRecipient ?? null,
  };
  const worker = await startWorker({
    sql: options.sql,
    boss,
    log,
    jobs: options.jobs,
    services,
    ...(options.pollingIntervalSeconds === undefined ? {} : { pollingIntervalSeconds: options.pollingIntervalSeconds }),
  });
  return {
    ...worker,
    enqueue,
    async stop(drainTimeoutMs) {
      await worker.stop(drainTimeoutMs);
      if (ownsDiscovery) await discovery.close();
      await voice.close();
    },
  };
}
