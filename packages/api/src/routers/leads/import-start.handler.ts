import { Conflict, Invalid, RateLimited } from '@switchboard/core';
import { checkLeadImportMapping, readCsvPreview } from '@switchboard/core/lead-import';
import { queueLeadImport, readLeadImportHead } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import { BUSY_RETRY_AFTER_S } from '../../lead-import/receive-upload.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TImportStartInputSchema } from './import.schema.ts';
import { requireLeadImport } from './import-view.ts';

/**
 * Starts importing an uploaded file with the chosen mapping: the job does the work and reports its
 * progress live. The mapping is checked against the file's header first, so a wrong choice is
 * corrected on the mapping step instead of failing the import.
 */
export async function importStartHandler({ ctx, input }: { ctx: AuthedContext; input: TImportStartInputSchema }) {
  const found = await requireLeadImport(ctx.db, ctx.workspace.id, input.importId);
  if (found.status !== 'uploaded') throw new Conflict('This import has already started.');
  const campaign = input.campaignId ? await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId) : null;
  const head = new TextDecoder('utf-8').decode(await readLeadImportHead(ctx.db, found.id), { stream: true });
  const { headers } = await readCsvPreview(head.slice(0, Math.max(head.indexOf('\n') + 1, 0)) || head, 0);
  if (headers.length === 0) throw new Invalid('This file is empty: it has no header row.');
  checkLeadImportMapping(input.mapping, headers);
  const started = await ctx.db.begin(async (tx) => {
    const outcome = await queueLeadImport(tx, {
      workspaceId: ctx.workspace.id,
      importId: found.id,
      mapping: input.mapping as Record<string, number>,
      campaignId: campaign?.id ?? null,
      defaultCountry: input.defaultCountry ?? null,
    });
    if (outcome === 'started') {
      await recordAction(tx, ctx, {
        action: 'lead.import',
        targetType: 'lead_import',
        targetId: found.id,
        summary: { file: found.fileName, bytes: found.bytes, campaign: campaign?.name ?? null },
      });
    }
    return outcome;
  });
  if (started === 'busy') throw new RateLimited('You already have an import in progress in this workspace: wait for it to finish.', BUSY_RETRY_AFTER_S);
  if (started === 'gone') throw new Conflict('This import has already started.');
  // Only the request that moved the import to queued gets here; keyed by the import, the queue holds one waiting job for it too.
  await ctx.enqueue('leads.import', { workspaceId: ctx.workspace.id, importId: found.id }, { singletonKey: found.id, wakeUp: true });
  await ctx.publish(ctx.workspace.id, 'leads.import_progress', { importId: found.id, status: 'queued' });
  return { importId: found.id, status: 'queued' as const };
}
