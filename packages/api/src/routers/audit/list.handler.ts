import { listAudit } from '@switchboard/db';
import type { AdminContext } from '../../procedures/index.ts';
import type { TListAuditInputSchema } from './list.schema.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export function auditFilter(ctx: AdminContext, input: TListAuditInputSchema) {
  return {
    workspaceId: ctx.workspace.id,
    limit: input.limit,
    ...(input.actor ? { actor: input.actor } : {}),
    ...(input.action ? { action: input.action } : {}),
    ...(input.from ? { from: new Date(`${input.from}T00:00:00Z`) } : {}),
    // "to" is a whole day: everything before the next midnight.
    ...(input.to ? { to: new Date(new Date(`${input.to}T00:00:00Z`).getTime() + DAY_MS) } : {}),
    ...(input.cursor ? { beforeId: input.cursor } : {}),
  };
}

export async function listAuditHandler({ ctx, input }: { ctx: AdminContext; input: TListAuditInputSchema }) {
  const entries = await listAudit(ctx.db, auditFilter(ctx, input));
  return {
    entries: entries.map((entry) => ({
      ...entry,
      // Installation-wide entries reach every workspace; the owner's address is not theirs to see.
      ip: entry.scope === 'installation' ? null : entry.ip,
      createdAt: entry.createdAt.toISOString(),
    })),
    nextCursor: entries.length === input.limit ? entries.at(-1)?.id ?? null : null,
  };
}
