import { ALLOWLIST_ENTRIES_CAP, assertRoomFor, Invalid, LINK_REQUEST_LIMIT, NotFound, parseAllowlistValue, RateLimited } from '@switchboard/core';
import { addAllowlistEntry, countRecentInvitations, listAllowlist, lockAndCountAllowlistEntries, lockForTransaction, removeAllowlistEntry } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import { queueAuthLink } from '../../auth/links.ts';
import type { AdminContext } from '../../procedures/index.ts';
import type { TAddAllowlistEntryInputSchema, TRemoveAllowlistEntryInputSchema } from './allowlist.schema.ts';

export function listAllowlistHandler({ ctx }: { ctx: AdminContext }) {
  return listAllowlist(ctx.db, ctx.workspace.id);
}

export async function addAllowlistEntryHandler({ ctx, input }: { ctx: AdminContext; input: TAddAllowlistEntryInputSchema }) {
  const parsed = parseAllowlistValue(input.value);
  if (!parsed) throw new Invalid(`"${input.value}" is neither an email address nor a domain like acme.com.`);
  const invited = input.invite && parsed.kind === 'email';
  const entry = await ctx.db.begin(async (tx) => {
    // The workspace's lock first, then the address's: the same order in every call, so none deadlock.
    assertRoomFor(ALLOWLIST_ENTRIES_CAP, await lockAndCountAllowlistEntries(tx, ctx.workspace.id, parsed));
    if (invited) {
      // An invitation is an emailed sign-in link: limited per address like asking for one, counted
      // under the same lock so parallel or batched calls cannot all pass the check.
      await lockForTransaction(tx, `auth-link:${parsed.value}`);
      const recent = await countRecentInvitations(tx, { workspaceId: ctx.workspace.id, value: parsed.value, windowMs: LINK_REQUEST_LIMIT.windowMs });
      if (recent >= LINK_REQUEST_LIMIT.maxRequests) {
        throw new RateLimited(`${parsed.value} was already invited ${recent} times in the last 15 minutes; try again later.`, LINK_REQUEST_LIMIT.windowMs / 1000);
      }
    }
    const entry = await addAllowlistEntry(tx, { workspaceId: ctx.workspace.id, ...parsed, role: input.role, createdBy: ctx.user.id });
    await recordAction(tx, ctx, {
      action: 'allowlist.add',
      targetType: 'allowlist_entry',
      targetId: entry.id,
      summary: { kind: entry.kind, value: entry.value, role: entry.role, invited },
    });
    return entry;
  });
  // After the commit: the worker's link email must find the address already allowlisted.
  if (invited) await queueAuthLink(ctx, entry.value, 'sign_in');
  return { ...entry, invited };
}

export async function removeAllowlistEntryHandler({ ctx, input }: { ctx: AdminContext; input: TRemoveAllowlistEntryInputSchema }) {
  await ctx.db.begin(async (tx) => {
    const removed = await removeAllowlistEntry(tx, ctx.workspace.id, input.id);
    if (!removed) throw new NotFound('That allowlist entry does not exist in this workspace.');
    await recordAction(tx, ctx, {
      action: 'allowlist.remove',
      targetType: 'allowlist_entry',
      targetId: removed.id,
      summary: { kind: removed.kind, value: removed.value },
    });
  });
  return { removed: true as const };
}
