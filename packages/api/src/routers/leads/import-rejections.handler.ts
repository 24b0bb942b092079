import { listLeadImportRejections } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import type { TImportRejectionsInputSchema } from './import.schema.ts';
import { requireLeadImport } from './import-view.ts';

/** The rows an import could not use and why, a page at a time (the error CSV reads them all). */
export async function importRejectionsHandler({ ctx, input }: { ctx: AuthedContext; input: TImportRejectionsInputSchema }) {
  await requireLeadImport(ctx.db, ctx.workspace.id, input.importId);
  const rows = await listLeadImportRejections(ctx.db, ctx.workspace.id, input.importId, input.afterRow, input.limit);
  return { rows, nextAfterRow: rows.length === input.limit ? rows.at(-1)!.row : null };
}
