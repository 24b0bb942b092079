import { randomUUID } from 'node:crypto';
import { JOB_COUNT_EXACT_MAX, JOB_ERROR_MAX_CHARS, JOB_WINDOW_HOURS, visibleQueues, type QueueName } from '@switchboard/core/jobs';
import type { Role } from '@switchboard/core';
import { claimInstanceOwnership, countJobsByState, createBoss, createJobControl, createSql, listAudit, storeJobCounts, type PgBoss, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createCaller } from '../../root.ts';
import { testContext } from '../../testing/context.ts';

let database: TestDatabase;
let sql: Sql;
let boss: PgBoss;
type Who = { user: { id: string; email: string; role: Role }; workspace: { id: string; name: string; slug: string } };
const people: Record<'owner' | 'adminA' | 'operatorA' | 'adminB', Who> = {} as never;

const ownerVisibility = () => {
  const queues = visibleQueues(true);
  return { workspaceId: people.owner.workspace.id, workspaceQueues: queues.workspace, installationQueues: queues.installation, windowHours: JOB_WINDOW_HOURS };
};
const callerFor = (who: Who) => createCaller(testContext(sql, { ...who, jobs: createJobControl(boss) }));

/** A job on `queue` that has failed for good with `error`. */
async function failedJob(queue: QueueName, payload: object, error: string): Promise<string> {
  // Ahead of any job other tests left queued, so the fetch below takes this one.
  const id = await boss.send(queue, payload, { retryLimit: 0, priority: 100 });
  const [fetched] = await boss.fetch(queue, { batchSize: 1 });
  expect(fetched?.id).toBe(id);
  await boss.fail(queue, id!, { error, stack: 'at internal/secret-path.ts:1' });
  return id!;
}

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'api-jobs-test' });
  boss = createBoss(database.url, 'producer');
  await boss.start();
  for (const queue of ['leads.import', 'discovery.search', 'email.webhook', 'auth.send-link', 'outreach.tick'] as const) await boss.createQueue(queue);
  const member = async (email: string, role: Role, workspaceId?: string) => {
    const created = await createMember(sql, { email, role, ...(workspaceId ? { workspaceId } : { workspaceName: email.split('@')[1]! }) });
    return { userId: created.userId, who: { user: { id: created.userId, email, role }, workspace: { id: created.workspaceId, name: 'W', slug: 'w' } } };
  };
  const adminA = await member('admin@a.test', 'admin');
  people.adminA = adminA.who;
  people.operatorA = (await member('operator@a.test', 'operator', adminA.who.workspace.id)).who;
  people.adminB = (await member('admin@b.test', 'admin')).who;
  const owner = await member('owner@a.test', 'admin', adminA.who.workspace.id);
  await claimInstanceOwnership(sql, owner.userId, true);
  people.owner = owner.who;
});

afterAll(async () => {
  await boss.stop();
  await sql.end();
  await database.drop();
});

