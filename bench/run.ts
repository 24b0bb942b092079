// `pnpm bench`: prints one JSON object (progress goes to stderr). Every figure comes from this run.
import { openBenchDatabase } from './database.ts';
import { publishToClientLatency } from './events.ts';
import { enqueueToStartLatency } from './latency.ts';
import { log, round } from './stats.ts';
import { cpus, loadavg } from 'node:os';
import { DEFAULT_THROUGHPUT } from '@switchboard/worker';
import { frameworkThroughput, rawThroughput } from './throughput.ts';
import { importCorePath, importThroughHttp } from './import.ts';
import { scrapeThroughput } from './scrape.ts';
import { liveEventsAcrossWebProcesses } from './web-processes.ts';
import { leadPageTimings } from './lead-pages.ts';
import { healthTimings } from './health.ts';
import { outreachAnalyticsTimings } from './outreach-analytics.ts';
import { outreachSendThroughput, outreachTickTimes } from './outreach.ts';
import { callsTickTimes, vapiWebhookThroughput } from './calls.ts';
import { jobsPageTimings } from './jobs.ts';
import { morePageTimings } from './more-pages.ts';

const THROUGHPUT_JOBS = Number(process.env.BENCH_JOBS ?? 40_000);
const RUNS = 2;
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const CLUSTER_EVENTS_PER_SECOND = 1_000;
const CLUSTER_EVENT_SECONDS = 5;
const LEAD_PAGE_LEADS = Number(process.env.BENCH_LEAD_PAGE_LEADS ?? 100_000);
const LEAD_PAGE_P95_TARGET_MS = LEAD_PAGE_LEADS > 100_000 ? 200 : 100;
// A page of 50 leads (or 25 in review) with its filters and navigation, rendered and serialized once each.
const LEAD_PAGE_MAX_BYTES = 100_000;
// Engaged leads (emailed, some replied or called) in one workspace, scored by the refresh, then listed on /health.
const HEALTH_LEADS = Number(process.env.BENCH_HEALTH_LEADS ?? 100_000);
const HEALTH_P95_TARGET_MS = 100;
const HEALTH_PAGE_MAX_BYTES = 100_000;
const HEALTH_FIRST_REFRESH_TARGET_S = 60;
const HEALTH_IDLE_REFRESH_TARGET_S = 5;
// Sends per workspace over a year; the widest request (92 days) covers about a quarter of them.
const ANALYTICS_SENDS = Number(process.env.BENCH_ANALYTICS_SENDS ?? 1_000_000);
const ANALYTICS_P95_TARGET_MS = 200;
const OUTREACH_SENDS = Number(process.env.BENCH_OUTREACH_SENDS ?? 10_000);
const OUTREACH_MAILBOXES = 20;
const OUTREACH_SENDS_PER_SECOND_TARGET = 500;
const OUTREACH_TICK_ENROLMENTS = Number(process.env.BENCH_TICK_ENROLMENTS ?? 100_000);
const OUTREACH_TICK_TARGET_MS = 1_000;
// The scale: 1,000 active campaigns with 100,000 queued calls, in 100 workspaces with a Vapi number each.
const CALLS_TICK_CAMPAIGNS = 1_000;
const CALLS_TICK_WORKSPACES = 100;
const CALLS_TICK_QUEUED = Number(process.env.BENCH_CALLS_QUEUED ?? 100_000);
const CALLS_TICK_ROUNDS = 5;
const CALLS_TICK_FULL_P95_TARGET_MS = 500;
const CALLS_TICK_PLACING_P95_TARGET_MS = 5_000;
// Three events per call (ringing, in progress, end-of-call report).
const VAPI_WEBHOOK_CALLS = Number(process.env.BENCH_VAPI_WEBHOOK_CALLS ?? 2_000);
const VAPI_WEBHOOKS_INGESTED_PER_SECOND_TARGET = 500;
const VAPI_WEBHOOKS_APPLIED_PER_SECOND_TARGET = 200;
// pg-boss jobs created within the Jobs page's window, across queues, states and two workspaces.
const JOBS_PAGE_JOBS = Number(process.env.BENCH_JOBS_PAGE_JOBS ?? 100_000);
const JOBS_PAGE_P95_TARGET_MS = 100;
const JOBS_PAGE_MAX_BYTES = 100_000;
// Rows in each main table of the other dashboard pages (inbox, calls, outbox, audit, suppressions, campaign, analytics, a busy lead).
const MORE_PAGES_ROWS = Number(process.env.BENCH_MORE_PAGES_ROWS ?? 100_000);
const MORE_PAGES_P95_TARGET_MS = MORE_PAGES_ROWS > 100_000 ? 200 : 100;
const MORE_PAGES_MAX_BYTES = 100_000;
// The audit log's CSV streams every entry (up to 100,000): its first byte as soon as a page, and the whole within seconds.
const AUDIT_EXPORT_FIRST_BYTE_TARGET_MS = 200;
const AUDIT_EXPORT_WHOLE_TARGET_MS = 5_000;

