// Outreach at scale: campaign sends through the real dispatch path into the Resend fake, and the
// scheduler's tick with 100,000 enrolments due.
import { defaultSequence, type Sequence } from '@switchboard/core';
import { deriveMasterKey } from '@switchboard/core/crypto';
import { createLogger } from '@switchboard/core/logging';
import { deriveUnsubscribeKey } from '@switchboard/core/suppression';
import {
  createBoss,
  createCampaign,
  createKeyResolver,
  createMailbox,
  createSql,
  enrolApprovedLeads,
  setCampaignMailboxes,
  setCampaignSequence,
  setCampaignStatus,
  type Sql,
} from '@switchboard/db';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { jobs, startSwitchboardWorker } from '@switchboard/worker';
import { createMember } from '../tests/accounts.ts';
import type { FakeStats } from './resend-fake-process.ts';
import { log, percentile, round } from './stats.ts';

const silent = createLogger({ name: 'bench', level: process.env.BENCH_LOG_LEVEL === 'info' ? 'info' : 'silent', format: 'json' });
const PUBLIC_URL = 'https://switchboard.bench.example';
// High enough that no mailbox limit is what the bench measures.
const HIGH_LIMITS = { limitPerMinute: 1_000_000, limitPerHour: 1_000_000, limitPerDay: 1_000_000 };
const ALWAYS_OPEN = { sendDays: [0, 1, 2, 3, 4, 5, 6], sendStartMinute: 0, sendEndMinute: 1440 };
const FAKE_CEILING_CONCURRENCY = 64;
const FAKE_CEILING_SECONDS = 3;
// Untimed POSTs first: this process's fetch is cold after seeding (its first 4,000 requests took over
// twice the CPU per request of the next 4,000 in a probe), so the ceiling partly measured that warm-up.
const FAKE_CEILING_WARMUP_SECONDS = 1;

function jobOf(queue: 'email.dispatch' | 'outreach.tick') {
  const job = jobs.find((candidate) => candidate.queue === queue);
  if (!job) throw new Error(`no ${queue} job`);
  return job;
}

/** The default sequence with its first email written from the template (AI writing has its own costs and fakes). */
function benchSequence(): Sequence {
  const sequence = defaultSequence();
  sequence.steps[0] = { ...sequence.steps[0]!, aiPersonalise: false } as (typeof sequence.steps)[number];
  return sequence;
}

