import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { defaultSequence } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import {
  createCampaign,
  createMailbox,
  createSql,
  enrolApprovedLeads,
  mergeLeadCandidates,
  setCampaignMailboxes,
  setCampaignSequence,
  setCampaignStatus,
  transitionLeads,
  type Sql,
} from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { startResendFake, type ResendFake } from '@switchboard/provider-fakes';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import type { DispatchWorkerAttempt, DispatchWorkerPlan } from './dispatch-worker.testing.ts';
import { scheduleDueEnrolments } from './schedule-enrolments.ts';

let database: TestDatabase;
let sql: Sql;
let operator: TestMember;
let fake: ResendFake;
const log = createLogger({ name: 'dispatch-limits-test', level: 'silent', format: 'json' });
const WORKER = fileURLToPath(new URL('./dispatch-worker.testing.ts', import.meta.url));
const UNSUBSCRIBE_KEY_HEX = 'ab'.repeat(32);
// A Monday morning; the simulated clocks start here and stay within the day that follows.
const T0 = new Date('2026-11-30T15:00:00Z').getTime();
const MAILBOXES = 2;
const LEADS = 16;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'dispatch-limits-test' });
  operator = await createMember(sql, { email: 'operator@limits.test', role: 'operator' });
  fake = await startResendFake();
});

afterAll(async () => {
  await fake?.close();
  await sql?.end();
  await database?.drop();
});

interface Limits {
  limitPerMinute: number;
  limitPerHour: number;
  limitPerDay: number;
}

let campaigns = 0;
/** An active campaign with `MAILBOXES` Resend mailboxes at `limits` and a first email planned for each of `LEADS` leads, due at T0. */
async function plannedCampaign(limits: Limits) {
  campaigns += 1;
  const { workspaceId, userId } = operator;
  const name = `Limits ${campaigns}`;
  const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  const campaign = await createCampaign(sql, { workspaceId, name, timeZone: 'America/Chicago', target, createdBy: userId });
  const mailboxIds: string[] = [];
  for (let index = 0; index < MAILBOXES; index += 1) {
    const mailbox = await createMailbox(sql, {
      workspaceId, createdBy: userId, fromName: `Sender ${index}`, fromAddress: `sender${index}@limits-${campaigns}.example`, provider: 'resend',
      ...limits, signature: 'Ann', postalAddress: '1 Main St, Austin TX', sendDays: [0, 1, 2, 3, 4, 5, 6], sendStartMinute: 0, sendEndMinute: 1440,
    });
    mailboxIds.push(mailbox!.id);
  }
  await setCampaignMailboxes(sql, workspaceId, campaign.id, mailboxIds);
  const candidates = Array.from({ length: LEADS }, (_, index) => ({
    name: `${name} ${index}`, city: 'Austin', region: 'Texas', country: 'US',
    contacts: [{ email: `owner${index}@limits-${campaigns}-lead.example`, name: 'Maria Lopez' }],
    source: { kind: 'search' as const, ref: `https://limits-${campaigns}-${index}.example/`, evidence: {} },
  }));
  const ids = (await mergeLeadCandidates(sql, { workspaceId, campaignId: campaign.id, candidates })).leads.map((lead) => lead.leadId);
  for (const event of ['queue_for_review', 'approve'] as const) await transitionLeads(sql, { workspaceId, event, target: { ids }, changedBy: userId });
  const sequence = defaultSequence();
  sequence.steps[0] = { ...sequence.steps[0]!, aiPersonalise: false } as (typeof sequence.steps)[number];
  await setCampaignSequence(sql, { workspaceId, campaignId: campaign.id, sequence, by: userId });
  await setCampaignStatus(sql, workspaceId, campaign.id, { from: ['draft'], to: 'active', by: userId });
  await enrolApprovedLeads(sql, { workspaceId, campaignId: campaign.id, enrolledBy: userId, firstStepId: sequence.steps[0]!.id, startAt: new Date(T0) });
  const { sendIds } = await scheduleDueEnrolments({ sql, log }, { now: new Date(T0), messageIdDomain: 'switchboard.example' });
  expect(sendIds).toHaveLength(LEADS);
  return { campaignId: campaign.id, mailboxIds };
}

