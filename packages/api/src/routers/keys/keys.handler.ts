import { randomUUID } from 'node:crypto';
import { Invalid, keyHint, keyState, NotFound, PROVIDER_KEY_FIELDS, PROVIDER_KEY_KINDS, PROVIDER_OF_KEY, RateLimited, type ProviderKeyKind } from '@switchboard/core';
import { deleteProviderKey, JobAlreadyQueued, listEnvironmentKeyTests, listProviderKeys, saveProviderKey, sealProviderKey } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AdminContext } from '../../procedures/index.ts';
import type { TProviderInputSchema, TSetKeyInputSchema } from './keys.schema.ts';

/** Each kind of key with what is known about it, never the key itself: "set, ends in …4f2a". */
export async function listKeysHandler({ ctx }: { ctx: AdminContext }) {
  const [ownKeys, environmentTests] = await Promise.all([listProviderKeys(ctx.db, ctx.workspace.id), listEnvironmentKeyTests(ctx.db)]);
  const stored = new Map(ownKeys.map((key) => [key.provider, key]));
  return PROVIDER_KEY_KINDS.map((kind) => {
    const own = stored.get(kind);
    const fromEnvironment = ctx.envKeyKinds.includes(kind);
    const environmentTest = fromEnvironment ? environmentTests.find((test) => test.provider === kind) : undefined;
    return {
      provider: kind,
      category: PROVIDER_OF_KEY[kind],
      workspaceKey: own
        ? {
            hint: own.hint,
            updatedAt: own.updatedAt.toISOString(),
            lastTest: own.lastTestedAt ? { ok: own.lastTestOk === true, message: own.lastTestMessage ?? '', testedAt: own.lastTestedAt.toISOString() } : null,
          }
        : null,
      fromEnvironment,
      /** How the last "Test connection" of the server's key went, while it is the key in use. */
      environmentLastTest: environmentTest && !own ? { ok: environmentTest.ok, message: environmentTest.message, testedAt: environmentTest.testedAt.toISOString() } : null,
      mode: keyState(own ? { provider: kind, lastTestOk: own.lastTestOk } : null, fromEnvironment && { lastTestOk: environmentTest?.ok ?? null }, withoutKey(ctx, kind)),
    };
  });
}

/** Without a key each provider runs in its sandbox, except voice when this server's sandbox caller is off. */
function withoutKey(ctx: AdminContext, kind: ProviderKeyKind): 'sandbox' | 'unavailable' {
  const status = ctx.providers.find((provider) => provider.provider === PROVIDER_OF_KEY[kind]);
  return status?.mode === 'unavailable' ? 'unavailable' : 'sandbox';
}

export async function setKeyHandler({ ctx, input }: { ctx: AdminContext; input: TSetKeyInputSchema }) {
  const parsed = PROVIDER_KEY_FIELDS[input.provider].safeParse(input.fields);
  if (!parsed.success) throw new Invalid(parsed.error.issues.map((issue) => issue.message).join(' '));
  const hint = keyHint(input.provider, parsed.data);
  const sealed = sealProviderKey(ctx.masterKey, ctx.workspace.id, input.provider, parsed.data);
  await ctx.db.begin(async (tx) => {
    await saveProviderKey(tx, { workspaceId: ctx.workspace.id, provider: input.provider, sealed, hint, updatedBy: ctx.user.id });
    await recordAction(tx, ctx, {
      action: 'provider_key.set',
      targetType: 'provider_key',
      targetId: input.provider,
      // What changed, never the key: the hint is all anyone sees.
      summary: { provider: input.provider, key: hint },
    });
  });
  return { provider: input.provider, hint };
}

export async function removeKeyHandler({ ctx, input }: { ctx: AdminContext; input: TProviderInputSchema }) {
  await ctx.db.begin(async (tx) => {
    if (!(await deleteProviderKey(tx, ctx.workspace.id, input.provider))) throw new NotFound('This workspace has no key for that provider.');
    await recordAction(tx, ctx, {
      action: 'provider_key.remove',
      targetType: 'provider_key',
      targetId: input.provider,
      summary: { provider: input.provider },
    });
  });
  return { removed: true as const };
}

// How long a refused test suggests waiting: the waiting test usually starts within seconds.
const KEY_TEST_RETRY_AFTER_S = 5;

/**
 * The worker checks the key against the provider and answers with a `provider.key_tested` event. At
 * most one test per workspace and provider waits in the queue, however many calls race or share a
 * batch: each test is a call to the provider with the workspace's key.
 */
export async function testKeyHandler({ ctx, input }: { ctx: AdminContext; input: TProviderInputSchema }) {
  const testId = randomUUID();
  try {
    await ctx.enqueue(
      'providers.test-key',
      { workspaceId: ctx.workspace.id, provider: input.provider, testId },
      { singletonKey: `${ctx.workspace.id}:${input.provider}`, onePerKey: true },
    );
  } catch (error) {
    if (error instanceof JobAlreadyQueued) {
      throw new RateLimited('A test of this key is already waiting to run; its answer will come in a moment.', KEY_TEST_RETRY_AFTER_S);
    }
    throw error;
  }
  return { testId };
}
