import { addCalendarDays, ANALYTICS_MAX_DAYS, calendarDayIn } from '@switchboard/core';
import { createCampaign, createSql, outreachAnalytics, type OutreachAnalyticsQuery } from '@switchboard/db';
import { createRecordingSql, explainAnalyze, keyPlanLines } from '@switchboard/db/testing';
import { createMember } from '../tests/accounts.ts';
import { log, percentile, round } from './stats.ts';

const RUNS = 10;
const STEPS = 3;

/**
 * The analytics query with `sends` sends in one workspace spread over a year (three steps, four
 * mailboxes, each email at its own minute of the day, replies and unsubscribes on a few percent) and as
 * many in another workspace: p50/p95 of the widest range one request may read (92 days), workspace-wide
 * and for one campaign, and the EXPLAIN lines that say what was read.
 */
export async function outreachAnalyticsTimings(url: string, sends: number) {
  const sql = createSql(url, { applicationName: 'bench-analytics' });
  const recording = createRecordingSql(url);
  try {
    const seededAt = performance.now();
    const target = { queries: ['plumber'], locations: ['Austin, TX'], categories: [], pagesPerQuery: 1, sources: ['search' as const] };
    const workspaces: { workspaceId: string; campaignIds: string[] }[] = [];
    for (const name of ['Bench analytics', 'Bench analytics other']) {
      const member = await createMember(sql, { email: `${name.replaceAll(' ', '-').toLowerCase()}@bench.test`, role: 'admin', workspaceName: name });
      const campaignIds: string[] = [];
      for (const campaign of ['Plumbers', 'Dentists', 'Bakeries', 'Roofers']) {
        campaignIds.push((await createCampaign(sql, { workspaceId: member.workspaceId, name: campaign, timeZone: 'America/Chicago', target, createdBy: member.userId })).id);
      }
      await seedSends(sql, member.workspaceId, campaignIds, sends);
      workspaces.push({ workspaceId: member.workspaceId, campaignIds });
    }
    await sql`vacuum (analyze) sends, leads, enrolments, lead_messages, suppressions, mailboxes`;
    log(`analytics: seeded ${sends} sends per workspace in ${round((performance.now() - seededAt) / 1000, 1)} s`);

    const { workspaceId, campaignIds } = workspaces[0]!;
    const to = calendarDayIn('America/Chicago', new Date());
    const base: OutreachAnalyticsQuery = { workspaceId, campaignId: null, from: addCalendarDays(to, -(ANALYTICS_MAX_DAYS - 1)), to, timeZone: 'America/Chicago' };
    const scenarios = { workspace92Days: base, campaign92Days: { ...base, campaignId: campaignIds[0]! } };
    const timings: Record<string, { sendsRead: number; p50Ms: number; p95Ms: number; maxMs: number }> = {};
    const plans: Record<string, { lines: string[]; countsByRange: boolean }> = {};
    for (const [name, query] of Object.entries(scenarios)) {
      await outreachAnalytics(sql, query);
      const times: number[] = [];
      let sendsRead = 0;
      for (let run = 0; run < RUNS; run += 1) {
        const started = performance.now();
        const rows = await outreachAnalytics(sql, query);
        times.push(performance.now() - started);
        sendsRead = rows.reduce((sum, row) => sum + row.sent, 0);
      }
      timings[name] = { sendsRead, p50Ms: round(percentile(times, 50), 1), p95Ms: round(percentile(times, 95), 1), maxMs: round(Math.max(...times), 1) };
      recording.statements.length = 0;
      await outreachAnalytics(recording.sql, query);
      const lines = keyPlanLines(await explainAnalyze(recording.sql, recording.statements.at(-1)!));
      // The stored counts are read through their key (workspace, then quarter-hour): the range's rows, never the table
      // whole; and no send is read at all.
      plans[name] = {
        lines,
        countsByRange: lines.some((line) => /Scan (using|on) outreach_analytics_counts_key\b/.test(line)) && !lines.some((line) => /Seq Scan on outreach_analytics_counts\b|\bsends\b/.test(line)),
      };
    }
    return { sendsPerWorkspace: sends, runs: RUNS, timings, plans };
  } finally {
    await recording.sql.end();
    await sql.end();
  }
}

/** Leads, enrolments and sends written in bulk: most delivered, some bounced or complained, a few replied to or unsubscribed. */
async function seedSends(sql: ReturnType<typeof createSql>, workspaceId: string, campaignIds: string[], sends: number): Promise<void> {
  const leads = Math.ceil(sends / STEPS);
  await sql`
    with new_leads as (
      insert into leads (workspace_id, campaign_id, name)
      select ${workspaceId}, (${campaignIds}::uuid[])[1 + g % ${campaignIds.length}], 'Lead ' || g from generate_series(1, ${leads}) g
      returning id, campaign_id
    )
    insert into enrolments (workspace_id, campaign_id, lead_id, email)
    select ${workspaceId}, campaign_id, id, 'lead-' || id || '@leads.test' from new_leads`;
  const mailboxIds = (await sql<{ id: string }[]>`
    insert into mailboxes (workspace_id, from_name, from_address, provider)
    select ${workspaceId}, 'Sender ' || g, 'sender' || g || '@' || ${workspaceId} || '.test', 'resend' from generate_series(1, 4) g
    returning id`).map((row) => row.id);
  await sql`
    insert into sends (workspace_id, campaign_id, enrolment_id, lead_id, step_id, step_position, idempotency_key, message_id, to_address,
                       status, mailbox_id, provider, sent_at, delivery, delivered_at)
    select e.workspace_id, e.campaign_id, e.id, e.lead_id, 'step-' || st, st * 2, 'bench:' || e.id || ':' || st, '<' || e.id || '.' || st || '@bench.test>', e.email,
           'sent', (${mailboxIds}::uuid[])[1 + (abs(hashtext(e.id::text)) % 4)], 'resend', at.sent_at, outcome.delivery,
           case when outcome.delivery in ('delivered', 'complained') then at.sent_at + interval '1 minute' end
    from enrolments e
    cross join generate_series(0, ${STEPS - 1}) st
    -- Each at its own minute of a ten-hour working day: the counts are kept per quarter-hour, and a day's emails all
    -- sent at one instant would flatter them.
    cross join lateral (select now() - (abs(hashtext(e.id::text || st)) % 365) * interval '1 day'
                               - (abs(hashtext(e.id::text || st || ':minute')) % 600) * interval '1 minute' as sent_at) at
    cross join lateral (select case when random() < 0.02 then 'bounced' when random() < 0.002 then 'complained' when random() < 0.9 then 'delivered' end as delivery) outcome
    where e.workspace_id = ${workspaceId}`;
  await sql`
    insert into lead_messages (workspace_id, lead_id, send_id, direction, kind, from_address, received_at, provider_event_id)
    select workspace_id, lead_id, case when random() < 0.7 then id end, 'inbound', case when random() < 0.9 then 'reply' else 'unsubscribe_request' end,
           to_address, sent_at + interval '2 days', 'bench-' || id
    from sends where workspace_id = ${workspaceId} and random() < 0.03`;
  await sql`
    insert into suppressions (workspace_id, kind, value, source, send_id, created_at)
    select workspace_id, 'email', to_address, 'unsubscribe', id, sent_at + interval '1 day' from sends where workspace_id = ${workspaceId} and random() < 0.01
    on conflict do nothing`;
}
