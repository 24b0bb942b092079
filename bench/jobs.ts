import { JOB_STATES, JOB_WINDOW_HOURS, QUEUE_NAMES, queueScope } from '@switchboard/core/jobs';
import { claimInstanceOwnership, createBoss, createSql, storeJobCounts, type Sql } from '@switchboard/db';
import { createMember } from '../tests/accounts.ts';
import { REQUESTS_PER_PAGE, startBuiltWebServer, timePage, type PageTiming } from './ssr.ts';
import { log, round } from './stats.ts';

/** Deep enough that an OFFSET would show: the fifth page, reached by following each page's "Older jobs". */
const CURSOR_DEPTH = 5;
/** Jobs older than the page's window, as pg-boss keeps finished jobs for days: the page must not read them. */
const OLDER_JOBS_SHARE = 0.2;
/** The queues whose payloads name a workspace, the webhook queues (a workspace once attributed), and the rest. */
const WEBHOOK_QUEUES = ['email.webhook', 'calls.webhook'];

interface JobsScenario {
  name: string;
  path: string;
  who: 'owner' | 'admin';
  /** Measured for comparison only: no target. */
  baseline?: true;
}

/**
 * `jobs` pg-boss jobs created within the Jobs page's window (and a fifth as many older ones), across
 * every queue and state and two workspaces, inserted set-based as pg-boss stores them; then SSR of
 * /jobs against the built server as an instance owner (workspace A and the installation) and as
 * workspace B's admin: all jobs, each state, a workspace, a webhook and an installation queue, a
 * queue and state together, and page 5 by its cursor. p50/p95 over REQUESTS_PER_PAGE requests and
 * the HTML's size.
 */
export async function jobsPageTimings(url: string, jobs: number) {
  const server = await startBuiltWebServer(url, 'jobs');
  const sql = createSql(url, { applicationName: 'bench-jobs' });
  try {
    const owner = await createMember(sql, { email: 'bench-jobs-owner@bench.test', role: 'admin', workspaceName: 'Bench jobs A' });
    await claimInstanceOwnership(sql, owner.userId, true);
    const admin = await createMember(sql, { email: 'bench-jobs-admin@bench.test', role: 'admin', workspaceName: 'Bench jobs B' });
    const boss = createBoss(url, 'producer');
    await boss.start();
    for (const queue of QUEUE_NAMES) await boss.createQueue(queue, { notify: true });
    await boss.stop({ graceful: false });

    const seededAt = performance.now();
    const older = Math.round(jobs * OLDER_JOBS_SHARE);
    await seedJobs(sql, { jobs, older, workspaceIds: [owner.workspaceId, admin.workspaceId] });
    // As autovacuum leaves a table after a bulk load; otherwise it would start in the middle of the timings.
    await sql`vacuum (analyze) pgboss.job`;
    const [seeded]: [{ inWindow: number; total: number; adminJobs: number }?] = await sql`
      select count(*) filter (where created_on > now() - interval '72 hours')::int as "inWindow", count(*)::int as total,
        count(*) filter (where data ->> 'workspaceId' = ${admin.workspaceId})::int as "adminJobs"
      from pgboss.job where not starts_with(name, '__pgboss')`;
    if (!seeded) throw new Error('The seeded jobs could not be counted.');
    log(`jobs: seeded ${seeded.total} jobs (${seeded.inWindow} in the window, ${seeded.adminJobs} of workspace B) in ${round((performance.now() - seededAt) / 1000, 1)} s`);

    // What the worker's jobs.count job does every minute; its time is the page's count cost, moved off the page.
    const countStartedAt = performance.now();
    const stored = await storeJobCounts(sql, JOB_WINDOW_HOURS);
    const storeCountsMs = round(performance.now() - countStartedAt);
    log(`jobs: stored ${stored.rows} counts in ${storeCountsMs} ms`);

    await server.ready();
    const cookies = { owner: owner.cookie, admin: admin.cookie };
    const scenarios: JobsScenario[] = [];
    for (const who of ['owner', 'admin'] as const) {
      scenarios.push(
        // Reads no jobs: the cost of any signed-in page (session, layout, render), to read the others against.
        ...(who === 'owner' ? [{ name: 'baselineMembersPage', path: '/admin/members', who, baseline: true as const }] : []),
        { name: `${who}All`, path: '/jobs', who },
        ...JOB_STATES.map((state) => ({ name: `${who}State_${state}`, path: `/jobs?state=${state}`, who })),
        { name: `${who}QueueLeadsImport`, path: '/jobs?queue=leads.import', who },
        { name: `${who}QueueEmailWebhook`, path: '/jobs?queue=email.webhook', who },
        { name: `${who}QueueDiscoveryScrapeFailed`, path: '/jobs?queue=discovery.scrape&state=failed', who },
        ...(who === 'owner' ? [{ name: `${who}QueueOutreachTick`, path: '/jobs?queue=outreach.tick', who }] : []),
      );
      let path = '/jobs';
      for (let page = 1; page < CURSOR_DEPTH; page += 1) {
        const html = await (await fetch(`${server.baseUrl}${path}`, { headers: { cookie: cookies[who] } })).text();
        const next = /href="(\/jobs\?before=[^"]+)"[^>]*>Older jobs</.exec(html);
        if (!next) throw new Error(`${path} has no "Older jobs" link for the ${who}; page ${CURSOR_DEPTH} needs more jobs.`);
        path = next[1]!.replaceAll('&amp;', '&');
      }
      scenarios.push({ name: `${who}Page${CURSOR_DEPTH}ByCursor`, path, who });
    }

    const pages: Record<string, PageTiming & { rows: number }> = {};
    for (const scenario of scenarios) {
      const { timing, html } = await timePage(server.baseUrl, scenario.path, cookies[scenario.who]);
      const rows = html.match(/data-testid="job-row"/g)?.length ?? 0;
      pages[scenario.name] = { ...timing, rows };
      log(`jobs: ${scenario.who} ${scenario.path} min ${timing.minMs} ms, p50 ${timing.p50Ms} ms, p95 ${timing.p95Ms} ms, ${timing.bytes} bytes (${rows} rows)`);
    }
    const measured = scenarios.filter((scenario) => !scenario.baseline);
    const slowest = Math.max(...measured.map((scenario) => pages[scenario.name]!.p95Ms));
    const largest = Math.max(...measured.map((scenario) => pages[scenario.name]!.bytes));
    return { jobs, seeded, storeCountsMs, requestsPerPage: REQUESTS_PER_PAGE, pages, slowestP95Ms: slowest, largestPageBytes: largest };
  } finally {
    await server.stop();
    await sql.end();
  }
}