const database = await openBenchDatabase();
try {
  // `node bench/run.ts --only=lead-pages`: that part alone, for working on it without the rest
  // (likewise health, analytics, outreach, outreach-sends: the send throughput without the tick, and calls: the call
  // scheduler's tick and Vapi webhook ingestion, jobs: the Jobs page, more-pages: the other dashboard pages).
  if (process.argv.includes('--only=lead-pages')) {
    const leadPages = await leadPageTimings(database.url, LEAD_PAGE_LEADS);
    report({ machine: { node: process.version, cpus: cpus().length, postgres: database.serverVersion }, leadPages, targets: leadPageTargets(leadPages) });
  } else if (process.argv.includes('--only=health')) {
    const health = await healthBench();
    report({ machine: { node: process.version, cpus: cpus().length, postgres: database.serverVersion }, health, targets: healthTargets(health) });
  } else if (process.argv.includes('--only=analytics')) {
    const analytics = await outreachAnalyticsTimings(database.url, ANALYTICS_SENDS);
    report({ machine: { node: process.version, cpus: cpus().length, postgres: database.serverVersion }, analytics, targets: analyticsTargets(analytics) });
  } else if (process.argv.includes('--only=outreach-sends')) {
    const sends = await outreachSendThroughput(database.url, OUTREACH_SENDS, OUTREACH_MAILBOXES);
    report({ machine: { node: process.version, cpus: cpus().length, postgres: database.serverVersion }, sends, targets: sendTargets(sends) });
  } else if (process.argv.includes('--only=calls')) {
    const calls = await callsBench();
    report({ machine: { node: process.version, cpus: cpus().length, postgres: database.serverVersion }, calls, targets: callsTargets(calls) });
  } else if (process.argv.includes('--only=jobs')) {
    const jobs = await jobsBench();
    report({ machine: { node: process.version, cpus: cpus().length, postgres: database.serverVersion }, jobs, targets: jobsTargets(jobs) });
  } else if (process.argv.includes('--only=more-pages')) {
    const morePages = await morePageTimings(database.url, MORE_PAGES_ROWS);
    report({ machine: { node: process.version, cpus: cpus().length, postgres: database.serverVersion }, morePages, targets: morePagesTargets(morePages) });
  } else if (process.argv.includes('--only=outreach')) {
    const outreach = await outreachBench();
    report({ machine: { node: process.version, cpus: cpus().length, postgres: database.serverVersion }, outreach, targets: outreachTargets(outreach) });
  } else {
    await fullBench();
  }
} finally {
  log('stopping the bench database');
  await database.close();
}

