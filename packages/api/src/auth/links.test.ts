import { Invalid, RateLimited } from '@switchboard/core';
import { hashToken } from '@switchboard/core/crypto';
import { addAllowlistEntry, createOneTimeLink, createSql, createWorkspace, findUserByEmail, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { testContext, silentLog } from '../testing/context.ts';
import { recordingStatements } from '../testing/recording-statements.ts';
import { NOT_ALLOWLISTED_MESSAGE } from './admission.ts';
import { requestLink, signInWithLink } from './links.ts';
import { resolveSession } from './sessions.ts';
import { signInWithPassword } from './sign-in.ts';

const origin = { ip: '10.0.0.7', userAgent: 'vitest' };
let database: TestDatabase;
let sql: Sql;
let workspaceId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'links-test' });
  const workspace = await createWorkspace(sql, { name: 'Acme', slug: 'acme' });
  workspaceId = workspace.id;
  await addAllowlistEntry(sql, { workspaceId: workspace.id, kind: 'domain', value: 'acme.test', role: 'operator', createdBy: null });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

async function link(purpose: 'sign_in' | 'password_reset', email: string, nextPath: string | null = null): Promise<string> {
  const token = `test-token-${purpose}-${email}-${Math.random().toString(36).slice(2)}`;
  await createOneTimeLink(sql, { tokenHash: hashToken(token), purpose, email, ttlMs: 60_000, nextPath });
  return token;
}

