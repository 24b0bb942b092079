import { RateLimited, SIGN_IN_LIMITS } from '@switchboard/core';
import { countRecentActions, type Sql } from '@switchboard/db';
import type * as argon2 from '@node-rs/argon2';
import { verify } from '@node-rs/argon2';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMember, TEST_PASSWORD, type TestMember } from '../../../../tests/accounts.ts';
import { createCaller } from '../root.ts';
import { testContext } from '../testing/context.ts';
import { openTestWorkspace, type TestWorkspace } from '../testing/test-workspace.ts';

// The real argon2, with its verifications counted: the limit is about how many guesses get checked.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof argon2>();
  return { ...real, verify: vi.fn(real.verify) };
});

let workspace: TestWorkspace;
let sql: Sql;
let target: TestMember;

beforeAll(async () => {
  workspace = await openTestWorkspace('sign-in-concurrency-test');
  sql = workspace.sql;
  target = await createMember(sql, { email: 'target@acme.test', role: 'admin', workspaceId: workspace.operator.workspaceId });
});

afterAll(() => workspace.close());

const callerFrom = (ip: string) => createCaller(testContext(sql, { origin: { ip, userAgent: 'vitest' } }));

async function outcome(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => 'signed in',
    (error: unknown) => error,
  );
}

describe('sign-in limits under concurrency', () => {
  it('refuses the right password after 50 concurrent wrong ones, having checked no more than the limit', async () => {
    vi.mocked(verify).mockClear();
    const wrong = Array.from({ length: 50 }, (_, index) =>
      outcome(callerFrom(`10.20.0.${index}`).auth.signIn({ email: target.email, password: `wrong guess ${index}` })),
    );
    const right = outcome(callerFrom('10.99.0.1').auth.signIn({ email: target.email, password: TEST_PASSWORD }));
    const wrongOutcomes = await Promise.all(wrong);
    const refusal = await right;
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const cause = (refusal as TRPCError).cause;
    expect(cause).toBeInstanceOf(RateLimited);
    expect((cause as RateLimited).retryAfterSeconds).toBeGreaterThan(0);
    expect(wrongOutcomes.every((result) => result instanceof TRPCError)).toBe(true);
    expect(vi.mocked(verify).mock.calls.length).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccount.maxFailures);
  });

  it('counts concurrent link requests per address before queueing any', async () => {
    const context = testContext(sql, { origin: { ip: '10.30.0.1', userAgent: 'vitest' } });
    const caller = createCaller(context);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => outcome(caller.auth.requestLink({ email: workspace.operator.email, purpose: 'sign_in' }))),
    );
    expect(results.filter((result) => result === 'signed in')).toHaveLength(5);
    expect(results.filter((result) => result instanceof TRPCError && result.code === 'TOO_MANY_REQUESTS')).toHaveLength(15);
    expect(context.enqueued).toHaveLength(5);
    expect(await countRecentActions(sql, { actorLabel: workspace.operator.email, actions: ['auth.link_requested'], windowMs: 60_000 })).toBe(5);
  });
});