async function fullBench() {
  const raw: number[] = [];
  const framework: number[] = [];
  // Interleaved, so neither side gets the warmer database.
  for (let run = 1; run <= RUNS; run += 1) {
    raw.push(await rawThroughput(database.url, THROUGHPUT_JOBS, run));
    framework.push(await frameworkThroughput(database.url, THROUGHPUT_JOBS, run));
  }
  const rawBest = Math.max(...raw);
  const frameworkBest = Math.max(...framework);
  const ratio = frameworkBest / rawBest;
  const enqueueToStart = await enqueueToStartLatency(database.url, 200, 20);
  const events = await publishToClientLatency(database.url, 100, 5);
  const cluster = await liveEventsAcrossWebProcesses(database.url, CLUSTER_EVENTS_PER_SECOND, CLUSTER_EVENT_SECONDS);
  const clusterProcesses = Object.values(cluster.processes);
  const leadImport = await importCorePath(database.url, IMPORT_ROWS);
  const leadImportHttp = await importThroughHttp(database.url, IMPORT_ROWS);
  const scraping = await scrapeThroughput();
  const leadPages = await leadPageTimings(database.url, LEAD_PAGE_LEADS);
  const health = await healthBench();
  const analytics = await outreachAnalyticsTimings(database.url, ANALYTICS_SENDS);
  const outreach = await outreachBench();
  const calls = await callsBench();
  const jobs = await jobsBench();
  const morePages = await morePageTimings(database.url, MORE_PAGES_ROWS);

  const result = {
    machine: { node: process.version, cpus: cpus().length, postgres: database.serverVersion },
    settings: { ...DEFAULT_THROUGHPUT, burstWhenBatchFull: true, notify: true, useListenNotify: true, jobs: THROUGHPUT_JOBS, runs: RUNS, reported: 'best run' },
    throughput: {
      rawPgBossJobsPerSecond: round(rawBest, 0),
      frameworkJobsPerSecond: round(frameworkBest, 0),
      frameworkToRawRatio: round(ratio, 2),
      runs: { raw: raw.map((value) => round(value, 0)), framework: framework.map((value) => round(value, 0)) },
    },
    enqueueToStartLatency: enqueueToStart,
    publishToClientLatency: events,
    liveEventsAcrossWebProcesses: cluster,
    leadImport,
    leadImportHttp,
    scraping,
    leadPages,
    health,
    analytics,
    outreach,
    calls,
    jobs,
    morePages,
    targets: {
      frameworkAtLeast80PercentOfRaw: ratio >= 0.8,
      atLeast1500JobsPerSecond: frameworkBest >= 1_500,
      enqueueToStartP95Under50Ms: enqueueToStart.p95Ms < 50,
      eventP95Under100Ms: events.p95Ms < 100,
      // A rate the producer could not hold would make the figures below flatter than they are.
      clusterPublishedAtLeast950EventsPerSecond: cluster.eventsPerSecondPublished >= 950,
      clusterEventP95Under100MsOnEachWebProcess: clusterProcesses.every((web) => web.p95Ms < 100),
      clusterNoEventLostOrDuplicated: clusterProcesses.every((web) => web.received === web.sent && web.duplicates === 0),
      import100kLeadsCorePathUnder8Seconds: IMPORT_ROWS === 100_000 ? leadImport.seconds < 8 : null,
      import100kLeadsUploadToReportUnder10Seconds: IMPORT_ROWS === 100_000 ? leadImportHttp.seconds < 10 : null,
      scraperLoadedPages: scraping.pages > 0,
      scrapingAtLeast5PagesPerSecond: scraping.pagesPerSecond >= 5,
      scrapeFailuresOnlyBrokenSites: scraping.unexpectedFailures.length === 0,
      ...leadPageTargets(leadPages),
      ...healthTargets(health),
      ...analyticsTargets(analytics),
      ...outreachTargets(outreach),
      ...callsTargets(calls),
      ...jobsTargets(jobs),
      ...morePagesTargets(morePages),
    },
  };
  report(result);
}

function analyticsTargets(analytics: Awaited<ReturnType<typeof outreachAnalyticsTimings>>) {
  return {
    [`analytics92DaysP95Under${ANALYTICS_P95_TARGET_MS}Ms`]: Object.values(analytics.timings).every((timing) => timing.p95Ms < ANALYTICS_P95_TARGET_MS),
    analyticsReadsStoredCountsByRange: Object.values(analytics.plans).every((plan) => plan.countsByRange),
  };
}

