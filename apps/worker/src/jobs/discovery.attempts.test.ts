import { Invalid, ProviderError } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import {
  createCampaign,
  createDiscoveryRun,
  createPublisher,
  createSql,
  getDiscoveryRun,
  getDiscoveryTask,
  setSystemConfigValue,
  usageFor,
  type Sql,
} from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { sandboxAiWriter } from '../adapters/ai-writer/index.ts';
import { sandboxEmail } from '../adapters/email/index.ts';
import type { SearchClient } from '../adapters/search/index.ts';
import type { DiscoveryServices } from '../discovery/services.ts';
import type { WorkerJobContext as JobContext } from '../services.ts';
import { discoveryRecoverJob } from './discovery.recover.ts';
import { discoverySearchJob } from './discovery.search.ts';

const log = createLogger({ name: 'discovery-attempts-test', level: 'silent', format: 'json' });
// discovery.search retries three times after its first attempt.
const LAST_ATTEMPT = 3;

let database: TestDatabase;
let sql: Sql;
let member: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'discovery-attempts-test' });
  member = await createMember(sql, { email: 'olive@attempts.test', role: 'operator', workspaceName: 'Attempts' });
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

/** Search services that answer with `search` (no listings, no scraping). */
function searchServices(search: DiscoveryServices['search']): DiscoveryServices {
  const unused = () => {
    throw new Error('not used by search tasks');
  };
  return { search, places: unused, siteUrl: unused, sandboxPort: unused, scraper: unused, formSubmitter: unused, close: async () => undefined };
}

function jobContext(
  discovery: DiscoveryServices,
  jobId: string,
  retryCount: number,
  enqueue: JobContext['enqueue'] = async () => 'job',
  jobPending: JobContext['jobPending'] = async () => false,
): JobContext {
  return {
    jobId,
    queue: discoverySearchJob.queue,
    retryCount,
    signal: new AbortController().signal,
    workerId: 'attempts-test',
    sql,
    publish: createPublisher(sql),
    log,
    publicUrl: 'http://localhost:3000',
    unsubscribeKey: null,
    emailFrom: 'Switchboard <switchboard@localhost>',
    email: sandboxEmail,
    providerKey: async () => null,
    aiWriter: async () => sandboxAiWriter,
    baseUrls: {},
    keyCheck: { smtpAllowPrivateHosts: false },
    openMailboxPassword: () => {
      throw new Error('no IMAP in discovery tests');
    },
    enqueue,
    jobPending,
    stuckSendingMs: 600_000,
    discovery,
    voiceCaller: async () => null,
    callStaleAfterMs: 900_000,
  };
}

