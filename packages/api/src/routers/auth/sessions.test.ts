import { hashToken } from '@switchboard/core/crypto';
import { createOneTimeLink, listAudit, type Sql } from '@switchboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { resolveApiToken } from '../../auth/api-tokens.ts';
import { resolveSession, SESSION_COOKIE } from '../../auth/sessions.ts';
import { createCaller } from '../../root.ts';
import { testContext } from '../../testing/context.ts';
import { openTestWorkspace, type TestWorkspace } from '../../testing/test-workspace.ts';

let workspace: TestWorkspace;
let sql: Sql;
let admin: TestMember;

const sessionOf = (member: TestMember) => member.cookie.slice(`${SESSION_COOKIE}=`.length);

function browserCaller(member: TestMember) {
  return createCaller(
    testContext(sql, {
      user: { id: member.userId, email: member.email, role: 'admin' },
      workspace: { id: member.workspaceId, name: 'Acme', slug: 'acme' },
      sessionToken: sessionOf(member),
    }),
  );
}

beforeAll(async () => {
  workspace = await openTestWorkspace('sessions-test');
  sql = workspace.sql;
  admin = await createMember(sql, { email: 'ada@acme.test', role: 'admin', workspaceId: workspace.operator.workspaceId });
});

afterAll(() => workspace.close());

describe('sessions', () => {
  it('lets no API token end its creator’s sessions, whatever its role', async () => {
    for (const role of ['viewer', 'admin'] as const) {
      const { token } = await browserCaller(admin).tokens.create({ name: `script ${role}`, role });
      const grant = await resolveApiToken(sql, token);
      expect(grant).not.toBeNull();
      // As the web server builds it for `Authorization: Bearer`: a user, and no session cookie.
      const viaToken = createCaller(testContext(sql, { user: grant!.user, workspace: grant!.workspace, sessionToken: null }));
      await expect(viaToken.auth.signOutEverywhere()).rejects.toMatchObject({ code: 'FORBIDDEN', message: /API tokens cannot end sessions/ });
      await expect(viaToken.auth.signOut()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await resolveSession(sql, sessionOf(admin))).toMatchObject({ user: { email: admin.email } });
  });

  it('still signs a browser out everywhere', async () => {
    const other = await createMember(sql, { email: 'bea@acme.test', role: 'admin', workspaceId: admin.workspaceId });
    await expect(browserCaller(other).auth.signOutEverywhere()).resolves.toEqual({ sessionsEnded: 1 });
    expect(await resolveSession(sql, sessionOf(other))).toBeNull();
  });

  it('ends every other session of the user when their password is reset', async () => {
    const member = await createMember(sql, { email: 'reset@acme.test', role: 'operator', workspaceId: admin.workspaceId });
    const token = 'reset-token-for-the-sessions-test-0001';
    await createOneTimeLink(sql, { tokenHash: hashToken(token), purpose: 'password_reset', email: member.email, ttlMs: 60_000 });
    const context = testContext(sql);
    await createCaller(context).auth.resetPassword({ token, password: 'a brand new password for reset' });
    expect(await resolveSession(sql, sessionOf(member))).toBeNull();
    const newSession = context.cookieLog[0]?.replace(/^set:/, '') ?? '';
    expect(await resolveSession(sql, newSession)).toMatchObject({ user: { email: member.email } });
    const [entry] = await listAudit(sql, { workspaceId: admin.workspaceId, limit: 1 });
    expect(entry).toMatchObject({ action: 'auth.password_reset', summary: { method: 'email_link', otherSessionsEnded: 1 } });
  });
});
