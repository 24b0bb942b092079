import type { JobEnqueue, ProviderKeyResolver } from '@switchboard/db';
import type { AiWriterFor } from './adapters/ai-writer/index.ts';
import type { EmailSender } from './adapters/email/index.ts';
import type { VoiceCaller } from './adapters/voice/index.ts';
import type { KeyCheckPolicy, ProviderBaseUrls } from './adapters/key-checks/index.ts';
import type { SandboxRecipientSettings } from './email-events/sandbox-recipient.ts';
import type { DiscoveryServices } from './discovery/services.ts';
import type { JobContext } from './framework/define-job.ts';

/** What Switchboard's jobs get besides the framework's part: providers, and their own queue handle. */
export interface WorkerServices {
  /** Where people reach the dashboard, for links in emails. */
  publicUrl: string;
  /** Signs campaign emails' unsubscribe links (from SWITCHBOARD_SECRET); null without one, and then no campaign email goes. */
  unsubscribeKey: Buffer | null;
  /** The environment's sender address (EMAIL_FROM), for providers that need one besides the mailbox's. */
  emailFrom: string;
  email: EmailSender;
  /** The key that applies to a workspace for a provider (its own, else the environment's), or null. */
  providerKey: ProviderKeyResolver;
  /** The AI writer for a workspace: OpenAI with its key (its own, else the environment's), else the sandbox writer. */
  aiWriter: AiWriterFor;
  /** Provider API base URLs (configurable so tests can use local fakes). */
  baseUrls: ProviderBaseUrls;
  /** Which hosts "Test connection" may reach (SMTP_ALLOW_PRIVATE_HOSTS). */
  keyCheck: KeyCheckPolicy;
  /** Queues follow-up work, typed by the job contract. */
  enqueue: JobEnqueue;
  /** Whether a job on `queue` whose payload contains `data` is waiting or running. */
  jobPending: (queue: string, data: object) => Promise<boolean>;
  /** Opens a mailbox's sealed IMAP password (throws without SWITCHBOARD_SECRET); the reply poller alone uses it. */
  openMailboxPassword: (workspaceId: string, mailboxId: string, sealed: string) => string;
  /** How long a send may stay `sending` before email.dispatch counts it as lost with its worker (EMAIL_STUCK_SENDING_MS). */
  stuckSendingMs: number;
  /** Search, listings and website scraping, live or against the sandbox world. */
  discovery: DiscoveryServices;
  /** Vapi for a workspace, with its key (its own, else the environment's); null without one, and then its calls stay queued. */
  voiceCaller: (workspaceId: string) => Promise<VoiceCaller | null>;
  /** How long a live call may sit unchanged before calls.tick asks Vapi about it (CALL_STALE_AFTER_MS). */
  callStaleAfterMs: number;
  /** The sandbox recipient (SANDBOX_EMAIL_*): events for campaign emails the sandbox outbox took; null leaves them be. */
  sandboxRecipient: SandboxRecipientSettings | null;
}

/** A Switchboard job handler's context. */
export type WorkerJobContext = JobContext<WorkerServices>;
