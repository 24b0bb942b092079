import { Invalid } from '@switchboard/core';
import { parseSuppressionCsv } from '@switchboard/core/suppression';
import { importSuppressions } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { stopSequencesOfSuppressed } from '../../suppressions/stop-sequences.ts';
import type { TImportSuppressionsInputSchema } from './import.schema.ts';

/**
 * Adds every address and domain of a CSV in one statement, stopping at once the sequences written to
 * them; bad rows are reported, the good ones still added.
 */
export async function importSuppressionsHandler({ ctx, input }: { ctx: AuthedContext; input: TImportSuppressionsInputSchema }) {
  const parsed = await parseSuppressionCsv(input.csv);
  if (parsed.entries.length === 0 && parsed.rejectedCount === 0) {
    throw new Invalid('The file has no addresses or domains: put one per row, in the first column or under an "email" header.');
  }
  const { added, campaignIds } = await ctx.db.begin(async (tx) => {
    const result = await importSuppressions(tx, { workspaceId: ctx.workspace.id, source: 'import', createdBy: ctx.user.id, entries: parsed.entries });
    await recordAction(tx, ctx, {
      action: 'suppression.import',
      targetType: 'suppression',
      summary: {
        ...(input.fileName ? { file: input.fileName } : {}),
        added: result.added,
        alreadySuppressed: parsed.entries.length - result.added,
        rejected: parsed.rejectedCount,
      },
    });
    return { added: result.added, campaignIds: await stopSequencesOfSuppressed(tx, ctx.workspace.id, parsed.entries) };
  });
  for (const campaignId of campaignIds) await ctx.publish(ctx.workspace.id, 'outreach.changed', { campaignId });
  return {
    added,
    alreadySuppressed: parsed.entries.length - added,
    duplicates: parsed.duplicateCount,
    rejected: parsed.rejected,
    rejectedCount: parsed.rejectedCount,
  };
}
