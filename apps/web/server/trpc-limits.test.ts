import { createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, TEST_PASSWORD } from '../../../tests/accounts.ts';
import { createTestDatabase } from '../../../tests/database.ts';
import { startTestWebServer, type TestWebServer } from '../../../tests/web-server.ts';

let database: TestDatabase;
let sql: Sql;
let web: TestWebServer;
let cookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'web-trpc-limits-test' });
  web = await startTestWebServer(sql, database.url);
  ({ cookie } = await createMember(sql, { email: 'ada@limits.test', role: 'admin' }));
});

afterAll(async () => {
  await web.close();
  await sql.end();
  await database.drop();
});

function batch(paths: string[], inputs: unknown[]) {
  const body = Object.fromEntries(inputs.map((input, index) => [index, input]));
  return fetch(`${web.base}/api/trpc/${paths.join(',')}?batch=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const attempts = async () => (await sql<{ count: number }[]>`select count(*)::int as count from sign_in_attempts`)[0]!.count;
const signIn = (password: string) => ({ email: 'ada@limits.test', password });

describe('tRPC batches', () => {
  it('refuses a 500-call sign-in batch with a 400 before any call runs', async () => {
    const inputs = [...Array.from({ length: 499 }, (_, index) => signIn(`wrong ${index}`)), signIn(TEST_PASSWORD)];
    const response = await batch(inputs.map(() => 'auth.signIn'), inputs);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'A batch may carry at most 20 calls; this one has 500. Send fewer calls per request.',
    );
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await attempts()).toBe(0);
  });

  it('refuses two auth mutations in one batch, and takes a batch of ordinary calls', async () => {
    const twoSignIns = await batch(['auth.signIn', 'auth.signIn'], [signIn('wrong'), signIn(TEST_PASSWORD)]);
    expect(twoSignIns.status).toBe(400);
    expect(((await twoSignIns.json()) as { error: { message: string } }).error.message).toMatch(/one per request/);
    const mixed = await batch(['auth.requestLink', 'auth.signIn'], [{ email: 'ada@limits.test', purpose: 'sign_in' }, signIn('wrong')]);
    expect(mixed.status).toBe(400);
    expect(await attempts()).toBe(0);

    const queries = await fetch(`${web.base}/api/trpc/${Array(20).fill('auth.me').join(',')}?batch=1`);
    expect(queries.status).toBe(200);
    expect(await queries.json()).toHaveLength(20);
  });

  it('refuses the same batches when `batch` is repeated in the query string, as tRPC still runs them as one batch', async () => {
    const inputs = [signIn('wrong 1'), signIn('wrong 2')];
    for (const query of ['batch=1&batch=1', 'batch=1&batch=0']) {
      const response = await fetch(`${web.base}/api/trpc/auth.signIn,auth.signIn?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ 0: inputs[0], 1: inputs[1] }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/one per request/);
    }
    const oversized = await fetch(`${web.base}/api/trpc/${Array(21).fill('auth.me').join(',')}?batch=1&batch=1`);
    expect(oversized.status).toBe(400);
    expect(await attempts()).toBe(0);
  });

  it('counts each call of a batch against the expensive-call limit, so one request of 20 analytics reports runs only a few', async () => {
    const paths = Array(20).fill('analytics.report');
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(paths.map((_, index) => [index, {}]))));
    const response = await fetch(`${web.base}/api/trpc/${paths.join(',')}?batch=1&input=${input}`, { headers: { cookie } });
    const answers = (await response.json()) as { result?: unknown; error?: { data: { code: string } } }[];
    expect(answers).toHaveLength(20);
    expect(answers.filter((answer) => answer.result !== undefined)).toHaveLength(4);
    expect(answers.filter((answer) => answer.error?.data.code === 'TOO_MANY_REQUESTS')).toHaveLength(16);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('holds the API-token cap across two 20-call batches sent at once: 25 tokens, each other call a 400 saying why', async () => {
    const createTokens = (from: number) => {
      const paths = Array<string>(20).fill('tokens.create');
      const body = Object.fromEntries(paths.map((_, index) => [index, { name: `script ${from + index}`, role: 'viewer' }]));
      return fetch(`${web.base}/api/trpc/${paths.join(',')}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin: web.base },
        body: JSON.stringify(body),
      });
    };
    const responses = await Promise.all([createTokens(0), createTokens(20)]);
    const answers = (await Promise.all(responses.map((response) => response.json()))).flat() as { result?: unknown; error?: { message: string; data: { httpStatus: number } } }[];
    expect(answers.filter((answer) => answer.result !== undefined)).toHaveLength(25);
    const refused = answers.filter((answer) => answer.error !== undefined);
    expect(refused).toHaveLength(15);
    for (const answer of refused) {
      expect(answer.error).toMatchObject({ message: expect.stringContaining('25 is the most one person can have'), data: { httpStatus: 400 } });
    }
    const [live] = await sql<{ count: number }[]>`select count(*)::int as count from api_tokens where revoked_at is null`;
    expect(live?.count).toBe(25);
  });

  it('answers a rate-limited call with 429 and Retry-After in seconds', async () => {
    let response: Response | undefined;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      response = await fetch(`${web.base}/api/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(signIn(`wrong again ${attempt}`)),
      });
      if (response.status === 429) break;
    }
    expect(response?.status).toBe(429);
    const retryAfter = Number(response?.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });
});

describe('raw JSON a form never sends', () => {
  // JSON has no NaN, and 1e309 parses as Infinity: both reach the money fields of the call settings
  // and the spend alert only through a hand-made request, and are refused there in words.
  const post = (path: string, body: string) =>
    fetch(`${web.base}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: web.base }, body });
  const settings = (budget: string) => `{"campaignId":"00000000-0000-4000-8000-000000000000","assistantId":null,"maxAttempts":1,"spacingMinutes":1,"budgetUsd":${budget}}`;

  it.each([
    ['calls.updateSettings', settings('1e309')],
    ['calls.updateSettings', settings('NaN')],
    ['calls.updateSettings', settings('"5"')],
    ['calls.updateSettings', settings('-0.0001')],
    ['calls.setSpendAlert', '{"thresholdUsd":1e309}'],
    ['calls.setSpendAlert', '{"thresholdUsd":NaN}'],
    ['calls.setSpendAlert', '{"thresholdUsd":-1e309}'],
    ['calls.setSpendAlert', '{"thresholdUsd":'],
  ])('%s %s: a 400 with a message, never a 500', async (path, body) => {
    const response = await post(path, body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { message: string } };
    expect(answer.error.message.length).toBeGreaterThan(0);
    expect(answer.error.message.length).toBeLessThan(500);
  });
});