function leadPageTargets(leadPages: Awaited<ReturnType<typeof leadPageTimings>>) {
  return {
    [`leadPagesP95Under${LEAD_PAGE_P95_TARGET_MS}Ms`]: leadPages.slowestP95Ms < LEAD_PAGE_P95_TARGET_MS,
    leadPagesUnder100KB: leadPages.largestPageBytes < LEAD_PAGE_MAX_BYTES,
    leadPageRowsFromIndexes: Object.values(leadPages.plans).every((plan) => plan.pageFromIndex),
  };
}

async function healthBench() {
  const timings = await healthTimings(database.url, HEALTH_LEADS);
  // The refresh and the pages are bound by the machine's 2 cores: the figures are read beside how busy it was.
  return { ...timings, loadAverageAfter: loadavg().map((load) => round(load, 1)) };
}

function healthTargets(health: Awaited<ReturnType<typeof healthBench>>) {
  return {
    [`healthPagesWith${health.leads}LeadsP95Under${HEALTH_P95_TARGET_MS}Ms`]: health.slowestP95Ms < HEALTH_P95_TARGET_MS,
    healthPagesUnder100KB: health.largestPageBytes < HEALTH_PAGE_MAX_BYTES,
    healthPageRowsFromIndexes: Object.values(health.plans).every((plan) => plan.pageFromIndex),
    [`healthFirstRefreshOf${health.leads}LeadsUnder${HEALTH_FIRST_REFRESH_TARGET_S}Seconds`]: health.refresh.firstSeconds < HEALTH_FIRST_REFRESH_TARGET_S,
    // Every engaged lead scored by the first refresh, none again by the idle one.
    healthFirstRefreshScoresEveryLeadOnce: health.refresh.firstScored === health.leads && health.refresh.idleScored === 0,
    [`healthIdleRefreshUnder${HEALTH_IDLE_REFRESH_TARGET_S}Seconds`]: health.refresh.idleSeconds < HEALTH_IDLE_REFRESH_TARGET_S,
  };
}

async function outreachBench() {
  const sends = await outreachSendThroughput(database.url, OUTREACH_SENDS, OUTREACH_MAILBOXES);
  const tick = await outreachTickTimes(database.url, OUTREACH_TICK_ENROLMENTS);
  // Both parts are bound by the machine's 2 cores: the figures are read beside how busy it was.
  return { sends, tick, loadAverageAfter: loadavg().map((load) => round(load, 1)) };
}

function sendTargets(sends: Awaited<ReturnType<typeof outreachSendThroughput>>) {
  return {
    [`outreachAtLeast${OUTREACH_SENDS_PER_SECOND_TARGET}SendsPerSecond`]: sends.sendsPerSecond >= OUTREACH_SENDS_PER_SECOND_TARGET,
    // Every send sent, each taken by the provider exactly once.
    outreachEachSendAcceptedOnce: sends.sentRows === sends.sends && sends.otherRows === 0 && sends.acceptedByFake === sends.sends && sends.distinctIdempotencyKeys === sends.sends,
  };
}

function outreachTargets(outreach: Awaited<ReturnType<typeof outreachBench>>) {
  const { sends, tick } = outreach;
  return {
    ...sendTargets(sends),
    [`outreachTickWith${OUTREACH_TICK_ENROLMENTS}EnrolmentsUnder${OUTREACH_TICK_TARGET_MS}Ms`]: tick.slowestTickMs < OUTREACH_TICK_TARGET_MS,
  };
}

async function callsBench() {
  const tick = await callsTickTimes(database.url, { workspaces: CALLS_TICK_WORKSPACES, campaigns: CALLS_TICK_CAMPAIGNS, calls: CALLS_TICK_QUEUED, ticks: CALLS_TICK_ROUNDS });
  const webhooks = await vapiWebhookThroughput(database.url, { calls: VAPI_WEBHOOK_CALLS });
  return { tick, webhooks, loadAverageAfter: loadavg().map((load) => round(load, 1)) };
}

