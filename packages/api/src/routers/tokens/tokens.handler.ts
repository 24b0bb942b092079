import { API_TOKENS_PER_MEMBER_CAP, assertRoomFor, Forbidden, NotFound, roleAllows } from '@switchboard/core';
import { createApiToken, listApiTokens, lockAndCountLiveApiTokens, revokeApiToken } from '@switchboard/db';
import { newApiToken } from '../../auth/api-tokens.ts';
import { recordAction } from '../../audit/record.ts';
import type { AdminContext } from '../../procedures/index.ts';
import type { TCreateTokenInputSchema, TRevokeTokenInputSchema } from './tokens.schema.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export function listTokensHandler({ ctx }: { ctx: AdminContext }) {
  return listApiTokens(ctx.db, ctx.workspace.id);
}

/** The token itself is returned this once; only its hash is kept. Each person has a capped number live. */
export async function createTokenHandler({ ctx, input }: { ctx: AdminContext; input: TCreateTokenInputSchema }) {
  if (!roleAllows(ctx.user.role, input.role)) throw new Forbidden(`A token cannot have a higher role than yours (${ctx.user.role}).`);
  const { token, tokenHash } = newApiToken();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null;
  const id = await ctx.db.begin(async (tx) => {
    assertRoomFor(API_TOKENS_PER_MEMBER_CAP, await lockAndCountLiveApiTokens(tx, { workspaceId: ctx.workspace.id, userId: ctx.user.id }));
    const created = await createApiToken(tx, { tokenHash, userId: ctx.user.id, workspaceId: ctx.workspace.id, name: input.name, role: input.role, expiresAt });
    await recordAction(tx, ctx, {
      action: 'api_token.create',
      targetType: 'api_token',
      targetId: created,
      summary: { name: input.name, role: input.role, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { id, token, expiresAt: expiresAt?.toISOString() ?? null };
}

export async function revokeTokenHandler({ ctx, input }: { ctx: AdminContext; input: TRevokeTokenInputSchema }) {
  await ctx.db.begin(async (tx) => {
    const revoked = await revokeApiToken(tx, ctx.workspace.id, input.id);
    if (!revoked) throw new NotFound('That API token does not exist in this workspace.');
    await recordAction(tx, ctx, {
      action: 'api_token.revoke',
      targetType: 'api_token',
      targetId: input.id,
      summary: { name: revoked.name },
    });
  });
  return { revoked: true as const };
}
