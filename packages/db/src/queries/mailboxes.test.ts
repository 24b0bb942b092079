import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import { TEST_MAILBOX_SETTINGS, type TestDatabase } from '../testing/index.ts';
import type { SlotWorkerAttempt, SlotWorkerPlan } from '../testing/mailbox-slot-worker.ts';
import { createCampaign } from './campaigns.ts';
import { releaseMailboxSlot, reserveMailboxSlot, reserveMailboxSlots } from './mailbox-slots.ts';
import { createMailbox, getMailbox, listCampaignMailboxes, listMailboxes, setCampaignMailboxes, setMailboxStatus, updateMailbox, type MailboxSettings } from './mailboxes.ts';
import { availableSlug, createWorkspace } from './workspaces.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'mailboxes-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const SETTINGS: MailboxSettings = TEST_MAILBOX_SETTINGS;

let workspaces = 0;
async function mailboxIn(limits: Partial<MailboxSettings> = {}) {
  workspaces += 1;
  const name = `Mailboxes ${workspaces}`;
  const workspace = await createWorkspace(sql, { name, slug: await availableSlug(sql, name) });
  const mailbox = await createMailbox(sql, { ...SETTINGS, ...limits, workspaceId: workspace.id, createdBy: null });
  if (!mailbox) throw new Error('no mailbox');
  return { workspaceId: workspace.id, mailboxId: mailbox.id };
}

const T0 = new Date('2026-03-02T09:00:00Z').getTime();
const at = (ms: number) => new Date(T0 + ms);

describe('mailbox storage', () => {
  it('creates mailboxes with one address per workspace, updates them and lists them with the last day’s usage', async () => {
    const { workspaceId, mailboxId } = await mailboxIn();
    expect(await createMailbox(sql, { ...SETTINGS, workspaceId, createdBy: null })).toBeNull();
    const second = await createMailbox(sql, { ...SETTINGS, fromAddress: 'bo@acme.test', workspaceId, createdBy: null });
    expect(await updateMailbox(sql, workspaceId, second!.id, { ...SETTINGS, fromAddress: 'ann@acme.test' }, null)).toBe('address_taken');
    expect(await updateMailbox(sql, workspaceId, mailboxId, { ...SETTINGS, limitPerDay: 50, sendDays: [0, 6] }, null)).toMatchObject({ limitPerDay: 50, sendDays: [0, 6] });
    await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'recent' });
    await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'old', now: new Date(Date.now() - 2 * 86_400_000) });
    expect((await listMailboxes(sql, workspaceId)).map((mailbox) => [mailbox.fromAddress, mailbox.sentLastDay])).toEqual([
      ['ann@acme.test', 1],
      ['bo@acme.test', 0],
    ]);
  });

  it('pauses with a reason, resumes only from paused, and archiving takes the mailbox out of rotations and the list', async () => {
    const { workspaceId, mailboxId } = await mailboxIn();
    const paused = await setMailboxStatus(sql, workspaceId, mailboxId, { from: ['active'], to: 'paused', reason: 'Too many bounces', by: null });
    expect(paused).toMatchObject({ status: 'paused', pausedReason: 'Too many bounces', pausedAt: expect.any(Date) });
    expect(await setMailboxStatus(sql, workspaceId, mailboxId, { from: ['active'], to: 'paused', by: null })).toBeNull();
    expect(await setMailboxStatus(sql, workspaceId, mailboxId, { from: ['paused'], to: 'active', by: null })).toMatchObject({ status: 'active', pausedReason: null, pausedAt: null });

    const campaign = await createCampaign(sql, { workspaceId, name: 'Rotation', timeZone: 'UTC', target: { queries: ['x'], locations: [], categories: [], pagesPerQuery: 1, sources: ['search'] }, createdBy: null });
    const other = await createMailbox(sql, { ...SETTINGS, fromAddress: 'cy@acme.test', workspaceId, createdBy: null });
    await sql.begin((tx) => setCampaignMailboxes(tx, workspaceId, campaign.id, [other!.id, mailboxId]));
    expect((await listCampaignMailboxes(sql, workspaceId, campaign.id)).map((row) => [row.fromAddress, row.position])).toEqual([
      ['cy@acme.test', 0],
      ['ann@acme.test', 1],
    ]);
    await setMailboxStatus(sql, workspaceId, mailboxId, { from: ['active', 'paused'], to: 'archived', by: null });
    expect((await listCampaignMailboxes(sql, workspaceId, campaign.id)).map((row) => row.fromAddress)).toEqual(['cy@acme.test']);
    expect((await listMailboxes(sql, workspaceId)).map((row) => row.fromAddress)).toEqual(['cy@acme.test']);
    expect(await updateMailbox(sql, workspaceId, mailboxId, SETTINGS, null)).toBeNull();
  });

  it('refuses limits out of order in the database too', async () => {
    await expect(mailboxIn({ limitPerMinute: 6, limitPerHour: 5 })).rejects.toThrow(/check/);
  });

  it('keeps mailboxes inside their workspace', async () => {
    const one = await mailboxIn();
    const two = await mailboxIn();
    expect(await getMailbox(sql, two.workspaceId, one.mailboxId)).toBeNull();
    expect(await updateMailbox(sql, two.workspaceId, one.mailboxId, SETTINGS, null)).toBeNull();
    expect(await setMailboxStatus(sql, two.workspaceId, one.mailboxId, { from: ['active'], to: 'paused', by: null })).toBeNull();
    expect(await reserveMailboxSlot(sql, { workspaceId: two.workspaceId, mailboxId: one.mailboxId, sendKey: 'k' })).toEqual({ reserved: false, reason: 'missing' });
  });
});