function callsTargets(calls: Awaited<ReturnType<typeof callsBench>>) {
  const { tick, webhooks } = calls;
  return {
    [`callsTickWith${tick.campaigns}CampaignsAnd${tick.queuedCalls}QueuedEverySlotTakenP95Under${CALLS_TICK_FULL_P95_TARGET_MS}Ms`]: tick.withEverySlotTaken.p95TickMs < CALLS_TICK_FULL_P95_TARGET_MS,
    [`callsTickWith${tick.campaigns}CampaignsAnd${tick.queuedCalls}QueuedFreeSlotsP95Under${CALLS_TICK_PLACING_P95_TARGET_MS}Ms`]: tick.withFreeSlots.p95TickMs < CALLS_TICK_PLACING_P95_TARGET_MS,
    // Each tick with free slots fills every workspace's cap; none with every slot taken starts one; no call is placed twice.
    callsTickFillsEachCapOnce: tick.withFreeSlots.callsStartedPerTick.every((started) => started === tick.cap * tick.workspaces)
      && tick.withEverySlotTaken.callsStartedPerTick.every((started) => started === 0) && tick.callsPlacedTwice === 0,
    [`vapiWebhooksAtLeast${VAPI_WEBHOOKS_INGESTED_PER_SECOND_TARGET}IngestedPerSecond`]: webhooks.eventsIngestedPerSecond >= VAPI_WEBHOOKS_INGESTED_PER_SECOND_TARGET,
    [`vapiWebhooksAtLeast${VAPI_WEBHOOKS_APPLIED_PER_SECOND_TARGET}AppliedPerSecond`]: webhooks.eventsAppliedPerSecond >= VAPI_WEBHOOKS_APPLIED_PER_SECOND_TARGET,
    // Every event answered 200, stored once, queued once, and every call ended completed.
    vapiWebhooksEachStoredAndAppliedOnce: webhooks.answers['200'] === webhooks.events && webhooks.storedEvents === webhooks.events
      && webhooks.queuedJobs === webhooks.events && webhooks.callsCompleted === webhooks.calls,
  };
}

async function jobsBench() {
  const timings = await jobsPageTimings(database.url, JOBS_PAGE_JOBS);
  // The pages are bound by the machine's 2 cores: the figures are read beside how busy it was.
  return { ...timings, loadAverageAfter: loadavg().map((load) => round(load, 1)) };
}

function jobsTargets(jobs: Awaited<ReturnType<typeof jobsBench>>) {
  return {
    [`jobsPagesWith${jobs.jobs}JobsP95Under${JOBS_PAGE_P95_TARGET_MS}Ms`]: jobs.slowestP95Ms < JOBS_PAGE_P95_TARGET_MS,
    jobsPagesUnder100KB: jobs.largestPageBytes < JOBS_PAGE_MAX_BYTES,
  };
}

function morePagesTargets(pages: Awaited<ReturnType<typeof morePageTimings>>) {
  return {
    [`morePagesWith${pages.rows}RowsP95Under${MORE_PAGES_P95_TARGET_MS}Ms`]: pages.slowestP95Ms < MORE_PAGES_P95_TARGET_MS,
    morePagesUnder100KB: pages.largestPageBytes < MORE_PAGES_MAX_BYTES,
    [`auditExportFirstByteUnder${AUDIT_EXPORT_FIRST_BYTE_TARGET_MS}Ms`]: pages.auditExport.firstByteMaxMs < AUDIT_EXPORT_FIRST_BYTE_TARGET_MS,
    [`auditExportWholeUnder${AUDIT_EXPORT_WHOLE_TARGET_MS}Ms`]: pages.auditExport.wholeMaxMs < AUDIT_EXPORT_WHOLE_TARGET_MS,
  };
}

function report(result: { targets: Record<string, boolean | null>; [part: string]: unknown }): void {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  // A benchmark whose target fails is a failed run, so scripts and CI can tell.
  const missed = Object.entries(result.targets).filter(([, met]) => met === false).map(([name]) => name);
  if (missed.length > 0) {
    log(`targets missed: ${missed.join(', ')}`);
    process.exitCode = 1;
  }
}
