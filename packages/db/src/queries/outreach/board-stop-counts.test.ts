import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createSql, type Sql } from '../../client.ts';
import { createActiveCampaign, planOfCall, type TestDatabase } from '../../testing/index.ts';
import { seedSentEmails, type SeededEmail } from '../../testing/sent-emails.ts';
import { availableSlug, createWorkspace } from '../workspaces.ts';
import { stopLeadEnrolments } from './enrolments.ts';
import { claimSendForSending, countSendsByStep, markSendSent } from './sends.ts';

// The board's replied and unsubscribed figures: each lead stopped for a reply or an unsubscribe counts once, on the
// step last sent to it when its sequence stopped, which the enrolment notes as it stops (migration 0052).
let database: TestDatabase;
let sql: Sql;
const first = { stepId: 'first', stepPosition: 0 };
const second = { stepId: 'second', stepPosition: 1 };

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'board-stop-counts-test', max: 8 });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const activeCampaign = (workspaceId: string, name: string) => createActiveCampaign(sql, workspaceId, name);

/** `channel:step` → [replied, unsubscribed], for the steps with any. */
async function stopsByStep(workspaceId: string, campaignId: string): Promise<Record<string, [number, number]>> {
  const board = await countSendsByStep(sql, workspaceId, campaignId);
  return Object.fromEntries(board.filter((step) => step.replied + step.unsubscribed > 0).map((step) => [`${step.channel}:${step.stepId}`, [step.replied, step.unsubscribed]]));
}

describe('board stop counts', () => {
  it('count each stopped lead once, on the step last sent when it stopped, for replies and unsubscribes only', async () => {
    const workspace = await createWorkspace(sql, { name: 'Stops', slug: await availableSlug(sql, 'Stops') });
    const ws = workspace.id;
    const campaignId = await activeCampaign(ws, 'Plumbers');
    const day = (n: number) => new Date(Date.UTC(2026, 2, n, 9));
    const emails: SeededEmail[] = [
      // Emailed twice: counted on the second step.
      { lead: 'Twice', ...first, sentAt: day(2) },
      { lead: 'Twice', ...second, sentAt: day(5) },
      // Emailed once, follow-up waiting: counted on the first.
      { lead: 'Once', ...first, sentAt: day(2) },
      { lead: 'Once', ...second, sentAt: null },
      { lead: 'Unsubscriber', ...first, sentAt: day(3) },
      { lead: 'Bouncer', ...first, sentAt: day(3) },
      { lead: 'Restarted', ...first, sentAt: day(3) },
      // Never emailed: nothing to count it on.
      { lead: 'Never', ...first, sentAt: null },
      // Its follow-up was at the provider when the reply came, and is marked sent after the stop.
      { lead: 'Crossed', ...first, sentAt: day(2) },
      { lead: 'Crossed', ...second, sentAt: null },
    ];
    const seeded = await seedSentEmails(sql, { workspaceId: ws, campaignId, emails });
    const lead = (name: string) => seeded.leadIds.get(name)!;
    const crossedFollowUp = seeded.sendIds[emails.findLastIndex((email) => email.lead === 'Crossed')]!;
    expect(await claimSendForSending(sql, { workspaceId: ws, sendId: crossedFollowUp, now: new Date(), mailboxId: randomUUID() })).toBeTruthy();

    await stopLeadEnrolments(sql, { workspaceId: ws, leadIds: [lead('Twice'), lead('Once'), lead('Never'), lead('Crossed'), lead('Restarted')], reason: 'replied' });
    await stopLeadEnrolments(sql, { workspaceId: ws, leadIds: [lead('Unsubscriber')], reason: 'unsubscribed' });
    await stopLeadEnrolments(sql, { workspaceId: ws, leadIds: [lead('Bouncer')], reason: 'bounced' });
    await markSendSent(sql, { workspaceId: ws, sendId: crossedFollowUp, provider: 'resend', providerMessageId: 're-crossed', subject: 'Hello', now: day(6) });
    // A sequence started again is no longer counted; stopped again, it is counted anew.
    await sql`update enrolments set status = 'active', stop_reason = null, finished_at = null where lead_id = ${lead('Restarted')}`;
    expect(await stopsByStep(ws, campaignId)).toEqual({ 'email:first': [2, 1], 'email:second': [1, 0] });

    await sql`update enrolments set status = 'stopped', stop_reason = 'unsubscribed' where lead_id = ${lead('Restarted')}`;
    // A stop changed to another counted reason moves with it; one changed to a reason the board does not count leaves.
    await sql`update enrolments set stop_reason = 'unsubscribed' where lead_id = ${lead('Once')}`;
    await sql`update enrolments set stop_reason = 'manual' where lead_id = ${lead('Crossed')}`;
    expect(await stopsByStep(ws, campaignId)).toEqual({ 'email:first': [0, 3], 'email:second': [1, 0] });
  });

  it('notes the stop step of many leads stopped in one statement, and reads them from the index alone', async () => {
    const workspace = await createWorkspace(sql, { name: 'Many stops', slug: await availableSlug(sql, 'Many stops') });
    const ws = workspace.id;
    const campaignId = await activeCampaign(ws, 'Bakers');
    const emails: SeededEmail[] = Array.from({ length: 40 }, (_, index) => [
      { lead: `L${index}`, ...first, sentAt: new Date(Date.UTC(2026, 2, 2, 9, index)) },
      { lead: `L${index}`, ...second, sentAt: index % 4 === 0 ? new Date(Date.UTC(2026, 2, 5, 9, index)) : null },
    ]).flat();
    const seeded = await seedSentEmails(sql, { workspaceId: ws, campaignId, emails });
    await stopLeadEnrolments(sql, { workspaceId: ws, leadIds: [...seeded.leadIds.values()], reason: 'replied' });
    // Every fourth lead had its follow-up sent: 10 on the second step, 30 on the first.
    expect(await stopsByStep(ws, campaignId)).toEqual({ 'email:first': [30, 0], 'email:second': [10, 0] });
    // Forty leads are too few for the planner to prefer an index on its own: this shows the index fits the query.
    const one = createSql(database.url, { applicationName: 'board-stop-counts-plan', max: 1 });
    await one`set enable_seqscan = off`;
    const plan = await planOfCall(database.url, one, (recording) => countSendsByStep(recording, ws, campaignId)).finally(() => one.end());
    expect(plan).toContain('enrolments_stop_step_idx');
    expect(plan).not.toMatch(/ on sends/);
  });
});