/** An active campaign with `mailboxes` mailboxes in its rotation and `leads` approved leads (one address each), all enrolled and due now. */
export async function seedCampaign(sql: Sql, input: { name: string; leads: number; mailboxes: number }) {
  const member = await createMember(sql, { email: `${input.name}@bench.test`, role: 'admin', workspaceName: `Bench ${input.name}` });
  const { workspaceId, userId } = member;
  const target = { queries: ['plumber'], locations: ['Austin'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
  const campaign = await createCampaign(sql, { workspaceId, name: input.name, timeZone: 'America/Chicago', target, createdBy: userId });
  const mailboxIds: string[] = [];
  for (let index = 0; index < input.mailboxes; index += 1) {
    const mailbox = await createMailbox(sql, {
      workspaceId, createdBy: userId, fromName: `Sender ${index}`, fromAddress: `sender${index}@${input.name}.bench.example`, provider: 'resend',
      signature: 'Ann', postalAddress: '1 Main St, Austin TX', ...HIGH_LIMITS, ...ALWAYS_OPEN,
    });
    mailboxIds.push(mailbox!.id);
  }
  await setCampaignMailboxes(sql, workspaceId, campaign.id, mailboxIds);
  await sql`
    insert into leads (workspace_id, campaign_id, name, name_key, domain, website, city, region, country, category, status, score, confidence, first_seen_at, last_seen_at)
    select ${workspaceId}, ${campaign.id}, 'Plumber ' || n, 'plumber ' || n || '|austin|us', 'plumber-' || n || '.bench.example',
           'https://plumber-' || n || '.bench.example/', 'Austin', 'Texas', 'US', 'Plumber', 'approved', 50, 'high', now(), now()
    from generate_series(1, ${input.leads}::int) n`;
  await sql`
    insert into lead_contacts (workspace_id, lead_id, email, name, source_page)
    select workspace_id, id, 'owner@' || domain, 'Maria Lopez', website || 'contact' from leads where campaign_id = ${campaign.id}`;
  const sequence = benchSequence();
  await setCampaignSequence(sql, { workspaceId, campaignId: campaign.id, sequence, by: userId });
  await setCampaignStatus(sql, workspaceId, campaign.id, { from: ['draft'], to: 'active', by: userId });
  const enrolled = await enrolApprovedLeads(sql, { workspaceId, campaignId: campaign.id, enrolledBy: userId, firstStepId: sequence.steps[0]!.id, startAt: new Date(Date.now() - 60_000) });
  if (enrolled.length !== input.leads) throw new Error(`enrolled ${enrolled.length} of ${input.leads} leads`);
  await sql`vacuum analyze leads`;
  await sql`vacuum analyze lead_contacts`;
  await sql`vacuum analyze enrolments`;
  return { workspaceId, userId, campaignId: campaign.id, firstStepId: sequence.steps[0]!.id };
}

async function untilCount(sql: Sql, count: () => Promise<number>, wanted: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await count()) >= wanted) return;
    if (Date.now() > deadline) throw new Error(`${what} did not finish within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The Resend fake in its own process (see resend-fake-process.ts). */
async function startFakeProcess(): Promise<{ baseUrl: string; apiKey: string; stats(keyPrefix: string): Promise<FakeStats>; close(): Promise<void> }> {
  const child: ChildProcess = fork(new URL('./resend-fake-process.ts', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [ready] = (await once(child, 'message')) as [{ type: 'ready'; baseUrl: string; apiKey: string }];
  return {
    baseUrl: ready.baseUrl,
    apiKey: ready.apiKey,
    async stats(keyPrefix) {
      child.send({ type: 'stats', keyPrefix });
      const [answer] = (await once(child, 'message')) as [{ type: 'stats'; stats: FakeStats }];
      return answer.stats;
    },
    async close() {
      child.send({ type: 'close' });
      await once(child, 'exit');
    },
  };
}

/**
 * Campaign emails per second into the Resend fake: `sends` planned sends of one campaign rotating
 * across `mailboxes` mailboxes with high limits, sent by a worker running the email.dispatch job (the
 * real dispatch path, the real Resend SDK through the worker's adapter, real HTTP), timed from the
 * job's enqueue until the database says every send is `sent`. The fake runs in a process of its own
 * (Resend is another machine). Beside it, the fake's own ceiling: plain fetch POSTs from this process,
 * FAKE_CEILING_CONCURRENCY at a time, against the same fake, just before the sends and just after (the
 * machine is shared, so its load can change within a run).
 */
export async function outreachSendThroughput(url: string, sends: number, mailboxes: number) {
  const sql = createSql(url, { applicationName: 'bench-outreach-sends' });
  const fake = await startFakeProcess();
  try {
    const seededAt = performance.now();
    const campaign = await seedCampaign(sql, { name: 'sends', leads: sends, mailboxes });
    // The sends as the scheduler makes them.
    const tick = jobOf('outreach.tick');
    const ticker = await startSwitchboardWorker({
      sql, boss: createBoss(url, 'worker', { supervise: false, schedule: false }), log: silent, jobs: [tick], publicUrl: PUBLIC_URL,
    });
    await ticker.enqueue('outreach.tick', {});
    const countSends = async () => {
      const [row]: [{ count: number }?] = await sql`
        select count(*)::int as count from sends where workspace_id = ${campaign.workspaceId} and campaign_id = ${campaign.campaignId}`;
      return row?.count ?? 0;
    };
    await untilCount(sql, () => countSends(), sends, 300_000, 'planning the sends');
    await ticker.stop(10_000);
    await sql`vacuum analyze sends`;
    await sql`vacuum analyze enrolments`;
    log(`outreach sends: seeded ${sends} leads and planned their sends in ${round((performance.now() - seededAt) / 1000, 1)} s`);

    const ceiling = await fakeCeiling(fake.baseUrl, fake.apiKey, 'before');
    log(`outreach sends: the fake takes ${round(ceiling, 0)} plain POSTs/s (load ${loadavg()[0]!.toFixed(1)})`);

    const worker = await startSwitchboardWorker({
      sql,
      boss: createBoss(url, 'worker', { supervise: false, schedule: false }),
      log: silent,
      jobs: [jobOf('email.dispatch')],
      publicUrl: PUBLIC_URL,
      unsubscribeKey: deriveUnsubscribeKey(deriveMasterKey('bench-master-secret-that-is-long-enough')),
      emailFrom: 'Switchboard <hello@switchboard.bench.example>',
      providerKey: createKeyResolver(sql, null, { resend: { apiKey: fake.apiKey } }),
      baseUrls: { resend: fake.baseUrl },
    });
    const startedAt = performance.now();
    await worker.enqueue('email.dispatch', {}, { wakeUp: true });
    // Done when none of the campaign's sends waits or is on its way. Asked every 25 ms, so it must cost
    // Postgres next to nothing: an exists over the campaign's index, not a count of up to 10,000 rows 40
    // times a second, work the measured sends would share the machine's 2 cores with.
    await untilCount(sql, async () => {
      const [row]: [{ busy: boolean }?] = await sql`
        select exists (
          select 1 from sends where workspace_id = ${campaign.workspaceId} and campaign_id = ${campaign.campaignId}
            and step_id = ${campaign.firstStepId} and status in ('queued', 'retrying', 'sending')
        ) as busy`;
      return row?.busy === false ? 1 : 0;
    }, 1, 600_000, 'sending');
    const seconds = (performance.now() - startedAt) / 1000;
    const loadDuringSends = loadavg()[0]!;
    await worker.stop(10_000);
    // Campaign sends done, the enrolments it moved on must not become the tick bench's work.
    await setCampaignStatus(sql, campaign.workspaceId, campaign.campaignId, { from: ['active'], to: 'paused', by: campaign.userId });

    const ceilingAfter = await fakeCeiling(fake.baseUrl, fake.apiKey, 'after');
    log(`outreach sends: after them, the fake takes ${round(ceilingAfter, 0)} plain POSTs/s (load ${loadavg()[0]!.toFixed(1)})`);
    const taken = await fake.stats('send:');
    const [statuses]: [{ sent: number; other: number }?] = await sql`
      select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status <> 'sent')::int as other
      from sends where campaign_id = ${campaign.campaignId}`;
    log(`outreach sends: ${sends} sent in ${round(seconds, 2)} s`);
    return {
      sends,
      mailboxes,
      seconds: round(seconds, 2),
      sendsPerSecond: round(sends / seconds, 0),
      fakeCeilingPostsPerSecond: round(ceiling, 0),
      fakeCeilingAfterPostsPerSecond: round(ceilingAfter, 0),
      fakeCeilingConcurrency: FAKE_CEILING_CONCURRENCY,
      /** Sends per second over the fake's ceiling before and after them. */
      ratioToCeiling: [round(sends / seconds / ceiling, 2), round(sends / seconds / ceilingAfter, 2)],
      loadAverage: round(loadDuringSends, 1),
      acceptedByFake: taken.acceptedWithPrefix,
      distinctIdempotencyKeys: taken.distinctKeys,
      sentRows: statuses?.sent ?? 0,
      otherRows: statuses?.other ?? 0,
    };
  } finally {
    await fake.close();
    await sql.end();
  }
}

/**
 * Plain fetch POSTs to the fake, `FAKE_CEILING_CONCURRENCY` at a time for FAKE_CEILING_SECONDS after
 * FAKE_CEILING_WARMUP_SECONDS untimed: what it takes at most.
 */
async function fakeCeiling(baseUrl: string, apiKey: string, keyPrefix: string): Promise<number> {
  await postsToFake(baseUrl, apiKey, `ceiling-warmup-${keyPrefix}`, FAKE_CEILING_WARMUP_SECONDS);
  return postsToFake(baseUrl, apiKey, `ceiling-${keyPrefix}`, FAKE_CEILING_SECONDS);
}

async function postsToFake(baseUrl: string, apiKey: string, keyPrefix: string, forSeconds: number): Promise<number> {
  const body = (n: number) =>
    JSON.stringify({
      from: 'Sender 0 <sender0@ceiling.bench.example>', to: [`owner@plumber-${n}.bench.example`], subject: 'Quick question for Plumber',
      text: 'Hi Maria,\n\nA short question about your plumbing business.\n\nAnn\n1 Main St, Austin TX', html: '<p>Hi Maria,</p><p>A short question about your plumbing business.</p>',
      headers: { 'Message-ID': `<${n}@bench.example>`, 'List-Unsubscribe': '<https://switchboard.bench.example/u/x>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      tags: [{ name: 'send_id', value: `ceiling-${n}` }],
    });
  let next = 0;
  let done = 0;
  const endAt = performance.now() + forSeconds * 1000;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: FAKE_CEILING_CONCURRENCY }, async () => {
      while (performance.now() < endAt) {
        const n = next++;
        const response = await fetch(`${baseUrl}/emails`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': `${keyPrefix}:${n}` },
          body: body(n),
        });
        if (response.status !== 200) throw new Error(`the fake answered ${response.status}`);
        await response.arrayBuffer();
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - startedAt) / 1000);
}

/**
 * The scheduler with `enrolments` enrolments due at once (a campaign's outreach just started). One
 * tick is one outreach.tick job as the worker runs it (claim a batch with skip locked, plan with
 * core, write decisions and sends, repeat within the job's budget; it enqueues the next tick when
 * more is due). One tick is enqueued; the ticks it leads to run back to back until every enrolment
 * has its first send. Each tick's time is the job's own (pg-boss started_on to completed_on); the
 * time until all are planned is reported beside it.
 */
export async function outreachTickTimes(url: string, enrolments: number) {
  const sql = createSql(url, { applicationName: 'bench-outreach-tick' });
  try {
    const seededAt = performance.now();
    const campaign = await seedCampaign(sql, { name: 'tick', leads: enrolments, mailboxes: 1 });
    log(`outreach tick: seeded ${enrolments} enrolments in ${round((performance.now() - seededAt) / 1000, 1)} s`);
    const worker = await startSwitchboardWorker({
      sql, boss: createBoss(url, 'worker', { supervise: false, schedule: false }), log: silent, jobs: [jobOf('outreach.tick')], publicUrl: PUBLIC_URL,
    });
    const countSends = async () => {
      const [row]: [{ count: number }?] = await sql`select count(*)::int as count from sends where workspace_id = ${campaign.workspaceId} and campaign_id = ${campaign.campaignId}`;
      return row?.count ?? 0;
    };
    const startedAt = performance.now();
    const firstTick = await worker.enqueue('outreach.tick', {});
    await untilCount(sql, countSends, enrolments, 600_000, 'planning every enrolment');
    const allSeconds = (performance.now() - startedAt) / 1000;
    // The ticks that ran (the first and those it and its followers enqueued), once none is left to run.
    let ticks: { state: string; ms: number }[] = [];
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
      ticks = await sql<{ state: string; ms: number }[]>`
        select state, coalesce(extract(epoch from (completed_on - started_on)) * 1000, 0)::float8 as ms from pgboss.job
        where name = 'outreach.tick' and created_on >= (select created_on from pgboss.job where name = 'outreach.tick' and id = ${firstTick})
        order by created_on`;
      if (ticks.every((tick) => tick.state === 'completed' || tick.state === 'failed')) break;
    }
    if (ticks.some((tick) => tick.state !== 'completed')) throw new Error(`ticks not completed: ${ticks.map((tick) => tick.state).join(', ')}`);
    const tickMs = ticks.map((tick) => tick.ms);
    await worker.stop(10_000);
    await setCampaignStatus(sql, campaign.workspaceId, campaign.campaignId, { from: ['active'], to: 'paused', by: campaign.userId });
    log(`outreach tick: ${enrolments} enrolments planned in ${ticks.length} ticks, ${round(allSeconds, 2)} s`);
    return {
      enrolments,
      ticks: ticks.length,
      tickMs: tickMs.map((ms) => round(ms, 0)),
      slowestTickMs: round(Math.max(...tickMs), 0),
      p50TickMs: round(percentile(tickMs, 50), 0),
      allPlannedSeconds: round(allSeconds, 2),
      enrolmentsPlannedPerSecond: round(enrolments / allSeconds, 0),
      loadAverage: round(loadavg()[0]!, 1),
    };
  } finally {
    await sql.end();
  }
}
