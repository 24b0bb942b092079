import { createSql, listAudit, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createCaller } from '../../root.ts';
import { testContext } from '../../testing/context.ts';

let database: TestDatabase;
let sql: Sql;
let admin: TestMember;
let operator: TestMember;

const callerFor = (member: TestMember, role: 'admin' | 'operator') =>
  createCaller(testContext(sql, { user: { id: member.userId, email: member.email, role }, workspace: { id: member.workspaceId, name: 'Acme', slug: 'acme' } }));

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'members-test' });
  admin = await createMember(sql, { email: 'admin@acme.test', role: 'admin' });
  operator = await createMember(sql, { email: 'op@acme.test', role: 'operator', workspaceId: admin.workspaceId });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('members and allowlist administration', () => {
  it('changes a role and records who did it', async () => {
    const caller = callerFor(admin, 'admin');
    expect(await caller.members.changeRole({ userId: operator.userId, role: 'viewer' })).toMatchObject({ role: 'viewer' });
    const [entry] = await listAudit(sql, { workspaceId: admin.workspaceId, action: 'member.role_change', limit: 1 });
    expect(entry).toMatchObject({ actorLabel: 'admin@acme.test', summary: { email: 'op@acme.test', from: 'operator', to: 'viewer' } });
  });

  it('never leaves a workspace without an admin', async () => {
    const caller = callerFor(admin, 'admin');
    await expect(caller.members.changeRole({ userId: admin.userId, role: 'operator' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(caller.members.remove({ userId: admin.userId })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('allowlists addresses and domains, explains bad values, and removes entries', async () => {
    const caller = callerFor(admin, 'admin');
    const entry = await caller.allowlist.add({ value: '@Partner.test', role: 'viewer', invite: true });
    expect(entry).toMatchObject({ kind: 'domain', value: 'partner.test', role: 'viewer', invited: false });
    await expect(caller.allowlist.add({ value: 'not a domain', role: 'viewer' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: '"not a domain" is neither an email address nor a domain like acme.com.',
    });
    await caller.allowlist.remove({ id: entry.id });
    const context = testContext(sql, { user: { id: admin.userId, email: admin.email, role: 'admin' }, workspace: { id: admin.workspaceId, name: 'Acme', slug: 'acme' } });
    await createCaller(context).allowlist.add({ value: 'New.Hire@Acme.test', role: 'operator', invite: true });
    expect(context.enqueued).toEqual([{ queue: 'auth.send-link', payload: { email: 'new.hire@acme.test', purpose: 'sign_in', workspaceIds: [admin.workspaceId] } }]);
    expect((await caller.allowlist.list()).map((listed) => listed.value)).not.toContain('partner.test');
    const actions = (await listAudit(sql, { workspaceId: admin.workspaceId, limit: 10 })).map((audit) => audit.action);
    expect(actions).toEqual(expect.arrayContaining(['allowlist.add', 'allowlist.remove']));
  });

  it('sends one address at most five invitations per 15 minutes, however many calls race, even after removing the entry', async () => {
    const context = testContext(sql, { user: { id: admin.userId, email: admin.email, role: 'admin' }, workspace: { id: admin.workspaceId, name: 'Acme', slug: 'acme' } });
    const caller = createCaller(context);
    const answers = await Promise.allSettled(Array.from({ length: 30 }, () => caller.allowlist.add({ value: 'Victim@Elsewhere.test', role: 'viewer', invite: true })));
    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(5);
    for (const answer of answers.filter((each) => each.status === 'rejected')) {
      expect(answer.reason).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: 'victim@elsewhere.test was already invited 5 times in the last 15 minutes; try again later.' });
    }
    expect(context.enqueued.filter((job) => job.queue === 'auth.send-link')).toHaveLength(5);
    const [entry] = (await caller.allowlist.list()).filter((listed) => listed.value === 'victim@elsewhere.test');
    await caller.allowlist.remove({ id: entry!.id });
    await expect(caller.allowlist.add({ value: 'victim@elsewhere.test', role: 'viewer', invite: true })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Adding without an invitation is not limited, and another address is invited as before.
    await expect(caller.allowlist.add({ value: 'victim@elsewhere.test', role: 'viewer' })).resolves.toMatchObject({ invited: false });
    await expect(caller.allowlist.add({ value: 'colleague@elsewhere.test', role: 'viewer', invite: true })).resolves.toMatchObject({ invited: true });
    expect(context.enqueued.filter((job) => job.queue === 'auth.send-link')).toHaveLength(6);
  });
});
