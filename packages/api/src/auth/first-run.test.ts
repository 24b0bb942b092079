import { Conflict, Invalid } from '@switchboard/core';
import { createSql, findUserByEmail, listAllowlist, listAudit, listMemberships, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { silentLog } from '../testing/context.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { completeSetup, createSetupToken } from './first-run.ts';
import { resolveSession } from './sessions.ts';
import { signInWithPassword } from './sign-in.ts';

const PASSWORD = 'correct horse battery staple';
const origin = { ip: '10.0.0.1', userAgent: 'vitest' };
let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'first-run-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('first run', () => {
  it('creates the first admin and workspace from a one-time link, once', async () => {
    const token = await createSetupToken(sql);
    const stale = await createSetupToken(sql);
    expect(token).toBeTruthy();
    await expect(completeSetup(sql, { token: 'forged', email: 'ada@acme.test', password: PASSWORD, workspaceName: 'Acme', ...origin })).rejects.toThrow(Invalid);
    await expect(completeSetup(sql, { token: token!, email: 'ada@acme.test', password: 'short', workspaceName: 'Acme', ...origin })).rejects.toThrow(
      /at least 12/,
    );

    const done = await completeSetup(sql, { token: token!, email: 'Ada@Acme.test', password: PASSWORD, workspaceName: 'Acme Outbound', ...origin });
    expect((await resolveSession(sql, done.sessionToken))?.user).toMatchObject({ email: 'ada@acme.test', role: 'admin' });
    const user = await findUserByEmail(sql, 'ada@acme.test');
    expect(await listMemberships(sql, user!.id)).toEqual([
      { workspaceId: done.workspaceId, workspaceName: 'Acme Outbound', workspaceSlug: 'acme-outbound', role: 'admin' },
    ]);
    expect((await listAllowlist(sql, done.workspaceId)).map((entry) => entry.value)).toEqual(['ada@acme.test']);
    // Setup signed the admin in: the Members page shows a last sign-in and the audit log says so.
    expect(user!.lastSignInAt).toBeInstanceOf(Date);
    expect((await listAudit(sql, { workspaceId: done.workspaceId, limit: 5 })).map((entry) => [entry.action, entry.summary])).toEqual([
      ['auth.sign_in', { method: 'setup' }],
      ['workspace.create', { name: 'Acme Outbound', admin: 'ada@acme.test', instanceOwner: true }],
    ]);

    // The admin can sign in with the password they chose.
    await expect(signInWithPassword(sql, { email: 'ada@acme.test', password: PASSWORD, ...origin }, silentLog)).resolves.toMatchObject({
      workspaceId: done.workspaceId,
    });
    // Once anyone exists, no setup link is issued and an unused one is refused.
    expect(await createSetupToken(sql)).toBeNull();
    await expect(completeSetup(sql, { token: stale!, email: 'eve@evil.test', password: PASSWORD, workspaceName: 'Evil', ...origin })).rejects.toThrow(
      Conflict,
    );
  });
});
