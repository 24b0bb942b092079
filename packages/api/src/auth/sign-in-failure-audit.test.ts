import { addAllowlistEntry, addMember, createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createCaller } from '../root.ts';
import { testContext } from '../testing/context.ts';
import { WRONG_CREDENTIALS_MESSAGE } from './sign-in.ts';

// A failed password sign-in as an address an allowlist names is audited in the workspaces signing in as it
// would open, where their admins read it; a stranger's is a log line only.

let database: TestDatabase;
let sql: Sql;
let acmeAdmin: TestMember;
let globexAdmin: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'sign-in-failure-audit-test' });
  acmeAdmin = await createMember(sql, { email: 'alice@acme.test', role: 'admin', workspaceName: 'Acme' });
  globexAdmin = await createMember(sql, { email: 'bob@globex.test', role: 'admin', workspaceName: 'Globex' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const adminCaller = (admin: TestMember) =>
  createCaller(testContext(sql, { user: { id: admin.userId, email: admin.email, role: 'admin' }, workspace: { id: admin.workspaceId, name: 'Workspace', slug: 'workspace' } }));

/** The failed sign-ins an admin's audit page lists for this address. */
async function failuresSeenBy(admin: TestMember, email: string) {
  const { entries } = await adminCaller(admin).audit.list({ action: 'auth.sign_in_failed', actor: email });
  return entries.map((entry) => ({ actorLabel: entry.actorLabel, workspaceId: entry.workspaceId, ip: entry.ip, summary: entry.summary }));
}

/** Signs in with a wrong password through the procedure, and returns the answer the person sees. */
async function failSignIn(email: string, ip: string): Promise<string> {
  const caller = createCaller(testContext(sql, { origin: { ip, userAgent: 'vitest' } }));
  const refusal: unknown = await caller.auth.signIn({ email, password: 'not the password at all' }).catch((error: unknown) => error);
  expect(refusal).toBeInstanceOf(Error);
  return (refusal as Error).message;
}

describe('a failed password sign-in in the audit log', () => {
  it("shows on the audit page of the member's workspace, and not on another workspace's", async () => {
    const member = await createMember(sql, { email: 'mo@acme.test', role: 'operator', workspaceId: acmeAdmin.workspaceId });
    expect(await failSignIn(member.email, '10.20.0.1')).toBe(WRONG_CREDENTIALS_MESSAGE);
    expect(await failuresSeenBy(acmeAdmin, member.email)).toEqual([
      { actorLabel: 'mo@acme.test', workspaceId: acmeAdmin.workspaceId, ip: '10.20.0.1', summary: { method: 'password' } },
    ]);
    expect(await failuresSeenBy(globexAdmin, member.email)).toEqual([]);
  });

  it('shows in every workspace the address is a member of, or whose allowlist admits it, once each', async () => {
    const both = await createMember(sql, { email: 'dual@both.test', role: 'viewer', workspaceId: acmeAdmin.workspaceId });
    await addMember(sql, { workspaceId: globexAdmin.workspaceId, userId: both.userId, role: 'viewer' });
    expect(await failSignIn(both.email, '10.20.0.2')).toBe(WRONG_CREDENTIALS_MESSAGE);
    expect((await failuresSeenBy(acmeAdmin, both.email)).map((entry) => entry.workspaceId)).toEqual([acmeAdmin.workspaceId]);
    expect((await failuresSeenBy(globexAdmin, both.email)).map((entry) => entry.workspaceId)).toEqual([globexAdmin.workspaceId]);

    // No account yet: Globex's domain entry would admit them on first sign-in, so it concerns Globex only.
    await addAllowlistEntry(sql, { workspaceId: globexAdmin.workspaceId, kind: 'domain', value: 'newhire.test', role: 'viewer', createdBy: null });
    expect(await failSignIn('first@newhire.test', '10.20.0.3')).toBe(WRONG_CREDENTIALS_MESSAGE);
    expect(await failuresSeenBy(globexAdmin, 'first@newhire.test')).toHaveLength(1);
    expect(await failuresSeenBy(acmeAdmin, 'first@newhire.test')).toEqual([]);
  });

  it("writes no audit entry for a stranger's failed sign-in, with the same answer", async () => {
    const before = await sql<{ count: number }[]>`select count(*)::int as count from audit_log`;
    expect(await failSignIn('nobody@elsewhere.test', '10.20.0.4')).toBe(WRONG_CREDENTIALS_MESSAGE);
    const after = await sql<{ count: number }[]>`select count(*)::int as count from audit_log`;
    expect(after[0]?.count).toBe(before[0]?.count);
    for (const admin of [acmeAdmin, globexAdmin]) expect(await failuresSeenBy(admin, 'nobody@')).toEqual([]);
  });
});
