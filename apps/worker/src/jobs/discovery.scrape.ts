import { claimDiscoveryTask, getSystemConfig, markLeadWebsiteUnreachable, mergeLeadCandidates, queueLeadsForReview, recordDiscoveryRunProblem } from '@switchboard/db';
import { z } from 'zod';
import { defineQueueJob } from './define-queue-job.ts';
import { siteCandidate, unvisitedSiteCandidate } from '../discovery/site-candidate.ts';
import { failOrRetry, finishTask, settleClaimedTask } from '../discovery/tasks.ts';

const RETRY_LIMIT = 1;
// A few sites at once per worker: each holds a browser tab, and domains are paced separately.
const SITES_AT_ONCE = 4;

const ZScrapeTaskInput = z.object({
  url: z.string(),
  origin: z.enum(['search', 'places']),
  leadId: z.uuid().optional(),
  title: z.string().optional(),
  snippet: z.string().optional(),
  query: z.string().optional(),
  location: z.string().nullable().optional(),
});

/**
 * Visits one business website (home page and its likeliest contact pages) and merges what it says
 * into the lead, then queues the lead for review. A site that fails is recorded with its reason;
 * a lead from a listing still goes to review, marked unreachable.
 */
export const discoveryScrapeJob = defineQueueJob('discovery.scrape', {
  // Site failures are results, not errors; a retry only covers a crash or a database hiccup.
  retry: { limit: RETRY_LIMIT, delaySeconds: 10, backoff: false },
  // Above the longest site time an admin can set (scrape_site_timeout_ms ≤ 600 s), so a slow site
  // is bounded by the scraper, not cut off by the queue and retried.
  expireInSeconds: 660,
  throughput: { batchSize: SITES_AT_ONCE, localConcurrency: 1 },
  async handler(payload, context) {
    const claimed = await claimDiscoveryTask(context.sql, payload.workspaceId, payload.taskId, context.jobId);
    if (!claimed) return;
    await settleClaimedTask(context, claimed, RETRY_LIMIT, async () => {
      const input = ZScrapeTaskInput.parse(claimed.task.input);
      const settings = await getSystemConfig(context.sql);
      const scraper = context.discovery.scraper({
        concurrency: SITES_AT_ONCE,
        maxPagesPerSite: settings.scrape_max_pages_per_site,
        domainDelayMs: settings.scrape_domain_delay_ms,
        pageTimeoutMs: settings.scrape_page_timeout_ms,
        siteTimeoutMs: settings.scrape_site_timeout_ms,
      });

      let result;
      try {
        const sandboxPort = await context.discovery.sandboxPort(payload.workspaceId);
        result = await scraper.scrapeSite(await context.discovery.siteUrl(input.url), { signal: context.signal, sandboxPort });
      } catch (error) {
        return failOrRetry(context, claimed, error, RETRY_LIMIT);
      }
      const campaignId = claimed.run.campaignId;
      if (!result.ok && result.browserMissing) {
        // Not the site's fault: the lead stays as search or the listing found it, and the run says once why no website was read.
        const reason = `websites not scraped: no browser (${result.message})`;
        if (await recordDiscoveryRunProblem(context.sql, { workspaceId: payload.workspaceId, runId: payload.runId, kind: 'scrape', key: 'no_browser', label: 'Every website', reason })) {
          context.log.warn({ runId: payload.runId, problem: result.message }, 'websites not scraped: no browser');
        }
        const merged = input.leadId ? null : await mergeLeadCandidates(context.sql, { workspaceId: payload.workspaceId, campaignId, runId: payload.runId, candidates: [unvisitedSiteCandidate(input)] });
        const leadIds = [...new Set([...(merged ? [merged.leads[0]!.leadId] : []), ...(input.leadId ? [input.leadId] : [])])];
        await queueLeadsForReview(context.sql, payload.workspaceId, leadIds);
        await context.publish(payload.workspaceId, 'leads.changed', { campaignId, count: leadIds.length });
        return finishTask(context, claimed, { status: 'done', results: 0, leadsFound: merged?.inserted ?? 0, leadsMerged: merged?.merged ?? 0 });
      }
      if (!result.ok) {
        if (input.leadId) {
          await markLeadWebsiteUnreachable(context.sql, payload.workspaceId, input.leadId);
          await queueLeadsForReview(context.sql, payload.workspaceId, [input.leadId]);
          await context.publish(payload.workspaceId, 'leads.changed', { campaignId, count: 1 });
        }
        return finishTask(context, claimed, { status: 'failed', reason: `${result.reason}: ${result.message}` });
      }

      const merged = await mergeLeadCandidates(context.sql, {
        workspaceId: payload.workspaceId,
        campaignId,
        runId: payload.runId,
        candidates: [siteCandidate(input, result.finalUrl, result.extraction)],
      });
      const leadIds = [...new Set([merged.leads[0]!.leadId, ...(input.leadId ? [input.leadId] : [])])];
      await queueLeadsForReview(context.sql, payload.workspaceId, leadIds, { enriched: true });
      await context.publish(payload.workspaceId, 'leads.changed', { campaignId, count: leadIds.length });
      await finishTask(context, claimed, { status: 'done', results: result.pages.length, leadsFound: merged.inserted, leadsMerged: merged.merged });
    });
  },
});
