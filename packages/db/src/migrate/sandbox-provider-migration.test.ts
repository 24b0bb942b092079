import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrefix, testServerUrl } from '../../../../tests/database.ts';
import { createDatabase, dropDatabase } from '../admin/index.ts';
import { createSql, withDatabase, type Sql } from '../client.ts';
import { storeEmailWebhookEvent } from '../queries/email-webhook-events.ts';
import { availableSlug, createWorkspace } from '../queries/workspaces.ts';
import { seedManyLeads } from '../testing/index.ts';
import { migrateBefore } from './migrate-before.testing.ts';
import { migrate } from './migrate.ts';

// An installation from before the sandbox recipient's events said so: stored as Resend's, marked only in their keys and subjects.
const databaseName = `${runPrefix()}_sandbox_provider`;
let sql: Sql;

beforeAll(async () => {
  await createDatabase(testServerUrl(), databaseName);
  sql = createSql(withDatabase(testServerUrl(), databaseName), { applicationName: 'sandbox-provider-backfill-test', max: 2 });
});

afterAll(async () => {
  await sql.end();
  await dropDatabase(testServerUrl(), databaseName);
});

describe('the sandbox recipient provider migration', () => {
  it('lets the sandbox store under its own name and nothing else, and leaves the rows from before as they were', async () => {
    await migrateBefore(sql, '_sandbox_recipient_provider.sql');
    const workspaceId = (await createWorkspace(sql, { name: 'Before', slug: await availableSlug(sql, 'Before') })).id;
    await seedManyLeads(sql, { workspaceId, count: 2 });
    const [simulatedLead, realLead] = (await sql<{ id: string }[]>`select id from leads where workspace_id = ${workspaceId} order by name`).map((lead) => lead.id);
    await sql`
      insert into email_webhook_events (provider, provider_event_id, type, payload)
      values ('resend', 'sandbox:00000000-0000-4000-8000-000000000001:delivered', 'email.delivered', '{"sandbox": true}'),
             ('resend', 'msg_2Zt8v3RealSvixId', 'email.delivered', '{}')`;
    await sql`
      insert into lead_messages (workspace_id, lead_id, direction, kind, from_address, subject, received_at, provider_event_id)
      values (${workspaceId}, ${simulatedLead!}, 'inbound', 'reply', 'owner@business-1.example.org', '[Sandbox] Re: Hello', now(), 'sandbox:00000000-0000-4000-8000-000000000001:replied'),
             (${workspaceId}, ${realLead!}, 'inbound', 'reply', 'owner@business-2.example.org', 'Re: Hello', now(), 'b1f0e3c2-resend-email-id')`;

    await migrate(sql);
    const events = await sql<{ provider: string; providerEventId: string }[]>`
      select provider, provider_event_id as "providerEventId" from email_webhook_events order by provider_event_id`;
    // Not rewritten (see the migration): their keys and subjects still say they are the sandbox's.
    expect(events).toEqual([
      { provider: 'resend', providerEventId: 'msg_2Zt8v3RealSvixId' },
      { provider: 'resend', providerEventId: 'sandbox:00000000-0000-4000-8000-000000000001:delivered' },
    ]);
    const messages = await sql<{ leadId: string; simulated: boolean }[]>`select lead_id as "leadId", simulated from lead_messages order by lead_id`;
    expect(messages).toEqual(expect.arrayContaining([{ leadId: realLead, simulated: false }, { leadId: simulatedLead, simulated: false }]));
    const [constraint] = await sql<{ validated: boolean }[]>`select convalidated as validated from pg_constraint where conname = 'email_webhook_events_provider_check'`;
    expect(constraint?.validated).toBe(true);

    // From here the sandbox may store under its own name, and nothing else may.
    expect(await storeEmailWebhookEvent(sql, { provider: 'sandbox', providerEventId: 'sandbox:x:opened', type: 'email.opened', payload: { sandbox: true } })).toMatchObject({ stored: true });
    await expect(sql`insert into email_webhook_events (provider, provider_event_id, type, payload) values ('postmark', 'x', 'y', '{}')`).rejects.toThrow(/email_webhook_events_provider_check/);
  });
});