/** A run of its own campaign: one search task per query in Austin. */
async function startRun(queries: string[]) {
  const target = { queries, locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  const campaignId = (await createCampaign(sql, { workspaceId: member.workspaceId, name: queries.join(', '), timeZone: 'UTC', target, createdBy: member.userId })).id;
  const tasks = queries.map((query) => ({ kind: 'search' as const, input: { query, location: 'Austin', page: 1 }, dedupeKey: `${query}|austin|1` }));
  const { run, taskIds } = await createDiscoveryRun(sql, { workspaceId: member.workspaceId, campaignId, startedBy: member.userId, tasks });
  return { runId: run.id, taskIds, payload: (taskId: string) => ({ workspaceId: member.workspaceId, runId: run.id, taskId }) };
}

describe('discovery.search attempts', () => {
  it('fails the task with its reason on the last attempt when the work throws outside the provider call, so the run can finish', async () => {
    // As when a workspace saved a key and the worker runs without SWITCHBOARD_SECRET.
    const discovery = searchServices(async () => {
      throw new Invalid('Provider keys cannot be stored until SWITCHBOARD_SECRET is set.');
    });
    const { runId, taskIds, payload } = await startRun(['plumber']);
    const taskId = taskIds[0]!;

    // Earlier attempts throw, so the queue retries; the task stays with this job meanwhile.
    await expect(discoverySearchJob.handler(payload(taskId), jobContext(discovery, 'job-1', 0))).rejects.toThrow(/SWITCHBOARD_SECRET/);
    expect((await getDiscoveryTask(sql, member.workspaceId, taskId))?.status).toBe('running');

    await expect(discoverySearchJob.handler(payload(taskId), jobContext(discovery, 'job-1', LAST_ATTEMPT))).resolves.toBeUndefined();
    expect(await getDiscoveryTask(sql, member.workspaceId, taskId)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/SWITCHBOARD_SECRET/) });
    expect((await getDiscoveryRun(sql, member.workspaceId, runId))?.status).toBe('done');
  });

  it('queues on a retry the sites an earlier attempt added but died before queueing, so none waits forever', async () => {
    const client: SearchClient = {
      search: async () => ({
        items: [
          { url: 'https://first-plumber.example.com/', title: 'First', snippet: '' },
          { url: 'https://second-plumber.example.com/', title: 'Second', snippet: '' },
        ],
        nextStart: null,
        totalResults: 2,
      }),
    };
    const discovery = searchServices(async () => ({ client, mode: 'sandbox' }));
    const { runId, taskIds, payload } = await startRun(['drain cleaning']);
    const queueDown: JobContext['enqueue'] = async () => {
      throw new Error('connection terminated');
    };
    await expect(discoverySearchJob.handler(payload(taskIds[0]!), jobContext(discovery, 'job-sites', 0, queueDown))).rejects.toThrow('connection terminated');

    const queued: { queue: string; taskId: string }[] = [];
    const recording: JobContext['enqueue'] = async (queue, job) => {
      queued.push({ queue, taskId: (job as { taskId: string }).taskId });
      return `job-${queued.length}`;
    };
    await discoverySearchJob.handler(payload(taskIds[0]!), jobContext(discovery, 'job-sites', 1, recording));
    const scrapeTasks = await sql<{ id: string }[]>`select id from discovery_tasks where run_id = ${runId} and kind = 'scrape' order by id`;
    expect(scrapeTasks).toHaveLength(2);
    expect(queued.map((job) => job.queue)).toEqual(['discovery.scrape', 'discovery.scrape']);
    expect(queued.map((job) => job.taskId).sort()).toEqual(scrapeTasks.map((task) => task.id).sort());
  });

  it('fails the task at once, on its first attempt, when the provider refuses for good', async () => {
    const client: SearchClient = {
      search: async () => {
        throw Object.assign(new ProviderError('google-search', 'API key not valid'), { retryable: false });
      },
    };
    const { runId, taskIds, payload } = await startRun(['locksmith']);
    await expect(discoverySearchJob.handler(payload(taskIds[0]!), jobContext(searchServices(async () => ({ client, mode: 'live' })), 'job-refused', 0))).resolves.toBeUndefined();
    expect(await getDiscoveryTask(sql, member.workspaceId, taskIds[0]!)).toMatchObject({ status: 'failed', reason: 'API key not valid', attempts: 1 });
    expect((await getDiscoveryRun(sql, member.workspaceId, runId))?.status).toBe('done');
  });

  it('does nothing for a job that names another workspace than its task’s', async () => {
    const other = await createMember(sql, { email: 'oscar@elsewhere.test', role: 'operator', workspaceName: 'Elsewhere' });
    let searched = false;
    const discovery = searchServices(async () => {
      searched = true;
      throw new Error('must not search');
    });
    const { runId, taskIds } = await startRun(['chimney sweep']);
    await discoverySearchJob.handler({ workspaceId: other.workspaceId, runId, taskId: taskIds[0]! }, jobContext(discovery, 'job-foreign', 0));
    expect(searched).toBe(false);
    expect(await getDiscoveryTask(sql, member.workspaceId, taskIds[0]!)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('makes no scrape task for a result that points at the local network', async () => {
    const client: SearchClient = {
      search: async () => ({
        items: [
          { url: 'https://real-roofer.example.com/', title: 'Real roofer', snippet: '' },
          { url: 'http://127.0.0.1:5432/', title: 'Database', snippet: '' },
          { url: 'http://169.254.169.254/latest/meta-data/', title: 'Metadata', snippet: '' },
          { url: 'http://printer.local/', title: 'Printer', snippet: '' },
          { url: 'http://admin.internal/', title: 'Admin', snippet: '' },
        ],
        nextStart: null,
        totalResults: 5,
      }),
    };
    const { runId, taskIds, payload } = await startRun(['roofer']);
    await discoverySearchJob.handler(payload(taskIds[0]!), jobContext(searchServices(async () => ({ client, mode: 'live' })), 'job-private', 0));
    const scrapeTasks = await sql<{ input: { url: string } }[]>`select input from discovery_tasks where run_id = ${runId} and kind = 'scrape'`;
    expect(scrapeTasks.map((task) => task.input.url)).toEqual(['https://real-roofer.example.com/']);
    expect(await getDiscoveryTask(sql, member.workspaceId, taskIds[0]!)).toMatchObject({ status: 'done', results: 5 });
  });

  it('spends the daily search quota only on searches made, not on tasks that wait for the next minute', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-06-01T12:00:10Z'));
    await setSystemConfigValue(sql, 'search_requests_per_minute', 1);
    await setSystemConfigValue(sql, 'search_daily_quota', 100);
    const searches: string[] = [];
    const client: SearchClient = {
      search: async ({ query }) => {
        searches.push(query);
        return { items: [], nextStart: null, totalResults: 0 };
      },
    };
    const discovery = searchServices(async () => ({ client, mode: 'sandbox' }));
    const { taskIds, payload } = await startRun(['electrician', 'roofer', 'painter']);
    for (const [index, taskId] of taskIds.entries()) {
      await discoverySearchJob.handler(payload(taskId), jobContext(discovery, `job-${index}`, 0));
    }
    expect(searches).toEqual(['electrician Austin']);
    const statuses = await Promise.all(taskIds.map(async (taskId) => (await getDiscoveryTask(sql, member.workspaceId, taskId))?.status));
    expect(statuses).toEqual(['done', 'waiting_quota', 'waiting_quota']);
    expect((await usageFor(sql, member.workspaceId, 'search.daily', new Date('2030-06-01T00:00:00Z'))).used).toBe(1);
  });
});

describe('discovery.recover', () => {
  const noSearch = searchServices(async () => {
    throw new Error('recovery searches nothing itself');
  });

  it('gives a job again to tasks that sat pending or running too long with none, and leaves the rest alone', async () => {
    const { runId, taskIds } = await startRun(['glazier', 'tiler', 'welder', 'joiner']);
    const [lost, queued, fresh, dead] = taskIds as [string, string, string, string];
    await sql`update discovery_tasks set created_at = now() - interval '10 minutes' where id in ${sql([lost, queued])}`;
    await sql`update discovery_tasks set status = 'running', started_at = now() - interval '20 minutes', claimed_by_job = 'gone' where id = ${dead}`;
    const sent: { queue: string; payload: object }[] = [];
    const enqueue: JobContext['enqueue'] = async (queue, payload) => {
      sent.push({ queue, payload });
      return 'job';
    };
    const jobPending: JobContext['jobPending'] = async (_queue, data) => (data as { taskId: string }).taskId === queued;

    await discoveryRecoverJob.handler({}, jobContext(noSearch, 'recover-1', 0, enqueue, jobPending));

    const forThisRun = sent.filter((job) => (job.payload as { runId: string }).runId === runId);
    expect(forThisRun.map((job) => job.queue)).toEqual(['discovery.search', 'discovery.search']);
    expect(new Set(forThisRun.map((job) => (job.payload as { taskId: string }).taskId))).toEqual(new Set([lost, dead]));
    expect(forThisRun.map((job) => (job.payload as { taskId: string }).taskId)).not.toContain(fresh);
  });

  it('leaves the tasks of a paused run for resume to queue', async () => {
    const { runId, taskIds } = await startRun(['farrier']);
    await sql`update discovery_tasks set created_at = now() - interval '10 minutes' where id = ${taskIds[0]!}`;
    await sql`update discovery_runs set status = 'paused' where id = ${runId}`;
    const sentFor: string[] = [];
    const enqueue: JobContext['enqueue'] = async (_queue, payload) => {
      sentFor.push((payload as { runId: string }).runId);
      return 'job';
    };
    await discoveryRecoverJob.handler({}, jobContext(noSearch, 'recover-2', 0, enqueue));
    expect(sentFor).not.toContain(runId);
  });
});
