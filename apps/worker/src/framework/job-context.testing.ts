// A worker job context for tests that run a job's handler directly: the sandbox's services (no
// provider key, the sandbox email and AI writer, no IMAP), with what a test cares about given.
import { sandboxAiWriter } from '../adapters/ai-writer/index.ts';
import { sandboxEmail } from '../adapters/email/index.ts';
import type { WorkerJobContext } from '../services.ts';

export function sandboxJobContext(
  given: Pick<WorkerJobContext, 'queue' | 'sql' | 'log' | 'publish' | 'discovery'> & Partial<WorkerJobContext>,
): WorkerJobContext {
  return {
    jobId: 'job-1',
    retryCount: 0,
    signal: new AbortController().signal,
    workerId: `${given.queue}-test`,
    publicUrl: 'http://localhost:3000',
    unsubscribeKey: null,
    emailFrom: 'Switchboard <switchboard@localhost>',
    email: sandboxEmail,
    providerKey: async () => null,
    aiWriter: async () => sandboxAiWriter,
    baseUrls: {},
    keyCheck: { smtpAllowPrivateHosts: false },
    openMailboxPassword: () => {
      throw new Error(`no IMAP in ${given.queue} tests`);
    },
    enqueue: async () => 'job',
    jobPending: async () => false,
    stuckSendingMs: 600_000,
    voiceCaller: async () => null,
    callStaleAfterMs: 900_000,
    sandboxRecipient: null,
    ...given,
  };
}

