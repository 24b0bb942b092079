import { markLeadWebsiteUnreachable, mergeLeadCandidates, queueLeadsForReview, recordDiscoveryRunProblem } from '@switchboard/db';
import { z } from 'zod';
import { defineDiscoveryTaskJob } from '../discovery/run-task.ts';
import { siteCandidate, unvisitedSiteCandidate } from '../discovery/site-candidate.ts';
import { finishTask } from '../discovery/tasks.ts';

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
export const discoveryScrapeJob = defineDiscoveryTaskJob('discovery.scrape', {
  // Site failures are results, not errors; a retry only covers a crash or a database hiccup.
  retry: { limit: 1, delaySeconds: 10, backoff: false },
  // Above the longest site time an admin can set (scrape_site_timeout_ms ≤ 600 s), so a slow site
  // is bounded by the scraper, not cut off by the queue and retried.
  expireInSeconds: 660,
  throughput: { batchSize: SITES_AT_ONCE, localConcurrency: 1 },
  input: ZScrapeTaskInput,
  async work({ payload, claimed, input, settings }, context) {
    const scraper = context.discovery.scraper({
      concurrency: SITES_AT_ONCE,
      maxPagesPerSite: settings.scrape_max_pages_per_site,
      domainDelayMs: settings.scrape_domain_delay_ms,
      pageTimeoutMs: settings.scrape_page_timeout_ms,
      siteTimeoutMs: settings.scrape_site_timeout_ms,
    });

    const sandboxPort = await context.discovery.sandboxPort(payload.workspaceId);
    const result = await scraper.scrapeSite(await context.discovery.siteUrl(input.url), { signal: context.signal, sandboxPort });
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
  },
});
