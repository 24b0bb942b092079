// Voice at scale: the call scheduler's tick with 1,000 active campaigns and 100,000 queued calls, and
// Vapi webhook events ingested through the real HTTP route (verify, store, queue) and applied by the
// calls.webhook job.
import type { JobCatalog } from '@switchboard/core/jobs';
import { createLogger } from '@switchboard/core/logging';
import { createBoss, createSql, QUEUE_SCHEMA, setSystemConfigValue, type ProviderKeyResolver, type Sql } from '@switchboard/db';
import { signVapiWebhook, startVapiFake, vapiEndOfCallReportBody, vapiStatusUpdateBody, type VapiCallObject } from '@switchboard/provider-fakes';
import { jobs, startSwitchboardWorker, type RunningWorker } from '@switchboard/worker';
import { loadavg } from 'node:os';
import { startTestWebServer } from '../tests/web-server.ts';
import { log, percentile, round } from './stats.ts';

const silent = createLogger({ name: 'bench', level: process.env.BENCH_LOG_LEVEL === 'info' ? 'info' : 'silent', format: 'json' });
const ALWAYS_OPEN = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 };
const CAP = 8;
const LIVE = ['dialing', 'ringing', 'in_progress'];
const HMAC = { hmacSecret: 'bench-vapi-hmac-secret-0123456789' };
const INGEST_CONCURRENCY = 32;
// A few lines of conversation, as an end-of-call report carries (real ones are longer).
const TRANSCRIPT = Array.from({ length: 12 }, (_, line) => (line % 2 ? 'User: Sure, tell me more about the offer.' : 'AI: Hi, this is Ann from Switchboard calling about your plumbing business.')).join('\n');

function jobOf(queue: 'calls.tick' | 'calls.webhook') {
  const job = jobs.find((candidate) => candidate.queue === queue);
  if (!job) throw new Error(`no ${queue} job`);
  return job;
}

interface SeededCallCampaigns {
  workspaceIds: string[];
  campaigns: number;
  calls: number;
}

/**
 * `workspaces` workspaces, each with its own Vapi number and `campaignsPerWorkspace` active campaigns
 * of `callsPerCampaign` leads with one queued call each, due now, in set-based inserts.
 */
async function seedCallCampaigns(sql: Sql, input: { prefix: string; workspaces: number; campaignsPerWorkspace: number; callsPerCampaign: number }): Promise<SeededCallCampaigns> {
  const workspaces = await sql<{ id: string }[]>`
    insert into workspaces (name, slug)
    select 'Bench ' || ${input.prefix} || ' ' || w, 'bench-' || ${input.prefix} || '-' || w from generate_series(1, ${input.workspaces}::int) w
    returning id`;
  const workspaceIds = workspaces.map((workspace) => workspace.id);
  await sql`
    insert into campaigns (workspace_id, name, status, time_zone, call_assistant_id, call_window)
    select w.id, 'Calls ' || c, 'active', 'America/Chicago', 'asst-bench', ${sql.json(ALWAYS_OPEN)}::jsonb
    from unnest(${workspaceIds}::uuid[]) w(id), generate_series(1, ${input.campaignsPerWorkspace}::int) c`;
  // Phone numbers unique per workspace: the campaign's rank within its workspace and the lead's within its campaign.
  await sql`
    insert into leads (workspace_id, campaign_id, name, country, region, phone)
    select k.workspace_id, k.id, 'Lead ' || n, 'US', 'Texas', '+1512' || lpad((k.rank * ${input.callsPerCampaign}::int + n)::text, 7, '0')
    from (select id, workspace_id, row_number() over (partition by workspace_id order by id) - 1 as rank
          from campaigns where workspace_id = any(${workspaceIds}::uuid[])) k,
         generate_series(1, ${input.callsPerCampaign}::int) n`;
  // The attempt key as core's callAttemptKey writes it.
  const [calls]: [{ count: number }?] = await sql`
    with created as (
      insert into calls (workspace_id, campaign_id, lead_id, to_number, phone_number_id, attempt, attempt_key, not_before)
      select l.workspace_id, l.campaign_id, l.id, l.phone, 'pn-' || l.workspace_id, 1, 'call:' || l.campaign_id || ':' || l.id || ':1', now() - interval '1 minute'
      from leads l where l.workspace_id = any(${workspaceIds}::uuid[])
      returning 1)
    select count(*)::int as count from created`;
  for (const table of ['workspaces', 'campaigns', 'leads', 'calls']) await sql`vacuum analyze ${sql(table)}`;
  return { workspaceIds, campaigns: input.workspaces * input.campaignsPerWorkspace, calls: calls?.count ?? 0 };
}

