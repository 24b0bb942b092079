// A dispatcher process for the mailbox-limit property test: it runs the real dispatch path (dueSends,
// dispatchSend: mailbox choice, slot reservation, claim, the Resend SDK against the fake) from several
// concurrent loops, each on a simulated clock that steps forward, so minute, hour and day windows all
// fill and drain in seconds. Run as `node dispatch-worker.testing.ts <plan json>` with RESEND_API_KEY
// and RESEND_BASE_URL set; prints `ready`, waits for a line on stdin, then prints what it did.
import { createInterface } from 'node:readline';
import { envKeyFields, parseConfig } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createKeyResolver, createSql, dueSends } from '@switchboard/db';
import { sandboxAiWriter } from '../adapters/ai-writer/index.ts';
import { dispatchSend, type DispatchOutcome } from './dispatch-send.ts';

export interface DispatchWorkerAttempt {
  /** How far this loop's simulated clock moves before the attempt. */
  stepMs: number;
  /** A real pause before the attempt, so the processes interleave differently each run. */
  pauseMs: number;
}

export interface DispatchWorkerPlan {
  url: string;
  /** Hex of the unsubscribe-link key (both processes sign with the same one, as workers sharing a secret do). */
  unsubscribeKeyHex: string;
  startMs: number;
  loops: DispatchWorkerAttempt[][];
}

const plan = JSON.parse(process.argv[2] ?? '') as DispatchWorkerPlan;
const config = parseConfig(process.env);
const sql = createSql(plan.url, { applicationName: 'dispatch-worker', max: plan.loops.length + 1 });
const services = {
  sql,
  log: createLogger({ name: 'dispatch-worker', level: 'silent', format: 'json' }),
  providerKey: createKeyResolver(sql, null, envKeyFields(config)),
  aiWriter: async () => sandboxAiWriter,
  publicUrl: 'https://switchboard.example',
  unsubscribeKey: Buffer.from(plan.unsubscribeKeyHex, 'hex'),
  resendBaseUrl: config.RESEND_BASE_URL,
  emailFrom: config.EMAIL_FROM,
};
await sql`select 1`;
process.stdout.write('ready\n');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));

const outcomes: Partial<Record<DispatchOutcome, number>> = {};
await Promise.all(
  plan.loops.map(async (attempts) => {
    let clock = plan.startMs;
    for (const attempt of attempts) {
      clock += attempt.stepMs;
      if (attempt.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, attempt.pauseMs));
      const now = new Date(clock);
      for (const send of await dueSends(sql, { now, limit: 3 })) {
        const outcome = await dispatchSend(services, send, now);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    }
  }),
);
await sql.end();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
