import { finishDiscoveryTask, claimDiscoveryTask, listAudit, type EnqueueOptions, type JobEnqueue, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestMember } from '../../../../../tests/accounts.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let acme: TestWorkspace;
let sql: Sql;
let operator: TestMember;
let jobs: { queue: string; payload: { workspaceId: string; runId: string; taskId: string }; options: EnqueueOptions | undefined }[];

const recordingEnqueue: JobEnqueue = async (queue, payload, options) => {
  jobs.push({ queue, payload: payload as (typeof jobs)[number]['payload'], options });
  return `job-${jobs.length}`;
};

beforeAll(async () => {
  acme = await openTestWorkspace('discovery-test');
  ({ sql, operator } = acme);
});

beforeEach(() => {
  jobs = [];
});

afterAll(() => acme.close());

const caller = () => callerAs(sql, operator, 'operator', { enqueue: recordingEnqueue });

async function campaign(name: string, target: { queries: string[]; locations?: string[]; pagesPerQuery?: number; sources?: ('search' | 'places')[] }) {
  return caller().campaigns.create({ name, timeZone: 'America/Chicago', target });
}

async function taskInputs(runId: string) {
  return sql<{ kind: string; input: Record<string, unknown>; status: string }[]>`
    select kind, input, status from discovery_tasks where run_id = ${runId} order by kind, dedupe_key`;
}

describe('discovery.start', () => {
  it('plans query × location × page searches and query × location listings, queues one job per task and audits it', async () => {
    const { id } = await campaign('Plumbers', { queries: ['plumber', 'Plumber'], locations: ['Austin', 'Dallas'], pagesPerQuery: 2 });
    const started = await caller().discovery.start({ campaignId: id });
    // "plumber" and "Plumber" are one query: 1 × 2 locations × 2 pages + 1 × 2 locations.
    expect(started.tasks).toBe(6);
    const tasks = await taskInputs(started.runId);
    expect(tasks.filter((task) => task.kind === 'search').map((task) => task.input)).toEqual([
      { query: 'plumber', location: 'Austin', page: 1 },
      { query: 'plumber', location: 'Austin', page: 2 },
      { query: 'plumber', location: 'Dallas', page: 1 },
      { query: 'plumber', location: 'Dallas', page: 2 },
    ]);
    expect(tasks.filter((task) => task.kind === 'places').map((task) => task.input)).toEqual([
      { query: 'plumber', location: 'Austin' },
      { query: 'plumber', location: 'Dallas' },
    ]);
    expect(jobs.map((job) => job.queue).sort()).toEqual([...Array(4).fill('discovery.search'), ...Array(2).fill('discovery.places')].sort());
    expect(new Set(jobs.map((job) => job.payload.runId))).toEqual(new Set([started.runId]));
    expect(new Set(jobs.map((job) => job.payload.taskId)).size).toBe(6);

    const progress = await caller().discovery.progress({ runId: started.runId });
    expect(progress).toMatchObject({ status: 'running', total: 6, pending: 6, done: 0, failed: 0, leadsFound: 0 });
    const [entry] = await listAudit(sql, { workspaceId: operator.workspaceId, action: 'discovery.start', limit: 1 });
    expect(entry).toMatchObject({ targetId: started.runId, summary: { campaign: 'Plumbers', total: 6, search: 4, places: 2 } });
  });

  it('searches anywhere when the target names no location, and only the sources chosen', async () => {
    const { id } = await campaign('Anywhere', { queries: ['bakery'], sources: ['search'] });
    const started = await caller().discovery.start({ campaignId: id });
    expect(await taskInputs(started.runId)).toEqual([{ kind: 'search', input: { query: 'bakery', location: null, page: 1 }, status: 'pending' }]);
  });

  it('refuses a second run while one is running, and a campaign that is archived', async () => {
    const { id } = await campaign('Busy', { queries: ['roofer'] });
    await caller().discovery.start({ campaignId: id });
    await expect(caller().discovery.start({ campaignId: id })).rejects.toMatchObject({ code: 'CONFLICT' });
    const archived = await campaign('Old', { queries: ['roofer'] });
    await caller().campaigns.setStatus({ id: archived.id, event: 'archive' });
    await expect(caller().discovery.start({ campaignId: archived.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('starts nothing for a paused campaign until it is activated again', async () => {
    const { id } = await campaign('On hold', { queries: ['roofer'] });
    await caller().campaigns.setStatus({ id, event: 'activate' });
    await caller().campaigns.setStatus({ id, event: 'pause' });
    await expect(caller().discovery.start({ campaignId: id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This campaign is paused: activate it again to discover leads for it.',
    });
    // (Activating wakes the call scheduler, which places the campaign's queued calls; no discovery task was queued.)
    expect(jobs.filter((job) => job.queue !== 'calls.tick')).toEqual([]);
    await caller().campaigns.setStatus({ id, event: 'activate' });
    expect((await caller().discovery.start({ campaignId: id })).tasks).toBe(2);
  });
});

describe('discovery.pause and resume', () => {
  it('pauses a run, and on resume queues again every task not finished, a quota wait to start when its window opens', async () => {
    const { id } = await campaign('Pausable', { queries: ['dentist'], locations: ['Austin'], pagesPerQuery: 2, sources: ['search'] });
    const { runId } = await caller().discovery.start({ campaignId: id });
    const [first, second] = jobs.map((job) => job.payload.taskId);
    // One page is done, the other hit the daily quota and waits for tomorrow.
    await claimDiscoveryTask(sql, operator.workspaceId, first!);
    await finishDiscoveryTask(sql, operator.workspaceId, first!, { status: 'done', results: 10 });
    const reset = new Date(Date.now() + 6 * 60 * 60 * 1000);
    await claimDiscoveryTask(sql, operator.workspaceId, second!);
    await finishDiscoveryTask(sql, operator.workspaceId, second!, { status: 'waiting_quota', reason: 'daily quota used up', notBefore: reset });

    expect(await caller().discovery.pause({ runId })).toEqual({ runId, status: 'paused' });
    await expect(caller().discovery.pause({ runId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const paused = await caller().discovery.progress({ runId });
    expect(paused).toMatchObject({ status: 'paused', done: 1, waitingQuota: 1, nextRetryAt: reset.toISOString() });

    jobs = [];
    expect(await caller().discovery.resume({ runId })).toMatchObject({ status: 'running', tasks: 1 });
    expect(jobs).toEqual([{ queue: 'discovery.search', payload: { workspaceId: operator.workspaceId, runId, taskId: second }, options: { startAfter: reset } }]);
    await expect(caller().discovery.resume({ runId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const entries = await listAudit(sql, { workspaceId: operator.workspaceId, limit: 50 });
    const actions = entries.filter((entry) => entry.targetId === runId).map((entry) => entry.action);
    expect(actions).toEqual(['discovery.resume', 'discovery.pause', 'discovery.start']);
  });

  it('cancels a paused run when a new one starts, so its tasks do not wait forever', async () => {
    const { id } = await campaign('Restarted', { queries: ['florist'], sources: ['places'] });
    const first = await caller().discovery.start({ campaignId: id });
    await caller().discovery.pause({ runId: first.runId });
    const second = await caller().discovery.start({ campaignId: id });
    const runs = await caller().discovery.runs({ campaignId: id });
    expect(runs.map((run) => [run.id, run.status])).toEqual([
      [second.runId, 'running'],
      [first.runId, 'cancelled'],
    ]);
  });
});