async function waitForJob(sql: Sql, id: string, timeoutMs: number): Promise<number> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const [job]: [{ state: string; ms: number | null }?] = await sql`
      select state, (extract(epoch from (completed_on - started_on)) * 1000)::float8 as ms from ${sql(QUEUE_SCHEMA)}.job where id = ${id}`;
    if (job?.state === 'completed') return job.ms ?? 0;
    if (job?.state === 'failed') throw new Error(`calls.tick ${id} failed`);
  }
  throw new Error(`calls.tick ${id} did not finish within ${timeoutMs} ms`);
}

function tickFigures(tickMs: number[], started: number[]) {
  return {
    ticks: tickMs.length,
    tickMs: tickMs.map((ms) => round(ms, 0)),
    p50TickMs: round(percentile(tickMs, 50), 0),
    p95TickMs: round(percentile(tickMs, 95), 0),
    slowestTickMs: round(Math.max(...tickMs), 0),
    callsStartedPerTick: started,
  };
}

/**
 * calls.tick as the worker runs it (reconcile stale calls, then claim and place up to the free slots of
 * each workspace and Vapi number, POST /call to the Vapi fake), over `campaigns` active campaigns in
 * `workspaces` workspaces (one Vapi number each) with `calls` queued calls due. Each tick's time is the
 * job's own (pg-boss started_on to completed_on). Ticks with free slots (the live calls ended between
 * ticks, untimed) start up to cap × workspaces calls; ticks with every slot taken start none. The first
 * round warms the worker (its Vapi clients, its connections) and is reported on its own.
 */
export async function callsTickTimes(url: string, input: { workspaces: number; campaigns: number; calls: number; ticks: number }) {
  const sql = createSql(url, { applicationName: 'bench-calls-tick' });
  const vapi = await startVapiFake();
  let worker: RunningWorker<JobCatalog> | undefined;
  try {
    const seededAt = performance.now();
    const campaignsPerWorkspace = Math.ceil(input.campaigns / input.workspaces);
    const seeded = await seedCallCampaigns(sql, { prefix: 'tick', workspaces: input.workspaces, campaignsPerWorkspace, callsPerCampaign: Math.ceil(input.calls / (input.workspaces * campaignsPerWorkspace)) });
    log(`calls tick: seeded ${seeded.campaigns} campaigns, ${seeded.calls} queued calls in ${round((performance.now() - seededAt) / 1000, 1)} s`);
    await setSystemConfigValue(sql, 'default_concurrency_cap', CAP);
    // The cron's minute: a tick does not queue the next one (the bench runs each on its own).
    await setSystemConfigValue(sql, 'default_cron_cadence', 60);
    const providerKey = (async (workspaceId: string | null, kind: string) =>
      kind === 'vapi' && workspaceId ? { fields: { apiKey: vapi.apiKey, phoneNumberId: `pn-${workspaceId}` }, source: 'environment' } : null) as ProviderKeyResolver;
    worker = await startSwitchboardWorker({
      sql, boss: createBoss(url, 'worker', { supervise: false, schedule: false }), log: silent, jobs: [jobOf('calls.tick')], providerKey, baseUrls: { vapi: vapi.baseUrl },
    });
    const placingMs: number[] = [];
    const placingStarted: number[] = [];
    const fullMs: number[] = [];
    const fullStarted: number[] = [];
    const warmUpMs: number[] = [];
    for (let pass = 0; pass <= input.ticks; pass += 1) {
      for (const [tickMs, started] of [[placingMs, placingStarted], [fullMs, fullStarted]] as const) {
        const before = vapi.placed.length;
        tickMs.push(await waitForJob(sql, (await worker.enqueue('calls.tick', {}))!, 120_000));
        started.push(vapi.placed.length - before);
      }
      if (pass === 0) {
        warmUpMs.push(placingMs.pop()!, fullMs.pop()!);
        placingStarted.pop();
        fullStarted.pop();
      }
      // The live calls end (untimed), so the next tick has free slots again.
      await sql`update calls set status = 'completed', ended_at = now(), updated_at = now() where status = any(${LIVE})`;
    }
    const [queued]: [{ count: number }?] = await sql`select count(*)::int as count from calls where status = 'queued'`;
    log(`calls tick: ${input.ticks} ticks with free slots (${placingStarted.join(', ')} calls started), slowest ${round(Math.max(...placingMs), 0)} ms`);
    return {
      workspaces: input.workspaces,
      campaigns: seeded.campaigns,
      queuedCalls: seeded.calls,
      cap: CAP,
      withFreeSlots: tickFigures(placingMs, placingStarted),
      withEverySlotTaken: tickFigures(fullMs, fullStarted),
      /** The first round's two ticks (free slots, every slot taken), not counted above. */
      warmUpTickMs: warmUpMs.map((ms) => round(ms, 0)),
      queuedAfter: queued?.count ?? 0,
      callsPlacedTwice: vapi.placed.length - new Set(vapi.placed.map((placed) => (placed.body.assistantOverrides as { metadata: { callId: string } }).metadata.callId)).size,
      loadAverage: round(loadavg()[0]!, 1),
    };
  } finally {
    await worker?.stop(10_000);
    await vapi.close();
    await sql.end();
  }
}

