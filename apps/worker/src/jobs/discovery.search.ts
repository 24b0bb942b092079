import { nextQuotaReset, quotaDay } from '@switchboard/core/discovery';
import { claimDiscoveryTask, getSystemConfig, markUsageExhausted, reserveUsage, saveSearchResults } from '@switchboard/db';
import { z } from 'zod';
import { SearchQuotaExhausted } from '../adapters/search/index.ts';
import { defineQueueJob } from './define-queue-job.ts';
import { scrapeDomain } from '../discovery/scrape-target.ts';
import { addScrapeTasks, deferTask, failOrRetry, finishTask, settleClaimedTask, withinMinuteLimit } from '../discovery/tasks.ts';

const RETRY_LIMIT = 3;
const RESULTS_PER_PAGE = 10;

const ZSearchTaskInput = z.object({ query: z.string(), location: z.string().nullable(), page: z.number().int().min(1) });

/** One page of web results for query × location; each business site found becomes a scrape task. */
export const discoverySearchJob = defineQueueJob('discovery.search', {
  retry: { limit: RETRY_LIMIT, delaySeconds: 5, backoff: true, maxDelaySeconds: 300 },
  expireInSeconds: 120,
  throughput: { batchSize: 4, localConcurrency: 1 },
  async handler(payload, context) {
    const claimed = await claimDiscoveryTask(context.sql, payload.workspaceId, payload.taskId, context.jobId);
    if (!claimed) return;
    await settleClaimedTask(context, claimed, RETRY_LIMIT, async () => {
      const input = ZSearchTaskInput.parse(claimed.task.input);
      const settings = await getSystemConfig(context.sql);
      const now = new Date();
      const day = new Date(`${quotaDay(now)}T00:00:00Z`);
      // The minute first: a unit of it spent on a task that then waits for the day costs nothing,
      // while a day's unit spent on a task that waits for the next minute would be lost until the reset.
      const perMinute = { key: 'search.minute', perMinute: settings.search_requests_per_minute, reason: 'Searches per minute are at their limit; waiting for the next minute.' };
      if (!(await withinMinuteLimit(context, claimed, perMinute, now))) return;
      if (!(await reserveUsage(context.sql, { workspaceId: payload.workspaceId, key: 'search.daily', windowStart: day, limit: settings.search_daily_quota }))) {
        return deferTask(context, claimed, { reason: 'The daily search quota is used up; waiting for it to reset.', notBefore: nextQuotaReset(now) });
      }

      const { client, mode } = await context.discovery.search(payload.workspaceId);
      let page;
      try {
        page = await client.search({ query: [input.query, input.location].filter(Boolean).join(' '), start: 1 + (input.page - 1) * RESULTS_PER_PAGE });
      } catch (error) {
        if (error instanceof SearchQuotaExhausted) {
          await markUsageExhausted(context.sql, { workspaceId: payload.workspaceId, key: 'search.daily', windowStart: day });
          return deferTask(context, claimed, { reason: 'Google reports the daily search quota used up; waiting for it to reset.', notBefore: nextQuotaReset(now) });
        }
        return failOrRetry(context, claimed, error, RETRY_LIMIT);
      }

      await saveSearchResults(context.sql, { workspaceId: payload.workspaceId, taskId: payload.taskId, results: page.items });
      const sites = page.items.flatMap((item) => {
        const domain = scrapeDomain(item.url, mode);
        return domain ? [{ kind: 'scrape' as const, dedupeKey: domain, input: { url: item.url, origin: 'search', title: item.title, snippet: item.snippet, query: input.query, location: input.location } }] : [];
      });
      await addScrapeTasks(context, payload, sites);
      await finishTask(context, claimed, { status: 'done', results: page.items.length });
    });
  },
});
