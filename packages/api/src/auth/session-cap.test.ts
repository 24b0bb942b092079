import { MAX_LIVE_SESSIONS_PER_USER } from '@switchboard/core';
import { hashToken } from '@switchboard/core/crypto';
import { createOneTimeLink, type Sql } from '@switchboard/db';
import { silentLog } from '../testing/context.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, TEST_PASSWORD, type TestMember } from '../../../../tests/accounts.ts';
import { openTestWorkspace, type TestWorkspace } from '../testing/test-workspace.ts';
import { signInWithLink } from './links.ts';
import { resolveSession, SESSION_COOKIE, startSession } from './sessions.ts';
import { signInWithPassword } from './sign-in.ts';

let workspace: TestWorkspace;
let sql: Sql;
let member: TestMember;

const origin = { ip: '10.9.0.1', userAgent: 'vitest' };
const startOne = () => sql.begin((tx) => startSession(tx, { userId: member.userId, workspaceId: member.workspaceId, ...origin }));

async function liveCount(tokens: readonly string[]): Promise<number> {
  const resolved = await Promise.all(tokens.map((token) => resolveSession(sql, token)));
  return resolved.filter((session) => session !== null).length;
}

beforeAll(async () => {
  workspace = await openTestWorkspace('session-cap-test');
  sql = workspace.sql;
  member = await createMember(sql, { email: 'many.tabs@acme.test', role: 'operator', workspaceId: workspace.operator.workspaceId });
});

afterAll(() => workspace.close());

describe('live sessions per user', () => {
  it('keeps at most the cap live when many sign-ins start at once, and the ended ones stop authenticating', async () => {
    const firstToken = member.cookie.slice(`${SESSION_COOKIE}=`.length);
    const burst = await Promise.all(Array.from({ length: MAX_LIVE_SESSIONS_PER_USER + 15 }, startOne));
    const all = [firstToken, ...burst];

    expect(await liveCount(all)).toBe(MAX_LIVE_SESSIONS_PER_USER);
    // The session from before the burst is the oldest: it is among those ended.
    expect(await resolveSession(sql, firstToken)).toBeNull();
    const [row] = await sql<[{ live: number }]>`
      select count(*)::int as live from sessions where user_id = ${member.userId} and revoked_at is null`;
    expect(row.live).toBe(MAX_LIVE_SESSIONS_PER_USER);

    // A later sign-in through the real path is kept, and pushes the oldest of the burst out.
    const signedIn = await signInWithPassword(sql, { email: member.email, password: TEST_PASSWORD, ...origin }, silentLog);
    expect(await resolveSession(sql, signedIn.sessionToken)).toMatchObject({ user: { email: member.email } });
    expect(await liveCount([...all, signedIn.sessionToken])).toBe(MAX_LIVE_SESSIONS_PER_USER);
  });

  it('leaves other users’ sessions alone', async () => {
    const other = workspace.operator.cookie.slice(`${SESSION_COOKIE}=`.length);
    await Promise.all(Array.from({ length: MAX_LIVE_SESSIONS_PER_USER + 2 }, startOne));
    expect(await resolveSession(sql, other)).toMatchObject({ user: { email: workspace.operator.email } });
  });

  it('keeps the cap, and every call finishes, when a password reset and sign-ins run at once', async () => {
    await Promise.all(Array.from({ length: MAX_LIVE_SESSIONS_PER_USER }, startOne));
    const token = 'reset-token-amid-a-burst-of-sign-ins-0001';
    await createOneTimeLink(sql, { tokenHash: hashToken(token), purpose: 'password_reset', email: member.email, ttlMs: 60_000 });
    const newPassword = 'a brand new password amid the burst';
    const reset = signInWithLink(sql, { token, purpose: 'password_reset', newPassword, ...origin });
    // Real sign-ins (they also update the user's row), as many as the failed-attempt limit lets run at once.
    const signIns = Array.from({ length: 4 }, () =>
      signInWithPassword(sql, { email: member.email, password: TEST_PASSWORD, ip: '10.9.0.2', userAgent: 'vitest' }, silentLog).catch((error: unknown) => error),
    );
    const [resetDone, ...answers] = await Promise.all([reset, ...signIns]);
    // Each sign-in either beat the reset (old password) or came after it (refused): none failed otherwise.
    for (const answer of answers) expect(answer instanceof Error ? answer.message : 'signed in').toMatch(/signed in|Email or password is incorrect/);
    const tokens = [resetDone.sessionToken, ...answers.flatMap((answer) => (answer instanceof Error ? [] : [(answer as { sessionToken: string }).sessionToken]))];
    expect(await liveCount(tokens)).toBeGreaterThan(0);
    const [row] = await sql<[{ live: number }]>`
      select count(*)::int as live from sessions where user_id = ${member.userId} and revoked_at is null`;
    expect(row.live).toBeLessThanOrEqual(MAX_LIVE_SESSIONS_PER_USER);
  });
});