/**
 * Vapi's server messages for `calls` placed calls (ringing, in progress, then the end-of-call report:
 * three events each), signed with the HMAC and POSTed `INGEST_CONCURRENCY` at a time to the real web
 * server's /webhooks/vapi, which verifies, stores and queues each one. Then a worker with the
 * calls.webhook job applies the backlog. The bodies are signed before the clock starts (that is Vapi's work).
 */
export async function vapiWebhookThroughput(url: string, input: { calls: number }) {
  const sql = createSql(url, { applicationName: 'bench-vapi-webhooks' });
  const web = await startTestWebServer(sql, url, { vapiWebhookSecrets: HMAC });
  let worker: RunningWorker<JobCatalog> | undefined;
  try {
    const seeded = await seedCallCampaigns(sql, { prefix: 'webhooks', workspaces: 1, campaignsPerWorkspace: 1, callsPerCampaign: input.calls });
    const placed = await sql<{ id: string; vapiCallId: string }[]>`
      update calls set status = 'dialing', dialing_at = now(), vapi_call_id = 'vapi-bench-' || id, updated_at = now()
      where workspace_id = ${seeded.workspaceIds[0]!} returning id, vapi_call_id as "vapiCallId"`;
    const now = new Date();
    const requests = placed.flatMap(({ id, vapiCallId }) => {
      const call: VapiCallObject = { id: vapiCallId, orgId: 'org-bench', type: 'outboundPhoneCall', status: 'queued', createdAt: now.toISOString(), updatedAt: now.toISOString(), assistantOverrides: { metadata: { callId: id } } };
      return [
        vapiStatusUpdateBody(call, 'ringing'),
        vapiStatusUpdateBody(call, 'in-progress'),
        vapiEndOfCallReportBody(call, { endedReason: 'customer-ended-call', durationSeconds: 42, cost: 0.12, transcript: TRANSCRIPT, summary: 'Interested; asked for an email.' }),
      ].map((message) => signVapiWebhook(HMAC, JSON.stringify(message)));
    });
    const answers = new Map<number, number>();
    let next = 0;
    const startedAt = performance.now();
    await Promise.all(
      Array.from({ length: INGEST_CONCURRENCY }, async () => {
        while (next < requests.length) {
          const request = requests[next++]!;
          const response = await fetch(`${web.base}/webhooks/vapi`, { method: 'POST', headers: request.headers, body: request.body });
          await response.arrayBuffer();
          answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const ingestSeconds = (performance.now() - startedAt) / 1000;
    const [stored]: [{ events: number; jobs: number }?] = await sql`
      select (select count(*)::int from call_webhook_events where vapi_call_id like 'vapi-bench-%') as events,
             (select count(*)::int from ${sql(QUEUE_SCHEMA)}.job where name = 'calls.webhook') as jobs`;
    log(`vapi webhooks: ${requests.length} events ingested in ${round(ingestSeconds, 2)} s`);

    const appliedAt = performance.now();
    worker = await startSwitchboardWorker({ sql, boss: createBoss(url, 'worker', { supervise: false, schedule: false }), log: silent, jobs: [jobOf('calls.webhook')] });
    const unapplied = async () => {
      const [row]: [{ count: number }?] = await sql`select count(*)::int as count from call_webhook_events where vapi_call_id like 'vapi-bench-%' and processed_at is null`;
      return row?.count ?? 0;
    };
    for (const deadline = Date.now() + 600_000; (await unapplied()) > 0; await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (Date.now() > deadline) throw new Error('the calls.webhook backlog was not applied within 600 s');
    }
    const applySeconds = (performance.now() - appliedAt) / 1000;
    const [completed]: [{ count: number }?] = await sql`select count(*)::int as count from calls where workspace_id = ${seeded.workspaceIds[0]!} and status = 'completed'`;
    log(`vapi webhooks: ${requests.length} events applied in ${round(applySeconds, 2)} s`);
    return {
      calls: placed.length,
      events: requests.length,
      concurrency: INGEST_CONCURRENCY,
      ingestSeconds: round(ingestSeconds, 2),
      eventsIngestedPerSecond: round(requests.length / ingestSeconds, 0),
      answers: Object.fromEntries(answers),
      storedEvents: stored?.events ?? 0,
      queuedJobs: stored?.jobs ?? 0,
      // From the worker's start (pg-boss start included) until every event is applied.
      applySeconds: round(applySeconds, 2),
      eventsAppliedPerSecond: round(requests.length / applySeconds, 0),
      callsCompleted: completed?.count ?? 0,
      loadAverage: round(loadavg()[0]!, 1),
    };
  } finally {
    await worker?.stop(10_000);
    await web.close();
    await sql.end();
  }
}