/**
 * `jobs` jobs spread over the last 72 hours and `older` over the four days before, in one insert: every
 * queue, mostly completed (as a running installation's are), some failed with an error, some queued,
 * retrying, active or cancelled. Workspace queues' and webhook queues' payloads name one of the
 * workspaces, as their producers write them.
 */
export async function seedJobs(sql: Sql, input: { jobs: number; older: number; workspaceIds: [string, string] }): Promise<void> {
  const workspaceQueues = QUEUE_NAMES.filter((queue) => queueScope(queue) === 'workspace' && !WEBHOOK_QUEUES.includes(queue));
  const installationQueues = QUEUE_NAMES.filter((queue) => queueScope(queue) === 'installation' && !WEBHOOK_QUEUES.includes(queue));
  // Webhooks and imports are the busy queues; every queue gets some.
  const queues = [...workspaceQueues, ...workspaceQueues, ...WEBHOOK_QUEUES, ...WEBHOOK_QUEUES, ...WEBHOOK_QUEUES, ...installationQueues];
  const kinds = queues.map((queue) => (WEBHOOK_QUEUES.includes(queue) ? 'webhook' : workspaceQueues.includes(queue as never) ? 'workspace' : 'installation'));
  await sql`
    with seeded as (
      select n, q.name, q.kind,
        case when n <= ${input.jobs} then now() - (random() * interval '72 hours') else now() - interval '72 hours' - (random() * interval '4 days') end as created_on,
        ${input.workspaceIds}::uuid[] as workspaces,
        (n * 7919) % 1000 as roll
      from generate_series(1, ${input.jobs + input.older}) as n
      cross join lateral (
        select (${queues}::text[])[1 + (n * 31) % ${queues.length}] as name, (${kinds}::text[])[1 + (n * 31) % ${queues.length}] as kind
      ) q
    ), shaped as (
      select *,
        case when created_on < now() - interval '10 minutes' then
          case when roll < 30 then 'failed' when roll < 60 then 'cancelled' when roll < 70 then 'retry' else 'completed' end
        else case when roll < 500 then 'created' when roll < 600 then 'active' else 'completed' end end as state
      from seeded
    )
    insert into pgboss.job (id, name, data, state, retry_limit, retry_count, retry_delay, expire_seconds, policy,
      start_after, created_on, started_on, completed_on, keep_until, output)
    select gen_random_uuid(), name,
      case kind
        when 'workspace' then jsonb_build_object('workspaceId', workspaces[1 + (n / ${queues.length}) % 2]) || case
          when starts_with(name, 'discovery.') then jsonb_build_object('runId', gen_random_uuid(), 'taskId', gen_random_uuid())
          when name = 'leads.import' then jsonb_build_object('importId', gen_random_uuid())
          when name = 'providers.test-key' then jsonb_build_object('provider', 'resend', 'testId', gen_random_uuid())
          else '{}'::jsonb end
        -- One webhook event in ten names no send or call of ours (an inbound email, a stranger's call): no workspace.
        when 'webhook' then case when n % 10 = 0 then jsonb_build_object('eventId', gen_random_uuid())
          else jsonb_build_object('eventId', gen_random_uuid(), 'workspaceId', workspaces[1 + (n / ${queues.length}) % 2]) end
        else '{}'::jsonb
      end,
      state::pgboss.job_state,
      2, case when state in ('failed', 'retry') then 2 else 0 end, 30, 60, 'standard',
      created_on + case when state = 'retry' then interval '5 minutes' else interval '0' end,
      created_on,
      case when state = 'created' then null else created_on + interval '1 second' end,
      case when state in ('completed', 'failed', 'cancelled') then created_on + interval '2 seconds' end,
      created_on + interval '14 days',
      case when state in ('failed', 'retry') then jsonb_build_object('error', 'Resend answered 503 Service Unavailable after 30000 ms: upstream connect error or disconnect/reset before headers; the send was not accepted and will be tried again', 'stack', 'Error: provider answered 503\n    at handler (jobs/handler.ts:42:11)')
           when state = 'completed' then jsonb_build_object('applied', true) end
    from shaped`;
}
