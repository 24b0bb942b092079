// A stand-in worker process for the limiter's property test: it reserves send slots for one mailbox
// following a plan (a simulated clock that steps forward, and a short real pause between attempts),
// from several concurrent loops, and prints what it got. Run as `node mailbox-slot-worker.ts <plan json>`.
import { createInterface } from 'node:readline';
import { createSql } from '../client.ts';
import { reserveMailboxSlot } from '../queries/mailbox-slots.ts';

export interface SlotWorkerAttempt {
  /** How far this loop's simulated clock moves before the attempt. */
  stepMs: number;
  /** A real pause before the attempt, so the processes interleave differently each run. */
  pauseMs: number;
  /** The send key: this loop's own, or one every process also tries (only one may get a slot for it). */
  key: string;
}

export interface SlotWorkerPlan {
  url: string;
  workspaceId: string;
  mailboxId: string;
  startMs: number;
  loops: SlotWorkerAttempt[][];
}

const plan = JSON.parse(process.argv[2] ?? '') as SlotWorkerPlan;
const sql = createSql(plan.url, { applicationName: 'mailbox-slot-worker', max: plan.loops.length });
await sql`select 1`;
// Both processes connect first, then start together when the test says go.
process.stdout.write('ready\n');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));

let reserved = 0;
let refused = 0;
await Promise.all(
  plan.loops.map(async (attempts) => {
    let clock = plan.startMs;
    for (const attempt of attempts) {
      clock += attempt.stepMs;
      if (attempt.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, attempt.pauseMs));
      const outcome = await reserveMailboxSlot(sql, { workspaceId: plan.workspaceId, mailboxId: plan.mailboxId, sendKey: attempt.key, now: new Date(clock) });
      if (outcome.reserved) reserved += 1;
      else if (outcome.reason === 'limit') refused += 1;
      else throw new Error(`The mailbox cannot send: ${outcome.reason}`);
    }
  }),
);
await sql.end();
process.stdout.write(`${JSON.stringify({ reserved, refused })}\n`);
