import { Conflict } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import type { TestDatabase } from '../testing/index.ts';
import { createCampaign } from './campaigns.ts';
import {
  addDiscoveryTasks,
  claimDiscoveryTask,
  createDiscoveryRun,
  discoveryProgress,
  finishDiscoveryTask,
  getDiscoveryRun,
  getDiscoveryTask,
  listDiscoveryRuns,
  resumableTasks,
  saveSearchResults,
  setDiscoveryRunStatus,
} from './discovery-runs.ts';
import { mergeLeadCandidates } from './lead-merge/index.ts';
import { getLead } from './leads.ts';
import { markUsageExhausted, reserveUsage, usageFor } from './usage-windows.ts';
import { availableSlug, createWorkspace } from './workspaces.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'discovery-runs-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

async function setUp(name: string) {
  const workspace = await createWorkspace(sql, { name, slug: await availableSlug(sql, name) });
  const campaign = await createCampaign(sql, {
    workspaceId: workspace.id,
    name,
    timeZone: 'UTC',
    target: { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search', 'places'] },
    createdBy: null,
  });
  return { workspaceId: workspace.id, campaignId: campaign.id };
}

const searchTask = (page: number) => ({ kind: 'search' as const, input: { query: 'plumber', location: 'Austin', page }, dedupeKey: `plumber|austin|${page}` });

describe('discovery runs', () => {
  it('runs tasks to the end: claim, finish with counts, and the run completes itself', async () => {
    const { workspaceId, campaignId } = await setUp('Run lifecycle');
    const { run, taskIds } = await createDiscoveryRun(sql, {
      workspaceId,
      campaignId,
      startedBy: null,
      tasks: [searchTask(1), { kind: 'places', input: { query: 'plumber', location: 'Austin' }, dedupeKey: 'plumber|austin' }, searchTask(1)],
    });
    expect(run).toMatchObject({ status: 'running', campaignId, leadsFound: 0 });
    expect(taskIds).toHaveLength(3);
    expect(taskIds[2]).toBe(taskIds[0]);
    const [searchId, placesId] = taskIds as [string, string];

    const claimed = await claimDiscoveryTask(sql, workspaceId, searchId, 'job-1');
    expect(claimed).toMatchObject({ runStatus: 'running', run: { id: run.id, campaignId }, task: { id: searchId, status: 'running', attempts: 1, kind: 'search', input: { query: 'plumber', location: 'Austin', page: 1 } } });
    // Another job may not take a task that is being worked on; a retry of the same job may.
    expect(await claimDiscoveryTask(sql, workspaceId, searchId, 'job-2')).toBeNull();
    expect((await claimDiscoveryTask(sql, workspaceId, searchId, 'job-1'))?.task.attempts).toBe(2);

    await saveSearchResults(sql, { workspaceId, taskId: searchId, results: [{ url: 'https://a.example.com', title: 'A', snippet: 'a' }, { url: 'https://b.example.com', title: 'B', snippet: null }] });
    expect(await saveSearchResults(sql, { workspaceId, taskId: searchId, results: [{ url: 'https://a.example.com', title: 'A', snippet: 'a' }] })).toBe(0);

    const scrapeTasks = [{ kind: 'scrape' as const, input: { url: 'https://a.example.com' }, dedupeKey: 'a.example.com' }];
    const added = await addDiscoveryTasks(sql, { workspaceId, runId: run.id, tasks: scrapeTasks });
    expect(added).toHaveLength(1);
    expect(await addDiscoveryTasks(sql, { workspaceId, runId: run.id, tasks: scrapeTasks })).toEqual([]);

    const searchDone = await finishDiscoveryTask(sql, workspaceId, searchId, { status: 'done', results: 2 });
    expect(searchDone).toMatchObject({ runId: run.id, campaignId, runStatus: 'running', recorded: true });
    // Finishing twice (a duplicate job) counts nothing twice.
    expect(await finishDiscoveryTask(sql, workspaceId, searchId, { status: 'done', results: 2, leadsFound: 5 })).toMatchObject({ recorded: false });

    await claimDiscoveryTask(sql, workspaceId, placesId);
    await finishDiscoveryTask(sql, workspaceId, placesId, { status: 'done', results: 20, leadsFound: 18, leadsMerged: 2 });
    await claimDiscoveryTask(sql, workspaceId, added[0]!);
    const last = await finishDiscoveryTask(sql, workspaceId, added[0]!, { status: 'failed', reason: 'timeout: the site did not answer in 20 s' });
    expect(last.runStatus).toBe('done');

    const progress = await discoveryProgress(sql, workspaceId, run.id);
    expect(progress).toMatchObject({ status: 'done', total: 3, pending: 0, running: 0, done: 2, failed: 1, waitingQuota: 0, leadsFound: 18, leadsMerged: 2 });
    expect(progress?.failures).toEqual([expect.objectContaining({ taskId: added[0], kind: 'scrape', label: 'https://a.example.com', reason: 'timeout: the site did not answer in 20 s' })]);
    expect((await getDiscoveryRun(sql, workspaceId, run.id))?.finishedAt).toBeInstanceOf(Date);
    expect(await claimDiscoveryTask(sql, workspaceId, placesId)).toBeNull();
  });

  it('claims nothing while the run is paused, and resumes what is left', async () => {
    const { workspaceId, campaignId } = await setUp('Run pause');
    const { run, taskIds } = await createDiscoveryRun(sql, { workspaceId, campaignId, startedBy: null, tasks: [searchTask(1), searchTask(2), searchTask(3)] });
    const [first, second, third] = taskIds as [string, string, string];
    await claimDiscoveryTask(sql, workspaceId, first);
    const notBefore = new Date(Date.now() + 60_000);
    await finishDiscoveryTask(sql, workspaceId, first, { status: 'waiting_quota', reason: 'Daily quota used up', notBefore });
    expect(await getDiscoveryTask(sql, workspaceId, first)).toMatchObject({ status: 'waiting_quota', notBefore, finishedAt: null });

    expect(await setDiscoveryRunStatus(sql, workspaceId, run.id, 'pause')).toMatchObject({ status: 'paused' });
    expect(await setDiscoveryRunStatus(sql, workspaceId, run.id, 'pause')).toBeNull();
    expect(await claimDiscoveryTask(sql, workspaceId, second)).toBeNull();
    expect((await getDiscoveryTask(sql, workspaceId, second))?.status).toBe('pending');

    const resumable = await resumableTasks(sql, workspaceId, run.id);
    expect(resumable.map((task) => task.id).sort()).toEqual([first, second, third].sort());
    expect(resumable.find((task) => task.id === first)?.notBefore).toEqual(notBefore);
    expect(await setDiscoveryRunStatus(sql, workspaceId, run.id, 'resume')).toMatchObject({ status: 'running' });
    expect((await discoveryProgress(sql, workspaceId, run.id))?.nextRetryAt).toEqual(notBefore);

    for (const id of [first, second, third]) {
      expect(await claimDiscoveryTask(sql, workspaceId, id)).not.toBeNull();
      await finishDiscoveryTask(sql, workspaceId, id, { status: 'done' });
    }
    expect((await getDiscoveryRun(sql, workspaceId, run.id))?.status).toBe('done');
  });

  it('completes a paused run on resume when its last task finished meanwhile', async () => {
    const { workspaceId, campaignId } = await setUp('Run resume done');
    const { run, taskIds } = await createDiscoveryRun(sql, { workspaceId, campaignId, startedBy: null, tasks: [searchTask(1)] });
    await claimDiscoveryTask(sql, workspaceId, taskIds[0]!);
    await setDiscoveryRunStatus(sql, workspaceId, run.id, 'pause');
    expect((await finishDiscoveryTask(sql, workspaceId, taskIds[0]!, { status: 'done' })).runStatus).toBe('paused');
    expect(await setDiscoveryRunStatus(sql, workspaceId, run.id, 'resume')).toMatchObject({ status: 'done' });
  });

  it('completes the run exactly once when its last tasks finish at the same time', async () => {
    const { workspaceId, campaignId } = await setUp('Run race');
    const tasks = Array.from({ length: 6 }, (_, index) => searchTask(index + 1));
    const { run, taskIds } = await createDiscoveryRun(sql, { workspaceId, campaignId, startedBy: null, tasks });
    for (const id of taskIds) await claimDiscoveryTask(sql, workspaceId, id);
    const finished = await Promise.all(taskIds.map((id) => finishDiscoveryTask(sql, workspaceId, id, { status: 'done', leadsFound: 1 })));
    expect(finished.filter((result) => result.runStatus === 'done').length).toBeGreaterThanOrEqual(1);
    expect(await getDiscoveryRun(sql, workspaceId, run.id)).toMatchObject({ status: 'done', leadsFound: 6 });
  });

  it('allows one open run per campaign and keeps runs inside their workspace', async () => {
    const { workspaceId, campaignId } = await setUp('Run tenant');
    const other = await setUp('Run tenant other');
    const { run, taskIds } = await createDiscoveryRun(sql, { workspaceId, campaignId, startedBy: null, tasks: [searchTask(1)] });
    await expect(createDiscoveryRun(sql, { workspaceId, campaignId, startedBy: null, tasks: [searchTask(1)] })).rejects.toThrow(Conflict);
    await expect(createDiscoveryRun(sql, { workspaceId: other.workspaceId, campaignId, startedBy: null, tasks: [] })).rejects.toThrow(/does not exist/);

    expect(await getDiscoveryRun(sql, other.workspaceId, run.id)).toBeNull();
    expect(await discoveryProgress(sql, other.workspaceId, run.id)).toBeNull();
    expect(await listDiscoveryRuns(sql, other.workspaceId, campaignId)).toEqual([]);
    expect(await setDiscoveryRunStatus(sql, other.workspaceId, run.id, 'cancel')).toBeNull();
    expect(await addDiscoveryTasks(sql, { workspaceId: other.workspaceId, runId: run.id, tasks: [searchTask(9)] })).toEqual([]);
    expect(await resumableTasks(sql, other.workspaceId, run.id)).toEqual([]);
    expect(await getDiscoveryTask(sql, other.workspaceId, taskIds[0]!)).toBeNull();
    // A task id from another workspace is neither claimed nor finished, even while its run runs.
    expect(await claimDiscoveryTask(sql, other.workspaceId, taskIds[0]!, 'job-other')).toBeNull();
    expect((await getDiscoveryTask(sql, workspaceId, taskIds[0]!))?.status).toBe('pending');
    expect(await claimDiscoveryTask(sql, workspaceId, taskIds[0]!, 'job-1')).not.toBeNull();
    await expect(finishDiscoveryTask(sql, other.workspaceId, taskIds[0]!, { status: 'done', leadsFound: 3 })).rejects.toThrow(/does not exist/);
    expect(await getDiscoveryTask(sql, workspaceId, taskIds[0]!)).toMatchObject({ status: 'running', leadsFound: 0 });

    expect(await setDiscoveryRunStatus(sql, workspaceId, run.id, 'cancel')).toMatchObject({ status: 'cancelled' });
    expect(await claimDiscoveryTask(sql, workspaceId, taskIds[0]!)).toBeNull();
    const next = await createDiscoveryRun(sql, { workspaceId, campaignId, startedBy: null, tasks: [] });
    expect(next.run.status).toBe('done');
    expect((await listDiscoveryRuns(sql, workspaceId, campaignId)).map((listed) => listed.id)).toEqual([next.run.id, run.id]);
  });

  it('records which run found a lead', async () => {
    const { workspaceId, campaignId } = await setUp('Run sources');
    const { run } = await createDiscoveryRun(sql, { workspaceId, campaignId, startedBy: null, tasks: [searchTask(1)] });
    const merged = await mergeLeadCandidates(sql, { workspaceId, campaignId, runId: run.id, candidates: [{ name: 'Found', city: 'Austin', source: { kind: 'places', ref: 'p', evidence: {} } }] });
    expect((await getLead(sql, workspaceId, merged.leads[0]!.leadId))?.sources[0]?.runId).toBe(run.id);
  });
});

describe('usage windows', () => {
  it('reserves up to the limit, atomically, then refuses', async () => {
    const { workspaceId } = await setUp('Usage limit');
    const windowStart = new Date('2026-03-01T08:00:00Z');
    const window = { workspaceId, key: 'search.daily', windowStart };
    const results = await Promise.all(Array.from({ length: 12 }, () => reserveUsage(sql, { ...window, limit: 5 })));
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(await usageFor(sql, workspaceId, 'search.daily', windowStart)).toEqual({ used: 5, exhausted: false });
    expect(await reserveUsage(sql, { ...window, windowStart: new Date('2026-03-02T08:00:00Z'), limit: 5 })).toBe(true);
    expect(await reserveUsage(sql, { ...window, key: 'places.minute', limit: 0 })).toBe(false);
  });

  it('refuses everything in a window the provider called exhausted', async () => {
    const { workspaceId } = await setUp('Usage exhausted');
    const window = { workspaceId, key: 'search.daily', windowStart: new Date('2026-03-01T08:00:00Z') };
    expect(await reserveUsage(sql, { ...window, limit: 100 })).toBe(true);
    await markUsageExhausted(sql, window);
    expect(await reserveUsage(sql, { ...window, limit: 100 })).toBe(false);
    expect(await usageFor(sql, workspaceId, 'search.daily', window.windowStart)).toEqual({ used: 1, exhausted: true });
    await markUsageExhausted(sql, { ...window, key: 'places.minute' });
    expect(await usageFor(sql, workspaceId, 'places.minute', window.windowStart)).toEqual({ used: 0, exhausted: true });
    const other = await setUp('Usage other');
    expect(await usageFor(sql, other.workspaceId, 'search.daily', window.windowStart)).toEqual({ used: 0, exhausted: false });
  });
});