/** Starts one dispatcher process; resolves `ready` once it is connected, and `done` with its outcomes when it ends. */
function startDispatcher(plan: DispatchWorkerPlan) {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', PATH: process.env.PATH, HOME: process.env.HOME, RESEND_API_KEY: fake.apiKey, RESEND_BASE_URL: fake.baseUrl };
  const child = spawn(process.execPath, [WORKER, JSON.stringify(plan)], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ready = lines.next().then((line) => {
    if (line.value !== 'ready') throw new Error(`dispatcher did not start: ${stderr}`);
  });
  const done = new Promise<Record<string, number>>((resolve, reject) => {
    child.on('exit', async (code) => {
      const line = await lines.next();
      if (code === 0 && typeof line.value === 'string') resolve(JSON.parse(line.value) as Record<string, number>);
      else reject(new Error(`dispatcher exited with ${code}: ${stderr}`));
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), done };
}

/** The most slots any window of each length held on a mailbox: every fullest window ends at a slot. */
async function fullestWindows(mailboxId: string) {
  const [row] = await sql<[{ minute: number; hour: number; day: number; total: number }]>`
    select
      coalesce(max((select count(*) from mailbox_send_slots t where t.mailbox_id = s.mailbox_id and t.reserved_at > s.reserved_at - interval '1 minute' and t.reserved_at <= s.reserved_at)), 0)::int as minute,
      coalesce(max((select count(*) from mailbox_send_slots t where t.mailbox_id = s.mailbox_id and t.reserved_at > s.reserved_at - interval '1 hour' and t.reserved_at <= s.reserved_at)), 0)::int as hour,
      coalesce(max((select count(*) from mailbox_send_slots t where t.mailbox_id = s.mailbox_id and t.reserved_at > s.reserved_at - interval '1 day' and t.reserved_at <= s.reserved_at)), 0)::int as day,
      count(*)::int as total
    from mailbox_send_slots s where s.mailbox_id = ${mailboxId}`;
  return row;
}

const limitsArb = fc
  .record({ perMinute: fc.integer({ min: 1, max: 2 }), extraHour: fc.integer({ min: 0, max: 2 }), extraDay: fc.integer({ min: 0, max: 2 }) })
  .map(({ perMinute, extraHour, extraDay }): Limits => ({ limitPerMinute: perMinute, limitPerHour: perMinute + extraHour, limitPerDay: perMinute + extraHour + extraDay }));
// Seconds apart mostly, sometimes many minutes: minute and hour windows fill and drain; 30 steps of at
// most 20 min keep each clock within 10 h of T0, so the day's limit holds for the whole run.
const stepArb = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 30_000 }), weight: 6 }, { arbitrary: fc.integer({ min: 0, max: 20 * 60_000 }), weight: 2 });
const attemptArb: fc.Arbitrary<DispatchWorkerAttempt> = fc.record({
  stepMs: stepArb,
  pauseMs: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 1 }),
});
const loopsArb = fc.tuple(...[0, 1].map(() => fc.array(attemptArb, { minLength: 10, maxLength: 30 })));

it('never sends more from a mailbox than any of its minute, hour and day limits allow, across 2 dispatcher processes and random timings', { timeout: 180_000 }, async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(limitsArb, loopsArb, loopsArb, async (limits, loopsA, loopsB) => {
      runs += 1;
      const { campaignId, mailboxIds } = await plannedCampaign(limits);
      const plan = (loops: DispatchWorkerAttempt[][]): DispatchWorkerPlan => ({ url: database.url, unsubscribeKeyHex: UNSUBSCRIBE_KEY_HEX, startMs: T0, loops });
      const dispatchers = [startDispatcher(plan(loopsA)), startDispatcher(plan(loopsB))];
      await Promise.all(dispatchers.map((dispatcher) => dispatcher.ready));
      for (const dispatcher of dispatchers) dispatcher.go();
      await Promise.all(dispatchers.map((dispatcher) => dispatcher.done));
      // Later runs start their clocks at T0 again: this campaign's waiting sends must not go then.
      await setCampaignStatus(sql, operator.workspaceId, campaignId, { from: ['active'], to: 'paused', by: operator.userId });

      // What the database recorded: no window of any mailbox held more slots than its limit.
      for (const mailboxId of mailboxIds) {
        const fullest = await fullestWindows(mailboxId);
        expect(fullest.minute).toBeLessThanOrEqual(limits.limitPerMinute);
        expect(fullest.hour).toBeLessThanOrEqual(limits.limitPerHour);
        expect(fullest.day).toBeLessThanOrEqual(limits.limitPerDay);
      }

      // What reached Resend: each email once, from the mailbox whose slot it took, and no mailbox over its
      // day's limit (the whole run is within one day of T0).
      const sends = await sql<{ id: string; idempotencyKey: string; status: string; mailboxId: string | null; fromAddress: string | null; slotMailboxId: string | null }[]>`
        select s.id, s.idempotency_key as "idempotencyKey", s.status, s.mailbox_id as "mailboxId", m.from_address as "fromAddress",
               (select ms.mailbox_id from mailbox_send_slots ms where ms.workspace_id = s.workspace_id and ms.send_key = s.idempotency_key) as "slotMailboxId"
        from sends s left join mailboxes m on m.id = s.mailbox_id where s.campaign_id = ${campaignId}`;
      const keys = new Set(sends.map((send) => send.idempotencyKey));
      const accepted = fake.accepted.filter((email) => email.idempotencyKey !== null && keys.has(email.idempotencyKey));
      expect(new Set(accepted.map((email) => email.idempotencyKey)).size).toBe(accepted.length);
      const sent = sends.filter((send) => send.status === 'sent');
      expect(sent.length).toBe(accepted.length);
      for (const send of sent) {
        expect(send.slotMailboxId).toBe(send.mailboxId);
        const email = accepted.find((candidate) => candidate.idempotencyKey === send.idempotencyKey);
        expect(email?.body.from).toBe(`Sender ${mailboxIds.indexOf(send.mailboxId!)} <${send.fromAddress}>`);
      }
      for (const [index, mailboxId] of mailboxIds.entries()) {
        const fromMailbox = accepted.filter((email) => email.body.from === `Sender ${index} <sender${index}@limits-${campaigns}.example>`);
        expect(fromMailbox.length).toBeLessThanOrEqual(limits.limitPerDay);
        expect(fromMailbox.length).toBe(sent.filter((send) => send.mailboxId === mailboxId).length);
      }
      // More emails than the limits let go: some went, the rest wait for room.
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.length).toBeLessThan(LEADS);
      expect(sends.filter((send) => send.status !== 'sent' && send.status !== 'queued')).toEqual([]);
    }),
    { numRuns: 3, endOnFailure: true },
  );
  expect(runs).toBeGreaterThanOrEqual(3);
});
