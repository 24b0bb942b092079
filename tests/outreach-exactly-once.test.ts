// Exactly-once sending with real processes: the real worker (its entry point, as `pnpm start` runs it)
// sends a campaign's first emails through the real Resend SDK to the local Resend fake over HTTP, and is
// killed with SIGKILL at random moments while it sends. Whatever a kill interrupts (a send claimed but
// not yet called, a call Resend took whose answer never came back), the restarted worker finishes it:
// every email reaches the fake exactly once.
import { defaultSequence } from '@switchboard/core';
import {
  createBoss,
  createCampaign,
  createJobEnqueue,
  createMailbox,
  createSql,
  enrolApprovedLeads,
  mergeLeadCandidates,
  setCampaignMailboxes,
  setCampaignSequence,
  setCampaignStatus,
  transitionLeads,
  type JobEnqueue,
  type PgBoss,
  type Sql,
} from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { startResendFake, type AcceptedEmail, type ResendFake } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember, type TestMember } from './accounts.ts';
import { createTestDatabase } from './database.ts';
import { cleanEnv, seededRandom, startProcess, until, type RunningProcess } from './processes.ts';

const LEADS = 2_000;
const MAILBOXES = 3;
// Stuck sends are asked again after 1 s here instead of 10 min, so the test sees recovery happen.
const STUCK_SENDING_MS = 1_000;
// Stands in for the per-minute cron: when nothing moved for this long, the test asks for a dispatch run.
const NUDGE_AFTER_MS = 700;
const FIRST_STEP = 'first-email';

let database: TestDatabase;
let sql: Sql;
let fake: ResendFake;
let boss: PgBoss;
let enqueue: JobEnqueue;
let member: TestMember;
let worker: RunningProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'exactly-once-test' });
  fake = await startResendFake();
  member = await createMember(sql, { email: 'ops@exactly-once.test', role: 'operator' });
  boss = createBoss(database.url, 'producer');
  await boss.start();
  enqueue = createJobEnqueue(boss);
});

afterAll(async () => {
  if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
  await boss?.stop({ graceful: false, close: true });
  await fake?.close();
  await sql?.end();
  await database?.drop();
});

/** An active campaign with the default sequence (AI-written first email), `LEADS` enrolled leads and `MAILBOXES` Resend mailboxes with room for all of them. */
async function enrolledCampaign(): Promise<{ campaignId: string }> {
  const { workspaceId, userId } = member;
  const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  const campaign = await createCampaign(sql, { workspaceId, name: 'Exactly once', timeZone: 'America/Chicago', target, createdBy: userId });
  const mailboxIds: string[] = [];
  for (let index = 0; index < MAILBOXES; index += 1) {
    const mailbox = await createMailbox(sql, {
      workspaceId, createdBy: userId, fromName: `Sender ${index}`, fromAddress: `sender${index}@acme.example`, provider: 'resend',
      limitPerMinute: LEADS, limitPerHour: LEADS, limitPerDay: LEADS, signature: 'Ann', postalAddress: '1 Main St, Austin TX',
      sendDays: [0, 1, 2, 3, 4, 5, 6], sendStartMinute: 0, sendEndMinute: 1440,
    });
    mailboxIds.push(mailbox!.id);
  }
  await setCampaignMailboxes(sql, workspaceId, campaign.id, mailboxIds);
  const candidates = Array.from({ length: LEADS }, (_, index) => ({
    name: `Plumber ${index}`, city: 'Austin', region: 'Texas', country: 'US',
    contacts: [{ email: `owner${index}@plumber-${index}.example`, name: 'Maria Lopez' }],
    source: { kind: 'search' as const, ref: `https://plumber-${index}.example/`, evidence: {} },
  }));
  const ids = (await mergeLeadCandidates(sql, { workspaceId, campaignId: campaign.id, candidates })).leads.map((lead) => lead.leadId);
  for (const event of ['queue_for_review', 'approve'] as const) await transitionLeads(sql, { workspaceId, event, target: { ids }, changedBy: userId });
  const sequence = defaultSequence();
  await setCampaignSequence(sql, { workspaceId, campaignId: campaign.id, sequence, by: userId });
  await setCampaignStatus(sql, workspaceId, campaign.id, { from: ['draft'], to: 'active', by: userId });
  await enrolApprovedLeads(sql, { workspaceId, campaignId: campaign.id, enrolledBy: userId, firstStepId: sequence.steps[0]!.id, startAt: new Date(Date.now() - 1_000) });
  return { campaignId: campaign.id };
}

async function sendProgress(campaignId: string): Promise<{ sent: number; sending: number }> {
  const [row] = await sql<[{ sent: number; sending: number }]>`
    select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status = 'sending')::int as sending
    from sends where campaign_id = ${campaignId} and step_id = ${FIRST_STEP}`;
  return row;
}

