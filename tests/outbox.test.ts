import type { Role } from '@switchboard/core';
import { createCaller } from '@switchboard/api';
import { testContext } from '@switchboard/api/testing';
import { addAllowlistEntry, addMember, createSql, listAudit, type JobEnqueue, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from './accounts.ts';
import { deliverAuthLinks } from './auth-link-delivery.ts';
import { createTestDatabase } from './database.ts';

// Here rather than in packages/api: it runs the worker's link job, and packages never import apps.

const PUBLIC_URL = 'https://switchboard.example.test';
let database: TestDatabase;
let workspace: { operator: TestMember };
let sql: Sql;
let ada: TestMember; // admin of Acme
let vic: TestMember; // viewer of Acme
let bob: TestMember; // admin of Beta
let mia: TestMember; // operator of Acme and of Beta

// Made on use: sql is opened in beforeAll.
const deliver: JobEnqueue = (queue, payload, options) => deliverAuthLinks(sql, PUBLIC_URL)(queue, payload, options);

const anonymous = () => createCaller(testContext(sql, { enqueue: deliver }));
function callerAs(member: TestMember, role: Role, workspaceId = member.workspaceId) {
  return createCaller(testContext(sql, { user: { id: member.userId, email: member.email, role }, workspace: { id: workspaceId, name: 'W', slug: 'w' }, enqueue: deliver }));
}
const TOKEN_PATTERN = /token=([A-Za-z0-9_-]{20,})/;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'outbox-test' });
  workspace = { operator: await createMember(sql, { email: 'olive@acme.test', role: 'operator', workspaceName: 'Acme' }) };
  ada = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceId: workspace.operator.workspaceId });
  vic = await createMember(sql, { email: 'vic@acme.test', role: 'viewer', workspaceId: workspace.operator.workspaceId });
  bob = await createMember(sql, { email: 'bob@beta.test', role: 'admin', workspaceName: 'Beta' });
  mia = await createMember(sql, { email: 'mia@acme.test', role: 'operator', workspaceId: ada.workspaceId });
  await addAllowlistEntry(sql, { workspaceId: bob.workspaceId, kind: 'email', value: mia.email, role: 'operator', createdBy: null });
  await addMember(sql, { workspaceId: bob.workspaceId, userId: mia.userId, role: 'operator' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('sandbox outbox', () => {
  it('gives an attacker no way from requestLink through the outbox to a session (the account takeover)', async () => {
    const attacker = anonymous();
    await attacker.auth.requestLink({ email: ada.email, purpose: 'sign_in' });
    await attacker.auth.requestLink({ email: ada.email, purpose: 'password_reset' });
    const listed = await attacker.outbox.list().catch((error: unknown) => error);
    // A TRPCError, by name: the root package does not depend on @trpc/server.
    expect(listed).toMatchObject({ name: 'TRPCError' });
    expect(listed).toMatchObject({ code: 'UNAUTHORIZED' });
    // Had the list answered, the token would be taken from it and used.
    const token = TOKEN_PATTERN.exec(JSON.stringify(listed))?.[1];
    expect(token).toBeUndefined();
    await expect(attacker.auth.useLink({ token: token ?? 'no-token-to-be-had-here' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('shows no links to anonymous callers, viewers, operators or another workspace’s admin', async () => {
    await anonymous().auth.requestLink({ email: workspace.operator.email, purpose: 'sign_in' });
    await expect(anonymous().outbox.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(callerAs(vic, 'viewer').outbox.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(workspace.operator, 'operator').outbox.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(callerAs(vic, 'viewer').outbox.revealLink({ id: randomUUID() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const other = await callerAs(bob, 'admin').outbox.list();
    expect(other.map((email) => email.to)).not.toContain(workspace.operator.email);
    expect(other.map((email) => email.to)).not.toContain(ada.email);
    const mine = await callerAs(ada, 'admin').outbox.list();
    const email = mine.find((listed) => listed.to === workspace.operator.email)!;
    await expect(callerAs(bob, 'admin').outbox.revealLink({ id: email.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists links to the workspace admin masked, and reveals one only with an audit entry', async () => {
    const admin = callerAs(ada, 'admin');
    const listed = await admin.outbox.list();
    const email = listed.find((entry) => entry.to === workspace.operator.email && entry.subject === 'Your Switchboard sign-in link');
    expect(email).toMatchObject({ hasSecretLink: true });
    for (const entry of listed) expect(entry.bodyText).not.toMatch(/token=/);
    expect(JSON.stringify(listed)).not.toMatch(TOKEN_PATTERN);

    const revealed = await admin.outbox.revealLink({ id: email!.id });
    expect(revealed.link).toMatch(new RegExp(`^${PUBLIC_URL}/auth/link\\?token=`));
    const audit = await listAudit(sql, { workspaceId: ada.workspaceId, limit: 5 });
    expect(audit[0]).toMatchObject({
      action: 'outbox.link_revealed',
      actorLabel: ada.email,
      targetId: email!.id,
      summary: { to: workspace.operator.email, subject: 'Your Switchboard sign-in link' },
    });
    // The invitee opens the link the admin handed over.
    const invitee = testContext(sql);
    await createCaller(invitee).auth.useLink({ token: TOKEN_PATTERN.exec(revealed.link)![1]! });
    expect(invitee.cookieLog).toEqual([expect.stringMatching(/^set:/)]);
  });

  it('hides a link that would open a workspace the admin does not run', async () => {
    // Mia is in Acme and Beta: neither Acme's nor Beta's admin alone may hold her link.
    await anonymous().auth.requestLink({ email: mia.email, purpose: 'sign_in' });
    // Beta's admin allowlists Ada and asks for her link: it would open Acme, so Bob cannot read it.
    await addAllowlistEntry(sql, { workspaceId: bob.workspaceId, kind: 'email', value: ada.email, role: 'viewer', createdBy: bob.userId });
    await anonymous().auth.requestLink({ email: ada.email, purpose: 'sign_in' });
    expect((await callerAs(ada, 'admin').outbox.list()).map((email) => email.to)).not.toContain(mia.email);
    expect((await callerAs(bob, 'admin').outbox.list()).map((email) => email.to)).toEqual([]);
    // Someone who runs both workspaces sees Mia's link.
    await addMember(sql, { workspaceId: bob.workspaceId, userId: ada.userId, role: 'admin' });
    const listed = await callerAs(ada, 'admin', bob.workspaceId).outbox.list();
    expect(listed.map((email) => email.to)).toContain(mia.email);
  });

  it('never shows another admin’s links, an owner’s included, so no admin can act as another or become owner', async () => {
    const olga = await createMember(sql, { email: 'olga@acme.test', role: 'admin', workspaceId: ada.workspaceId });
    await sql`update users set is_owner = true where id = ${olga.userId}`;
    const alan = await createMember(sql, { email: 'alan@acme.test', role: 'admin', workspaceId: ada.workspaceId });
    await anonymous().auth.requestLink({ email: olga.email, purpose: 'password_reset' });
    await anonymous().auth.requestLink({ email: alan.email, purpose: 'sign_in' });
    const listedToAda = (await callerAs(ada, 'admin').outbox.list()).map((email) => email.to);
    expect(listedToAda).not.toContain(olga.email);
    expect(listedToAda).not.toContain(alan.email);
    // Not even another owner reads them.
    await sql`update users set is_owner = true where id = ${ada.userId}`;
    expect((await callerAs(ada, 'admin').outbox.list()).map((email) => email.to)).not.toContain(olga.email);
    await sql`update users set is_owner = false where id = ${ada.userId}`;
    const [stored]: [{ id: string }?] = await sql`select id from sandbox_outbox where to_address = ${alan.email}`;
    await expect(callerAs(ada, 'admin').outbox.revealLink({ id: stored!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('has no outbox when email goes out through a live provider', async () => {
    const live = createCaller(
      testContext(sql, {
        user: { id: ada.userId, email: ada.email, role: 'admin' },
        workspace: { id: ada.workspaceId, name: 'Acme', slug: 'acme' },
        providers: [{ provider: 'email', mode: 'live', via: 'Resend' }] as never,
      }),
    );
    await expect(live.outbox.list()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