describe('emailed links', () => {
  it('queues a link for an allowlisted address, and answers anyone else the same with no link', async () => {
    const context = testContext(sql);
    await expect(requestLink(context, { email: 'New.Person@Acme.test', purpose: 'sign_in' })).resolves.toBeUndefined();
    expect(context.enqueued).toEqual([{ queue: 'auth.send-link', payload: { email: 'new.person@acme.test', purpose: 'sign_in', workspaceIds: [workspaceId] } }]);
    await expect(requestLink(context, { email: 'someone@elsewhere.test', purpose: 'sign_in' })).resolves.toBeUndefined();
    await expect(requestLink(context, { email: 'someone@elsewhere.test', purpose: 'password_reset' })).resolves.toBeUndefined();
    expect(context.enqueued).toHaveLength(1);
  });

  it('counts an address off the allowlist like a failed sign-in, so 40 requests at once from one IP are answered 20 times at most', async () => {
    const context = testContext(sql, { origin: { ip: '10.9.9.9', userAgent: 'vitest' } });
    const answers = await Promise.allSettled(Array.from({ length: 40 }, (_, index) => requestLink(context, { email: `guess${index}@elsewhere.test`, purpose: 'sign_in' })));
    const reasons = answers.map((answer) => (answer.status === 'rejected' ? (answer.reason as Error).constructor.name : 'answered'));
    expect(reasons.filter((reason) => reason === 'answered')).toHaveLength(20);
    expect(reasons.filter((reason) => reason === 'RateLimited')).toHaveLength(20);
    expect(context.enqueued).toEqual([]);
    // That IP is now limited for links as for passwords; another IP is not.
    await expect(requestLink(context, { email: 'member@acme.test', purpose: 'sign_in' })).rejects.toMatchObject({ kind: 'rate_limited' });
    await requestLink(testContext(sql, { origin: { ip: '10.9.9.10', userAgent: 'vitest' } }), { email: 'member@acme.test', purpose: 'sign_in' });
  });

  it('keeps the page a sign-in or password-reset link returns to in the job', async () => {
    const context = testContext(sql);
    await requestLink(context, { email: 'back@acme.test', purpose: 'sign_in', next: '/leads/import' });
    await requestLink(context, { email: 'back@acme.test', purpose: 'password_reset', next: '/leads/import' });
    await requestLink(context, { email: 'back@acme.test', purpose: 'password_reset' });
    expect(context.enqueued.map((job) => job.payload)).toEqual([
      { email: 'back@acme.test', purpose: 'sign_in', workspaceIds: [workspaceId], nextPath: '/leads/import' },
      { email: 'back@acme.test', purpose: 'password_reset', workspaceIds: [workspaceId], nextPath: '/leads/import' },
      { email: 'back@acme.test', purpose: 'password_reset', workspaceIds: [workspaceId] },
    ]);
  });

  it('limits how many links one address can ask for', async () => {
    const context = testContext(sql);
    for (let request = 0; request < 5; request += 1) await requestLink(context, { email: 'eager@acme.test', purpose: 'sign_in' });
    await expect(requestLink(context, { email: 'eager@acme.test', purpose: 'password_reset' })).rejects.toThrow(/Too many sign-in requests for this address/);
    expect(context.enqueued).toHaveLength(5);
  });

  it('refuses the sixth request in a row alike for an allowlisted address and one off the allowlist', async () => {
    const refusals = [];
    for (const [email, ip] of [['sixth@acme.test', '10.6.0.1'], ['sixth@elsewhere.test', '10.6.0.2']] as const) {
      const context = testContext(sql, { origin: { ip, userAgent: 'vitest' } });
      for (let request = 0; request < 5; request += 1) await requestLink(context, { email, purpose: 'sign_in' });
      refusals.push(await requestLink(context, { email, purpose: 'sign_in' }).catch((error: unknown) => error));
    }
    const [allowlisted, stranger] = refusals as [RateLimited, RateLimited];
    expect(allowlisted).toBeInstanceOf(RateLimited);
    expect([stranger.message, stranger.retryAfterSeconds]).toEqual([allowlisted.message, allowlisted.retryAfterSeconds]);
  });

  it('waits on as many writes for an address off the allowlist as for one on it (whose email is queued)', async () => {
    const writesOf = async (email: string, ip: string) => {
      const kinds: string[] = [];
      const context = testContext(recordingStatements(sql, kinds), { origin: { ip, userAgent: 'vitest' } });
      const enqueue = context.enqueue;
      await requestLink({ ...context, enqueue: (queue, payload, options) => (kinds.push('enqueue'), enqueue(queue, payload, options)) }, { email, purpose: 'sign_in' });
      return kinds.filter((kind) => !['select', 'begin'].includes(kind));
    };
    expect(await writesOf('timing@acme.test', '10.7.0.1')).toEqual(['insert', 'enqueue']);
    // The attempt the limits count, then the write that stands in for queueing an email.
    expect(await writesOf('timing@elsewhere.test', '10.7.0.2')).toEqual(['insert', 'update']);
  });

  it('signs a first-time allowlisted person in, creating their account, and works once', async () => {
    const token = await link('sign_in', 'first@acme.test');
    const signedIn = await signInWithLink(sql, { token, purpose: 'sign_in', ...origin });
    expect((await resolveSession(sql, signedIn.sessionToken))?.user).toMatchObject({ email: 'first@acme.test', role: 'operator' });
    expect(signedIn.nextPath).toBeNull();
    await expect(signInWithLink(sql, { token, purpose: 'sign_in', ...origin })).rejects.toThrow(Invalid);
  });

  it('sets a password from a reset link, keeping the link (and the page it returns to) for another try when the password is weak', async () => {
    const token = await link('password_reset', 'reset@acme.test', '/calls');
    await expect(signInWithLink(sql, { token, purpose: 'password_reset', newPassword: 'weak', ...origin })).rejects.toThrow(/at least 12/);
    expect(await findUserByEmail(sql, 'reset@acme.test')).toBeNull();
    const signedIn = await signInWithLink(sql, { token, purpose: 'password_reset', newPassword: 'a much better password', ...origin });
    expect(signedIn.nextPath).toBe('/calls');
    await expect(signInWithPassword(sql, { email: 'reset@acme.test', password: 'a much better password', ...origin }, silentLog)).resolves.toBeDefined();
  });

  it('refuses a link whose address was removed from the allowlist meanwhile', async () => {
    const token = await link('sign_in', 'gone@elsewhere.test');
    await expect(signInWithLink(sql, { token, purpose: 'sign_in', ...origin })).rejects.toThrow(NOT_ALLOWLISTED_MESSAGE);
  });
});
