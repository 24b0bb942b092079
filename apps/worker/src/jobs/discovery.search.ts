import { nextQuotaReset, quotaDay } from '@switchboard/core/discovery';
import { markUsageExhausted, reserveUsage, saveSearchResults } from '@switchboard/db';
import { z } from 'zod';
import { SearchQuotaExhausted } from '../adapters/search/index.ts';
import { defineDiscoveryTaskJob } from '../discovery/run-task.ts';
import { scrapeDomain } from '../discovery/scrape-target.ts';
import { addScrapeTasks, deferTask, finishTask } from '../discovery/tasks.ts';

const RESULTS_PER_PAGE = 10;

const ZSearchTaskInput = z.object({ query: z.string(), location: z.string().nullable(), page: z.number().int().min(1) });

/** One page of web results for query × location; each business site found becomes a scrape task. */
export const discoverySearchJob = defineDiscoveryTaskJob('discovery.search', {
  retry: { limit: 3, delaySeconds: 5, backoff: true, maxDelaySeconds: 300 },
  expireInSeconds: 120,
  throughput: { batchSize: 4, localConcurrency: 1 },
  input: ZSearchTaskInput,
  // The minute first: a unit of it spent on a task that then waits for the day costs nothing,
  // while a day's unit spent on a task that waits for the next minute would be lost until the reset.
  perMinute: (settings) => ({
    key: 'search.minute',
    perMinute: settings.search_requests_per_minute,
    reason: 'Searches per minute are at their limit; waiting for the next minute.',
  }),
  async work({ payload, claimed, input, settings, now }, context) {
    const day = new Date(`${quotaDay(now)}T00:00:00Z`);
    if (!(await reserveUsage(context.sql, { workspaceId: payload.workspaceId, key: 'search.daily', windowStart: day, limit: settings.search_daily_quota }))) {
      return deferTask(context, claimed, { reason: 'The daily search quota is used up; waiting for it to reset.', notBefore: nextQuotaReset(now) });
    }

    const { client, mode } = await context.discovery.search(payload.workspaceId);
    let page;
    try {
      page = await client.search({ query: [input.query, input.location].filter(Boolean).join(' '), start: 1 + (input.page - 1) * RESULTS_PER_PAGE });
    } catch (error) {
      // Any other failure is the skeleton's to retry or record.
      if (!(error instanceof SearchQuotaExhausted)) throw error;
      await markUsageExhausted(context.sql, { workspaceId: payload.workspaceId, key: 'search.daily', windowStart: day });
      return deferTask(context, claimed, { reason: 'Google reports the daily search quota used up; waiting for it to reset.', notBefore: nextQuotaReset(now) });
    }

    await saveSearchResults(context.sql, { workspaceId: payload.workspaceId, taskId: payload.taskId, results: page.items });
    const sites = page.items.flatMap((item) => {
      const domain = scrapeDomain(item.url, mode);
      return domain ? [{ kind: 'scrape' as const, dedupeKey: domain, input: { url: item.url, origin: 'search', title: item.title, snippet: item.snippet, query: input.query, location: input.location } }] : [];
    });
    await addScrapeTasks(context, payload, sites);
    await finishTask(context, claimed, { status: 'done', results: page.items.length });
  },
});