describe('jobs', () => {
  it("lists a workspace admin's own jobs only, with ids from the payload and never the payload itself", async () => {
    const importA = randomUUID();
    const jobA = await boss.send('leads.import', { workspaceId: people.adminA.workspace.id, importId: importA, apiKey: 're_secret_key' });
    const jobB = await boss.send('leads.import', { workspaceId: people.adminB.workspace.id, importId: randomUUID() });
    const system = await boss.send('outreach.tick', {});
    const { jobs } = await callerFor(people.adminA).jobs.list({});
    const ids = jobs.map((job) => job.id);
    expect(ids).toContain(jobA);
    expect(ids).not.toContain(jobB);
    expect(ids).not.toContain(system);
    expect(jobs.find((job) => job.id === jobA)).toMatchObject({ queue: 'leads.import', state: 'created', summary: { importId: importA }, error: null });
    expect(JSON.stringify(jobs)).not.toContain('re_secret_key');
    expect((await callerFor(people.adminB).jobs.list({})).jobs.map((job) => job.id)).toEqual([jobB]);
  });

  it('shows jobs without a workspace, and the schedules, to instance owners only', async () => {
    const system = await boss.send('outreach.tick', {});
    await boss.schedule('outreach.tick', '*/5 * * * *', {}, { tz: 'UTC' });
    expect((await callerFor(people.owner).jobs.list({ queue: 'outreach.tick' })).jobs.map((job) => job.id)).toContain(system);
    const ownerView = await callerFor(people.owner).jobs.overview();
    expect(ownerView.installationJobs).toBe(true);
    expect(ownerView.schedules).toContainEqual(expect.objectContaining({ queue: 'outreach.tick', cron: '*/5 * * * *', timezone: 'UTC' }));
    expect(ownerView.queues.find((queue) => queue.queue === 'outreach.tick')?.counts.created).toBeGreaterThanOrEqual(1);

    const adminView = await callerFor(people.adminA).jobs.overview();
    expect(adminView.installationJobs).toBe(false);
    expect(adminView.schedules).toEqual([]);
    expect(adminView.queues.map((queue) => queue.queue)).not.toContain('outreach.tick');
    await expect(callerFor(people.adminA).jobs.list({ queue: 'outreach.tick' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('counts jobs per queue and state within the window', async () => {
    const before = await callerFor(people.adminB).jobs.overview();
    await failedJob('discovery.search', { workspaceId: people.adminB.workspace.id, runId: randomUUID(), taskId: randomUUID() }, 'search failed');
    const after = await callerFor(people.adminB).jobs.overview();
    const failed = (view: typeof before) => view.queues.find((queue) => queue.queue === 'discovery.search')!.counts.failed;
    expect(failed(after)).toBe(failed(before) + 1);
    // Workspace A's counts do not move for B's job.
    expect(failed(await callerFor(people.adminA).jobs.overview())).toBe(0);
  });

  it("shows a failed job's error cut to a bounded length, never its stack", async () => {
    const id = await failedJob('leads.import', { workspaceId: people.adminA.workspace.id, importId: randomUUID() }, `file unreadable ${'x'.repeat(2_000)}`);
    const { jobs } = await callerFor(people.adminA).jobs.list({ queue: 'leads.import', state: 'failed' });
    const job = jobs.find((entry) => entry.id === id)!;
    expect(job).toMatchObject({ state: 'failed', retryCount: 0, retryLimit: 0, retryable: true });
    expect(job.error).toMatch(/^file unreadable x+…$/);
    expect(job.error!.length).toBe(JOB_ERROR_MAX_CHARS);
    expect(JSON.stringify(jobs)).not.toContain('secret-path');
    expect(jobs.every((entry) => entry.state === 'failed')).toBe(true);
  });

  it('pages newest first without repeating or skipping a job', async () => {
    const sent: string[] = [];
    for (let index = 0; index < 5; index++) sent.push((await boss.send('leads.import', { workspaceId: people.adminB.workspace.id, importId: randomUUID() }))!);
    const seen: string[] = [];
    let before: string | undefined;
    do {
      const page = await callerFor(people.adminB).jobs.list({ queue: 'leads.import', limit: 2, ...(before ? { before } : {}) });
      seen.push(...page.jobs.map((job) => job.id));
      before = page.nextCursor ?? undefined;
    } while (before);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 5)).toEqual([...sent].reverse());
  });

  it('lets an admin retry a failed job, which runs again, and records it in the audit log', async () => {
    const id = await failedJob('leads.import', { workspaceId: people.adminA.workspace.id, importId: randomUUID() }, 'database restarted');
    expect(await callerFor(people.adminA).jobs.retry({ queue: 'leads.import', id })).toEqual({ queue: 'leads.import', id, state: 'retry' });
    const [again] = await boss.fetch('leads.import', { batchSize: 1 });
    expect(again?.id).toBe(id);
    await boss.complete('leads.import', id);
    const audit = await listAudit(sql, { workspaceId: people.adminA.workspace.id, limit: 10 });
    expect(audit).toContainEqual(expect.objectContaining({ action: 'job.retry', targetId: id, actorUserId: people.adminA.user.id }));
  });

  it('refuses to retry a job that is not failed, or whose queue is not retried by hand', async () => {
    const queued = (await boss.send('leads.import', { workspaceId: people.adminA.workspace.id, importId: randomUUID() }))!;
    await expect(callerFor(people.adminA).jobs.retry({ queue: 'leads.import', id: queued })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Only a failed job can be retried; this one is created.',
    });
    const link = await failedJob('auth.send-link', { email: 'someone@a.test', purpose: 'sign_in' }, 'smtp down');
    await expect(callerFor(people.owner).jobs.retry({ queue: 'auth.send-link', id: link })).rejects.toMatchObject({ code: 'CONFLICT', message: /ask again/ });
    // The link job's recipient never reaches the list, and the page offers no retry for it.
    const links = (await callerFor(people.owner).jobs.list({ queue: 'auth.send-link' })).jobs;
    expect(links.find((job) => job.id === link)).toMatchObject({ state: 'failed', retryable: false, error: 'smtp down', summary: {} });
    expect(JSON.stringify(links)).not.toContain('someone@a.test');
  });

  it("never retries another workspace's job or a system job for a workspace admin: it reads as not found", async () => {
    const jobB = await failedJob('leads.import', { workspaceId: people.adminB.workspace.id, importId: randomUUID() }, 'boom');
    const system = await failedJob('email.webhook', { eventId: randomUUID() }, 'boom');
    await expect(callerFor(people.adminA).jobs.retry({ queue: 'leads.import', id: jobB })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerFor(people.adminA).jobs.retry({ queue: 'email.webhook', id: system })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Not even the instance owner retries another workspace's job.
    await expect(callerFor(people.owner).jobs.retry({ queue: 'leads.import', id: jobB })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await boss.findJobs('leads.import', { id: jobB }))[0]?.state).toBe('failed');
    // The owner may retry the installation's own job.
    expect(await callerFor(people.owner).jobs.retry({ queue: 'email.webhook', id: system })).toMatchObject({ state: 'retry' });
  });

  it("finds one job the caller may see by queue and id, without its payload; another workspace's reads as not found", async () => {
    const jobA = (await boss.send('leads.import', { workspaceId: people.adminA.workspace.id, importId: randomUUID(), apiKey: 're_secret_key' }))!;
    const jobB = (await boss.send('leads.import', { workspaceId: people.adminB.workspace.id, importId: randomUUID() }))!;
    const found = await callerFor(people.adminA).jobs.get({ queue: 'leads.import', id: jobA });
    expect(found).toEqual({ queue: 'leads.import', id: jobA, state: 'created' });
    await expect(callerFor(people.adminA).jobs.get({ queue: 'leads.import', id: jobB })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerFor(people.adminA).jobs.get({ queue: 'discovery.search', id: jobA })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerFor(people.adminA).jobs.get({ queue: 'leads.import', id: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerFor(people.operatorA).jobs.get({ queue: 'leads.import', id: jobA })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("shows a workspace admin the webhook jobs attributed to their workspace, and the instance owner every webhook job", async () => {
    // The job an earlier test retried would be fetched first.
    for (const left of await boss.fetch('email.webhook', { batchSize: 100 })) await boss.complete('email.webhook', left.id);
    const jobA = await failedJob('email.webhook', { eventId: randomUUID(), workspaceId: people.adminA.workspace.id }, 'send not found yet');
    const jobB = (await boss.send('email.webhook', { eventId: randomUUID(), workspaceId: people.adminB.workspace.id }))!;
    const unattributed = (await boss.send('email.webhook', { eventId: randomUUID() }))!;
    const seenBy = async (who: Who) => (await callerFor(who).jobs.list({ queue: 'email.webhook' })).jobs.map((job) => job.id);
    const adminA = await seenBy(people.adminA);
    expect(adminA).toContain(jobA);
    expect(adminA).not.toContain(jobB);
    expect(adminA).not.toContain(unattributed);
    expect(await seenBy(people.owner)).toEqual(expect.arrayContaining([jobA, jobB, unattributed]));
    // Unfiltered too, and counted on the admin's page.
    expect((await callerFor(people.adminA).jobs.list({})).jobs.map((job) => job.id)).toContain(jobA);
    const overview = await callerFor(people.adminA).jobs.overview();
    expect(overview.queues.find((queue) => queue.queue === 'email.webhook')).toMatchObject({ scope: 'workspace', counts: { failed: 1 } });
    expect(overview.countedAt).toBeNull();
    // The admin may retry their workspace's webhook job (recorded in its audit log), never another's.
    await expect(callerFor(people.adminA).jobs.retry({ queue: 'email.webhook', id: jobB })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await callerFor(people.adminA).jobs.retry({ queue: 'email.webhook', id: jobA })).toMatchObject({ state: 'retry' });
    const audit = await listAudit(sql, { workspaceId: people.adminA.workspace.id, limit: 10 });
    expect(audit).toContainEqual(expect.objectContaining({ action: 'job.retry', targetId: jobA }));
  });

  it('is for admins only', async () => {
    await expect(callerFor(people.operatorA).jobs.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(people.operatorA).jobs.overview()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerFor(people.operatorA).jobs.retry({ queue: 'leads.import', id: randomUUID() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers malformed input with a 400 and a message', async () => {
    const caller = callerFor(people.adminA);
    await expect(caller.jobs.list({ queue: 'no.such-queue' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /queue/i });
    await expect(caller.jobs.list({ state: 'exploded' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /State is one of/ });
    await expect(caller.jobs.list({ before: "2026-01-01'; drop table" })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /page link/ });
    await expect(caller.jobs.list({ limit: 10_000 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.jobs.retry({ queue: 'leads.import', id: 'not-a-uuid' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /UUID/ });
    await expect(caller.jobs.get({ queue: 'leads.import', id: 'Job done. Call +1 555 0100' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /UUID/ });
  });

  it('shows the stored counts, with their time, once the window holds more jobs than are quick to count', async () => {
    // As pg-boss stores finished jobs; more than JOB_COUNT_EXACT_MAX of them.
    await sql`
      insert into pgboss.job (name, data, state, started_on, completed_on)
      select 'outreach.tick', '{}'::jsonb, 'completed', now(), now() from generate_series(1, ${JOB_COUNT_EXACT_MAX + 1})`;
    expect((await callerFor(people.owner).jobs.overview()).countedAt).toBeNull();
    await storeJobCounts(sql, JOB_WINDOW_HOURS);
    const live = await countJobsByState(sql, ownerVisibility());
    const owner = await callerFor(people.owner).jobs.overview();
    expect(owner.countedAt).not.toBeNull();
    expect(owner.queues.find((queue) => queue.queue === 'outreach.tick')?.counts.completed).toBe(live.find((row) => row.queue === 'outreach.tick' && row.state === 'completed')?.count);
    // A job queued since is not in them until the next store.
    await boss.send('outreach.tick', {});
    const created = (await callerFor(people.owner).jobs.overview()).queues.find((queue) => queue.queue === 'outreach.tick')!.counts.created;
    expect(created).toBe(live.find((row) => row.queue === 'outreach.tick' && row.state === 'created')?.count ?? 0);
    const admin = await callerFor(people.adminB).jobs.overview();
    expect(admin.countedAt).toBe(owner.countedAt);
    expect(admin.queues.map((queue) => queue.queue)).not.toContain('outreach.tick');
  });
});