describe('mailbox send limiter', () => {
  it('returns the same reservation for the same send key and never takes a second slot', async () => {
    const { workspaceId, mailboxId } = await mailboxIn({ limitPerMinute: 2, limitPerHour: 5, limitPerDay: 20 });
    const first = await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'send-1', now: at(0) });
    expect(first).toMatchObject({ reserved: true, existing: false, reservedAt: at(0) });
    const again = await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'send-1', now: at(5_000) });
    expect(again).toEqual({ reserved: true, existing: true, mailboxId, reservedAt: at(0) });
    const [{ count }] = await sql<[{ count: number }]>`select count(*)::int as count from mailbox_send_slots where mailbox_id = ${mailboxId}`;
    expect(count).toBe(1);
    // Concurrent retries of one send key: still one slot.
    await Promise.all(Array.from({ length: 8 }, () => reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'send-2', now: at(10_000) })));
    const [{ count: after }] = await sql<[{ count: number }]>`select count(*)::int as count from mailbox_send_slots where mailbox_id = ${mailboxId}`;
    expect(after).toBe(2);
  });

  it('gives one send key one slot when two processes reserve it on two mailboxes at once, and tells the later one where it is', async () => {
    const { workspaceId, mailboxId } = await mailboxIn();
    const other = await createMailbox(sql, { ...SETTINGS, fromAddress: 'other@acme.test', workspaceId, createdBy: null });
    let later: ReturnType<typeof reserveMailboxSlot> | undefined;
    await sql.begin(async (tx) => {
      expect(await reserveMailboxSlot(tx, { workspaceId, mailboxId, sendKey: 'raced', now: at(0) })).toMatchObject({ reserved: true, existing: false });
      // The other mailbox's lock is free, so the later reservation gets as far as storing its slot, and waits there on this one.
      later = reserveMailboxSlot(sql, { workspaceId, mailboxId: other!.id, sendKey: 'raced', now: at(0) });
      for (let waited = 0; ; waited += 1) {
        const [{ waiting }] = await sql<[{ waiting: number }]>`
          select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
        if (waiting > 0) break;
        if (waited > 500) throw new Error('the later reservation never waited on the first');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    expect(await later).toEqual({ reserved: true, existing: true, mailboxId, reservedAt: at(0) });
    const [{ count }] = await sql<[{ count: number }]>`select count(*)::int as count from mailbox_send_slots where workspace_id = ${workspaceId} and send_key = 'raced'`;
    expect(count).toBe(1);
  });

  it('refuses when a window is full and says when the earliest window frees up', async () => {
    const { workspaceId, mailboxId } = await mailboxIn({ limitPerMinute: 2, limitPerHour: 3, limitPerDay: 20 });
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'a', now: at(0) })).toMatchObject({ reserved: true });
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'b', now: at(10_000) })).toMatchObject({ reserved: true });
    // The minute holds 2: room again when the older of the two (at 0 s) leaves it, at 60 s.
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'c', now: at(20_000) })).toEqual({ reserved: false, reason: 'limit', retryAt: at(60_000), fullWindows: ['minute'] });
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'c', now: at(60_000) })).toMatchObject({ reserved: true, reservedAt: at(60_000) });
    // The hour holds 3 (0 s, 10 s, 60 s): room when the slot at 0 s leaves the hour.
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'd', now: at(200_000) })).toEqual({ reserved: false, reason: 'limit', retryAt: at(3_600_000), fullWindows: ['hour'] });
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'd', now: at(3_600_000) })).toMatchObject({ reserved: true });
  });

  it('gives no new slot to a paused or archived mailbox or one without a postal address, but still answers a key it holds', async () => {
    const { workspaceId, mailboxId } = await mailboxIn({ limitPerMinute: 5, limitPerHour: 5, limitPerDay: 5 });
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'before-pause', now: at(0) })).toMatchObject({ reserved: true });
    await setMailboxStatus(sql, workspaceId, mailboxId, { from: ['active'], to: 'paused', reason: 'bounces', by: null });
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'after-pause', now: at(1_000) })).toEqual({ reserved: false, reason: 'paused' });
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'before-pause', now: at(1_000) })).toMatchObject({ reserved: true, existing: true });
    await setMailboxStatus(sql, workspaceId, mailboxId, { from: ['paused'], to: 'archived', by: null });
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'after-archive', now: at(2_000) })).toEqual({ reserved: false, reason: 'archived' });
    const noAddress = await mailboxIn({ postalAddress: null });
    expect(await reserveMailboxSlot(sql, { ...noAddress, sendKey: 'no-address', now: at(0) })).toEqual({ reserved: false, reason: 'no_postal_address' });
  });

  it('gives a slot back for a send that failed before reaching the provider', async () => {
    const { workspaceId, mailboxId } = await mailboxIn();
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'x', now: at(0) })).toMatchObject({ reserved: true });
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'y', now: at(1_000) })).toMatchObject({ reserved: false });
    expect(await releaseMailboxSlot(sql, { workspaceId, sendKey: 'x' })).toBe(true);
    expect(await releaseMailboxSlot(sql, { workspaceId, sendKey: 'x' })).toBe(false);
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'y', now: at(1_000) })).toMatchObject({ reserved: true });
  });
});

const WORKER = fileURLToPath(new URL('../testing/mailbox-slot-worker.ts', import.meta.url));

/** Starts one worker process; resolves its `go` once it is connected, and its summary when it ends. */
function startWorker(plan: SlotWorkerPlan) {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(plan)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ready = lines.next().then((line) => {
    if (line.value !== 'ready') throw new Error(`worker did not start: ${stderr}`);
  });
  const done = new Promise<{ reserved: number; refused: number }>((resolve, reject) => {
    child.on('exit', async (code) => {
      const line = await lines.next();
      if (code === 0 && typeof line.value === 'string') resolve(JSON.parse(line.value) as { reserved: number; refused: number });
      else reject(new Error(`worker exited with ${code}: ${stderr}`));
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), done };
}

/** The most slots any window of each length holds: every fullest window ends at a slot. */
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
  .record({ perMinute: fc.integer({ min: 1, max: 3 }), extraHour: fc.integer({ min: 0, max: 4 }), extraDay: fc.integer({ min: 0, max: 8 }) })
  .map(({ perMinute, extraHour, extraDay }) => ({ limitPerMinute: perMinute, limitPerHour: perMinute + extraHour, limitPerDay: perMinute + extraHour + extraDay }));

// Mostly seconds apart, sometimes minutes, now and then hours: every window fills and drains.
const stepArb = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 20_000 }), weight: 6 },
  { arbitrary: fc.integer({ min: 0, max: 15 * 60_000 }), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 5 * 3_600_000 }), weight: 1 },
);
const attemptArb = (loop: string) =>
  fc.record({
    stepMs: stepArb,
    pauseMs: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 }),
    key: fc.oneof({ arbitrary: fc.nat().map((n) => `${loop}-${n}`), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 30 }).map((n) => `shared-${n}`), weight: 1 }),
  });
const loopsArb = (worker: string) => fc.tuple(...[0, 1, 2].map((loop) => fc.array(attemptArb(`${worker}.${loop}`), { minLength: 30, maxLength: 70 })));

describe('mailbox send limiter for a batch of sends', () => {
  it('reserves in order while every window has room, keeps the slots keys already hold, and refuses the rest until the window frees up', async () => {
    const { workspaceId, mailboxId } = await mailboxIn({ limitPerMinute: 3, limitPerHour: 4, limitPerDay: 20 });
    expect(await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'held', now: at(0) })).toMatchObject({ reserved: true });
    const answers = await reserveMailboxSlots(sql, { workspaceId, mailboxId, sendKeys: ['held', 'a', 'b', 'c', 'd'], now: at(10_000) });
    expect(answers.get('held')).toEqual({ reserved: true, existing: true, mailboxId, reservedAt: at(0) });
    expect(answers.get('a')).toEqual({ reserved: true, existing: false, mailboxId, reservedAt: at(10_000) });
    expect(answers.get('b')).toMatchObject({ reserved: true, existing: false });
    // The minute holds 3 (held, a, b): room again when `held` leaves it, at 60 s.
    expect(answers.get('c')).toEqual({ reserved: false, reason: 'limit', retryAt: at(60_000), fullWindows: ['minute'] });
    expect(answers.get('d')).toEqual(answers.get('c'));
    const [{ count }] = await sql<[{ count: number }]>`select count(*)::int as count from mailbox_send_slots where mailbox_id = ${mailboxId}`;
    expect(count).toBe(3);
    // The hour holds 4: one more fits once `held` left the minute, not two; the hour frees up when `held` leaves it.
    const later = await reserveMailboxSlots(sql, { workspaceId, mailboxId, sendKeys: ['c', 'd'], now: at(60_000) });
    expect(later.get('c')).toMatchObject({ reserved: true, existing: false });
    expect(later.get('d')).toEqual({ reserved: false, reason: 'limit', retryAt: at(3_600_000), fullWindows: ['minute', 'hour'] });
  });

  it('gives no new slot to a paused mailbox and answers every key of a missing one', async () => {
    const { workspaceId, mailboxId } = await mailboxIn({ limitPerMinute: 5, limitPerHour: 5, limitPerDay: 5 });
    await reserveMailboxSlot(sql, { workspaceId, mailboxId, sendKey: 'before', now: at(0) });
    await setMailboxStatus(sql, workspaceId, mailboxId, { from: ['active'], to: 'paused', reason: 'bounces', by: null });
    const answers = await reserveMailboxSlots(sql, { workspaceId, mailboxId, sendKeys: ['before', 'after'], now: at(1_000) });
    expect(answers.get('before')).toMatchObject({ reserved: true, existing: true });
    expect(answers.get('after')).toEqual({ reserved: false, reason: 'paused' });
    const missing = await reserveMailboxSlots(sql, { workspaceId, mailboxId: '00000000-0000-4000-8000-000000000000', sendKeys: ['x', 'y'], now: at(0) });
    expect([...missing.values()]).toEqual([{ reserved: false, reason: 'missing' }, { reserved: false, reason: 'missing' }]);
  });
});

describe('mailbox send limiter for a batch of sends, across processes', () => {
  it('gives a key one slot when another process reserves it on another mailbox at the same time, and tells the batch where it is', async () => {
    const { workspaceId, mailboxId } = await mailboxIn();
    const other = await createMailbox(sql, { ...SETTINGS, fromAddress: 'other-batch@acme.test', workspaceId, createdBy: null });
    let later!: ReturnType<typeof reserveMailboxSlots>;
    await sql.begin(async (tx) => {
      expect((await reserveMailboxSlots(tx, { workspaceId, mailboxId, sendKeys: ['raced'], now: at(0) })).get('raced')).toMatchObject({ reserved: true, existing: false });
      // The other mailbox's lock is free, so the batch gets as far as storing its slots, and waits there on this one
      // (its one slot a minute then goes to the next key).
      later = reserveMailboxSlots(sql, { workspaceId, mailboxId: other!.id, sendKeys: ['raced', 'free'], now: at(0) });
      for (let waited = 0; ; waited += 1) {
        const [{ waiting }] = await sql<[{ waiting: number }]>`
          select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
        if (waiting > 0) break;
        if (waited > 500) throw new Error('the later reservation never waited on the first');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    const answers = await later;
    expect(answers.get('raced')).toEqual({ reserved: true, existing: true, mailboxId, reservedAt: at(0) });
    expect(answers.get('free')).toEqual({ reserved: true, existing: false, mailboxId: other!.id, reservedAt: at(0) });
    const [{ count }] = await sql<[{ count: number }]>`select count(*)::int as count from mailbox_send_slots where workspace_id = ${workspaceId} and send_key = 'raced'`;
    expect(count).toBe(1);
  });
});

describe('mailbox send limiter across worker processes', () => {
  it('never lets any minute, hour or day window of a mailbox hold more than its limit, across 2 worker processes and random timings', { timeout: 180_000 }, async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(limitsArb, loopsArb('a'), loopsArb('b'), async (limits, loopsA, loopsB) => {
        runs += 1;
        const { workspaceId, mailboxId } = await mailboxIn(limits);
        const plan = (loops: SlotWorkerAttempt[][]): SlotWorkerPlan => ({ url: database.url, workspaceId, mailboxId, startMs: T0, loops });
        const workers = [startWorker(plan(loopsA)), startWorker(plan(loopsB))];
        await Promise.all(workers.map((worker) => worker.ready));
        for (const worker of workers) worker.go();
        const [a, b] = await Promise.all(workers.map((worker) => worker.done));
        const fullest = await fullestWindows(mailboxId);
        expect(fullest.minute).toBeLessThanOrEqual(limits.limitPerMinute);
        expect(fullest.hour).toBeLessThanOrEqual(limits.limitPerHour);
        expect(fullest.day).toBeLessThanOrEqual(limits.limitPerDay);
        // Slots were taken and some refused: the limits were really contended. (Not "both processes took
        // one": with a limit of 1 a day, whichever process's clock runs ahead can rightly hold every slot.)
        expect(a!.reserved + b!.reserved).toBeGreaterThan(0);
        expect(a!.refused + b!.refused).toBeGreaterThan(0);
        // Each reservation that said "reserved" either took a new slot or found its key's slot.
        expect(fullest.total).toBeLessThanOrEqual(a!.reserved + b!.reserved);
      }),
      { numRuns: 3, endOnFailure: true },
    );
    expect(runs).toBeGreaterThanOrEqual(3);
  });
});
