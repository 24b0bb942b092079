import {
  ALL_CAMPAIGNS_CAP,
  ALL_MAILBOXES_CAP,
  ALLOWLIST_ENTRIES_CAP,
  API_TOKENS_PER_MEMBER_CAP,
  DISCOVERY_STARTS_PER_CAMPAIGN,
  OPEN_CAMPAIGNS_CAP,
  OPEN_MAILBOXES_CAP,
  type Role,
} from '@switchboard/core';
import type { Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../tests/accounts.ts';
import { callerAs, openTestWorkspace, type TestWorkspace } from './testing/test-workspace.ts';

// Each cap is checked with more calls at once than it admits: the count and the insert share one
// transaction under an advisory lock, so exactly `cap` get through however the calls interleave.

let acme: TestWorkspace;
let sql: Sql;
let workspaces = 0;

beforeAll(async () => {
  acme = await openTestWorkspace('creation-caps-test');
  ({ sql } = acme);
});

afterAll(() => acme.close());

/** A member of a workspace of its own, so one cap's rows never count towards another test's. */
async function memberOfNewWorkspace(role: Role): Promise<TestMember> {
  workspaces += 1;
  return createMember(sql, { email: `${role}${workspaces}@caps.test`, role, workspaceName: `Caps ${workspaces}` });
}

/** Fires `count` calls at once and sorts the answers: every refusal must be the cap's 400. */
async function fireAtOnce<T>(count: number, call: (index: number) => Promise<T>, refusal: string) {
  const answers = await Promise.allSettled(Array.from({ length: count }, (_, index) => call(index)));
  const refused = answers.filter((answer) => answer.status === 'rejected');
  for (const answer of refused) expect(answer.reason).toMatchObject({ code: 'BAD_REQUEST', message: refusal });
  return { created: answers.length - refused.length, refused: refused.length };
}

async function countRows(table: 'api_tokens' | 'campaigns' | 'mailboxes' | 'allowlist_entries', workspaceId: string, where = sql`true`) {
  const [row]: [{ count: number }?] = await sql`select count(*)::int as count from ${sql(table)} where workspace_id = ${workspaceId} and ${where}`;
  return row?.count ?? 0;
}

const campaign = (index: number) => ({ name: `Campaign ${index}`, timeZone: 'UTC', target: { queries: ['plumber'], locations: ['Austin'] } });
const mailbox = (index: number) => ({ fromName: 'Ann', fromAddress: `ann${index}@caps.test`, provider: 'resend' as const, postalAddress: '1 Main St' });

describe('API tokens', () => {
  it(`lets one person hold at most ${API_TOKENS_PER_MEMBER_CAP.max} live tokens, however many creates race`, async () => {
    const admin = await memberOfNewWorkspace('admin');
    const caller = callerAs(sql, admin, 'admin');
    const max = API_TOKENS_PER_MEMBER_CAP.max;
    const refusal = `You have ${max.toLocaleString('en-US')} active API tokens in this workspace; ${max.toLocaleString('en-US')} is the most one person can have. Revoke one you no longer use to add another.`;
    expect(await fireAtOnce(max + 5, (index) => caller.tokens.create({ name: `script ${index}`, role: 'viewer' }), refusal)).toEqual({ created: max, refused: 5 });
    expect(await countRows('api_tokens', admin.workspaceId)).toBe(max);

    // Another admin of the workspace has a cap of their own.
    const colleague = await createMember(sql, { email: 'colleague@caps.test', role: 'admin', workspaceId: admin.workspaceId });
    await expect(callerAs(sql, colleague, 'admin').tokens.create({ name: 'theirs', role: 'viewer' })).resolves.toMatchObject({ token: expect.any(String) });

    // Revoked and expired tokens make room.
    const [first, second] = (await caller.tokens.list()).filter((token) => token.createdByEmail === admin.email);
    await caller.tokens.revoke({ id: first!.id });
    await sql`update api_tokens set expires_at = now() - interval '1 minute' where id = ${second!.id}`;
    expect((await fireAtOnce(4, (index) => caller.tokens.create({ name: `again ${index}`, role: 'viewer' }), refusal)).created).toBe(2);
  });
});

describe('campaigns', () => {
  it(`lets a workspace have at most ${OPEN_CAMPAIGNS_CAP.max} campaigns that are not archived, however many creates race`, async () => {
    const operator = await memberOfNewWorkspace('operator');
    const caller = callerAs(sql, operator, 'operator');
    const max = OPEN_CAMPAIGNS_CAP.max;
    const refusal = `This workspace has ${max.toLocaleString('en-US')} campaigns that are not archived; ${max.toLocaleString('en-US')} is the most it can have. Archive one to add another.`;
    expect(await fireAtOnce(max + 5, (index) => caller.campaigns.create(campaign(index)), refusal)).toEqual({ created: max, refused: 5 });
    expect(await countRows('campaigns', operator.workspaceId)).toBe(max);

    const [oldest] = (await caller.campaigns.list()).slice(-1);
    await caller.campaigns.setStatus({ id: oldest!.id, event: 'archive' });
    expect((await fireAtOnce(3, (index) => caller.campaigns.create(campaign(1_000 + index)), refusal)).created).toBe(1);
  });

  it(`lets a workspace hold at most ${ALL_CAMPAIGNS_CAP.max} campaigns, archived ones included`, async () => {
    const operator = await memberOfNewWorkspace('operator');
    const caller = callerAs(sql, operator, 'operator');
    const max = ALL_CAMPAIGNS_CAP.max;
    await sql`
      insert into campaigns (workspace_id, name, status)
      select ${operator.workspaceId}, 'Archived ' || i, 'archived' from generate_series(1, ${max - 3}) as i`;
    const refusal = `This workspace holds ${max.toLocaleString('en-US')} campaigns, archived ones included; ${max.toLocaleString('en-US')} is the most it can. Change the target of an existing campaign instead of adding one.`;
    expect(await fireAtOnce(8, (index) => caller.campaigns.create(campaign(index)), refusal)).toEqual({ created: 3, refused: 5 });
    expect(await countRows('campaigns', operator.workspaceId)).toBe(max);
  });
});

describe('mailboxes', () => {
  it(`lets a workspace have at most ${OPEN_MAILBOXES_CAP.max} mailboxes that are not archived, however many creates race`, async () => {
    const admin = await memberOfNewWorkspace('admin');
    const caller = callerAs(sql, admin, 'admin');
    const max = OPEN_MAILBOXES_CAP.max;
    const refusal = `This workspace has ${max.toLocaleString('en-US')} mailboxes that are not archived; ${max.toLocaleString('en-US')} is the most it can have. Archive one you no longer send from to add another.`;
    expect(await fireAtOnce(max + 5, (index) => caller.mailboxes.create(mailbox(index)), refusal)).toEqual({ created: max, refused: 5 });
    expect(await countRows('mailboxes', admin.workspaceId)).toBe(max);

    const [first] = await caller.mailboxes.list();
    await caller.mailboxes.archive({ id: first!.id });
    expect((await fireAtOnce(3, (index) => caller.mailboxes.create(mailbox(1_000 + index)), refusal)).created).toBe(1);
  });

  it(`lets a workspace hold at most ${ALL_MAILBOXES_CAP.max} mailboxes, archived ones included`, async () => {
    const admin = await memberOfNewWorkspace('admin');
    const caller = callerAs(sql, admin, 'admin');
    const max = ALL_MAILBOXES_CAP.max;
    await sql`
      insert into mailboxes (workspace_id, from_name, from_address, provider, status)
      select ${admin.workspaceId}, 'Old', 'old' || i || '@caps.test', 'resend', 'archived' from generate_series(1, ${max - 3}) as i`;
    const refusal = `This workspace holds ${max.toLocaleString('en-US')} mailboxes, archived ones included; ${max.toLocaleString('en-US')} is the most it can. Send from an existing mailbox instead of adding one.`;
    expect(await fireAtOnce(8, (index) => caller.mailboxes.create(mailbox(index)), refusal)).toEqual({ created: 3, refused: 5 });
    expect(await countRows('mailboxes', admin.workspaceId)).toBe(max);
  });
});

describe('allowlist', () => {
  it(`lets a workspace's allowlist have at most ${ALLOWLIST_ENTRIES_CAP.max} entries, however many adds race`, async () => {
    const admin = await memberOfNewWorkspace('admin');
    const caller = callerAs(sql, admin, 'admin');
    const max = ALLOWLIST_ENTRIES_CAP.max;
    // The admin's own address is already on the list.
    const room = max - (await countRows('allowlist_entries', admin.workspaceId));
    const refusal = `This workspace's allowlist has ${max} entries; ${max} is the most it can have. Remove one, or allow a whole domain instead of single addresses.`;
    expect(await fireAtOnce(room + 5, (index) => caller.allowlist.add({ value: `person${index}@caps.test`, role: 'viewer' }), refusal)).toEqual({ created: room, refused: 5 });
    expect(await countRows('allowlist_entries', admin.workspaceId)).toBe(max);

    // At the cap, an entry already listed can still change its role: that adds no row.
    await expect(caller.allowlist.add({ value: 'person0@caps.test', role: 'operator' })).resolves.toMatchObject({ role: 'operator' });
    await expect(caller.allowlist.add({ value: 'caps.test', role: 'viewer' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: refusal });
  });
});

describe('discovery starts', () => {
  it(`starts discovery for a campaign at most ${DISCOVERY_STARTS_PER_CAMPAIGN.max} times in 24 hours, however many starts race`, async () => {
    const operator = await memberOfNewWorkspace('operator');
    const caller = callerAs(sql, operator, 'operator');
    const { id: campaignId } = await caller.campaigns.create(campaign(1));
    const max = DISCOVERY_STARTS_PER_CAMPAIGN.max;
    // Finished runs of today and one of two days ago, which no longer counts.
    await sql`
      insert into discovery_runs (workspace_id, campaign_id, status, started_at, finished_at)
      select ${operator.workspaceId}::uuid, ${campaignId}::uuid, 'done', now() - make_interval(hours => i), now()
      from generate_series(1, ${max - 1}) as i
      union all select ${operator.workspaceId}::uuid, ${campaignId}::uuid, 'done', now() - interval '2 days', now()`;

    const answers = await Promise.allSettled(Array.from({ length: 6 }, () => caller.discovery.start({ campaignId })));
    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(1);
    for (const answer of answers.filter((each) => each.status === 'rejected')) {
      // The winner's run is running (409) or, read a moment later, fills the day's starts (429): never a 500.
      expect(['CONFLICT', 'TOO_MANY_REQUESTS']).toContain((answer.reason as { code: string }).code);
    }
    const [started] = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []));
    await caller.discovery.pause({ runId: started!.runId });
    await expect(caller.discovery.start({ campaignId })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/^Discovery was started 10 times for this campaign in the last 24 hours, the most it can be\. Resume a paused run, or start again in 15 hours\.$/),
    });
    // Resuming is not a new start.
    await expect(caller.discovery.resume({ runId: started!.runId })).resolves.toBeDefined();
  });
});