async function startWorker(timeoutMs: number): Promise<RunningProcess> {
  const started = startProcess(
    'apps/worker/src/main.ts',
    cleanEnv({
      DATABASE_URL: database.url,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      SWITCHBOARD_SECRET: 'exactly-once-test-master-secret-0123456789',
      PUBLIC_URL: 'https://switchboard.example',
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.baseUrl,
      EMAIL_STUCK_SENDING_MS: String(STUCK_SENDING_MS),
      // No website scraping here: skip looking for (and unpacking) a browser at each start.
      PLAYWRIGHT_CHROMIUM_PATH: '/nonexistent/chromium',
    }),
  );
  // The heartbeat job runs once every queue is worked: the worker is up.
  await until(async () => {
    if (started.child.exitCode !== null) throw new Error(`the worker exited (${started.child.exitCode}):\n${started.output()}`);
    const [row] = await sql<[{ beats: number }]>`select count(*)::int as beats from worker_heartbeats where pid = ${started.child.pid!}`;
    return row.beats > 0 ? true : undefined;
  }, 'the worker’s first heartbeat', timeoutMs);
  return started;
}

// Bounded by how fast the worker dispatches (2,000 emails, several worker starts): on a quiet 2-core
// machine well within a minute and a half, several times that when the machine is shared.
const BUDGET_MS = 300_000;

it('sends each of 2,000 campaign emails exactly once through Resend while the worker is killed with SIGKILL and restarted', { timeout: BUDGET_MS + 30_000 }, async () => {
  const deadline = Date.now() + BUDGET_MS;
  const seed = Number(process.env.EXACTLY_ONCE_SEED ?? Date.now() % 1_000_000);
  const random = seededRandom(seed);
  // Each kill comes once this many emails went (spread over the run) while some email is being sent, after a random delay.
  const killAt = Array.from({ length: 3 + Math.floor(random() * 2) }, () => Math.floor(LEADS * (0.05 + random() * 0.85))).sort((a, b) => a - b);
  const context = `seed ${seed} (EXACTLY_ONCE_SEED), kills after ${killAt.join(', ')} sent`;

  const { campaignId } = await enrolledCampaign();
  worker = await startWorker(deadline - Date.now());
  // As "Start outreach" does: the scheduler plans the first emails and wakes the dispatcher.
  await enqueue('outreach.tick', {});

  // The dispatch run the test last asked for: one at a time, as the cron would (a run pending or going is not asked again).
  let nudge: string | null = null;
  const dispatchPending = async () => {
    if (!nudge) return false;
    const [job] = await boss.findJobs('email.dispatch', { id: nudge });
    return job !== undefined && ['created', 'retry', 'active'].includes(job.state);
  };
  let lastSent = -1;
  let lastMoveAt = Date.now();
  /** Waits until `done` holds, asking for a dispatch run whenever nothing moved for a while (the cron would, once a minute). */
  const driveUntil = (done: (progress: { sent: number; sending: number }) => boolean, what: string) =>
    until(async () => {
      const progress = await sendProgress(campaignId);
      if (done(progress)) return progress;
      if (progress.sent !== lastSent) {
        lastSent = progress.sent;
        lastMoveAt = Date.now();
      } else if (Date.now() - lastMoveAt > NUDGE_AFTER_MS && !(await dispatchPending())) {
        nudge = await enqueue('email.dispatch', {});
        lastMoveAt = Date.now();
      }
      return undefined;
    }, `${what} (${context})`, deadline - Date.now()).catch(async (error: Error) => {
      const states = await sql`select status, failure, count(*)::int from sends where campaign_id = ${campaignId} group by 1, 2`;
      throw new Error(`${error.message}\nsends: ${JSON.stringify(states)}\nworker:\n${worker?.output().slice(-3000)}`);
    });

  for (const threshold of killAt) {
    await driveUntil(({ sent, sending }) => sent >= threshold && sending > 0, `${threshold} emails sent`);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 30)));
    worker.child.kill('SIGKILL');
    await worker.exited;
    worker = await startWorker(deadline - Date.now());
    nudge = await enqueue('email.dispatch', {});
  }
  await driveUntil(({ sent }) => sent >= LEADS, 'every email sent');
  worker.child.kill('SIGTERM');
  await worker.exited;

  const sends = await sql<{ idempotencyKey: string; status: string; providerMessageId: string | null; toAddress: string }[]>`
    select idempotency_key as "idempotencyKey", status, provider_message_id as "providerMessageId", to_address as "toAddress"
    from sends where campaign_id = ${campaignId} and step_id = ${FIRST_STEP}`;
  expect(sends, context).toHaveLength(LEADS);
  const statuses: Record<string, number> = {};
  for (const send of sends) statuses[send.status] = (statuses[send.status] ?? 0) + 1;
  expect(statuses, context).toEqual({ sent: LEADS });

  // Counted at the fake, not in our database: each key was taken once, and 2,000 distinct emails went out.
  const acceptedByKey = new Map<string, AcceptedEmail[]>();
  for (const email of fake.accepted) acceptedByKey.set(email.idempotencyKey ?? 'none', [...(acceptedByKey.get(email.idempotencyKey ?? 'none') ?? []), email]);
  expect([...acceptedByKey.entries()].filter(([, emails]) => emails.length > 1).map(([key]) => key), context).toEqual([]);
  expect(fake.accepted.length, context).toBe(LEADS);
  expect(new Set(sends.map((send) => send.idempotencyKey)), context).toEqual(new Set(acceptedByKey.keys()));
  expect(new Set(fake.accepted.map((email) => JSON.stringify(email.body.to))).size, context).toBe(LEADS);
  // Every send names the email the fake took for its key (a retry was answered with the first answer).
  expect(sends.filter((send) => send.providerMessageId !== acceptedByKey.get(send.idempotencyKey)?.[0]?.id), context).toEqual([]);
});
