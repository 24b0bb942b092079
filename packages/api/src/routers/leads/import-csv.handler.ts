import { parseLeadCsv } from '@switchboard/core/lead-import';
import { mergeLeadCandidates, queueImportedLeadsForReview, setLocalStatementTimeout } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TImportCsvInputSchema } from './import.schema.ts';
import { leadActor } from './transition-one.ts';

// Each batch is one merge transaction: big enough to amortise round trips, small enough to keep the
// workspace's merge lock short for discovery running alongside.
const IMPORT_BATCH_ROWS = 5_000;
// The report lists this many rejected rows; the count covers them all.
const REPORT_MAX_REJECTED = 1_000;
// A batch may wait for discovery's merge lock and writes thousands of rows: more than the request
// path's statement timeout allows, so its transaction raises it for itself.
const IMPORT_STATEMENT_TIMEOUT_MS = 120_000;

/**
 * Reads the CSV with the chosen mapping, merges its rows into the workspace's leads (a business
 * already known gains the new details and source instead of a second row), and queues new leads
 * for review. Rows that cannot be used come back with their reasons.
 */
export async function importCsvHandler({ ctx, input }: { ctx: AuthedContext; input: TImportCsvInputSchema }) {
  const campaign = input.campaignId ? await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId) : null;
  const parsed = parseLeadCsv(input.csv, {
    mapping: input.mapping,
    defaultCountry: input.defaultCountry ?? null,
    sourceRef: `import:${input.fileName}`,
  });
  const counts = { imported: 0, merged: 0, unchanged: 0, queuedForReview: 0 };
  for (let start = 0; start < parsed.candidates.length; start += IMPORT_BATCH_ROWS) {
    const batch = parsed.candidates.slice(start, start + IMPORT_BATCH_ROWS);
    const { result, queued } = await ctx.db.begin(async (tx) => {
      await setLocalStatementTimeout(tx, IMPORT_STATEMENT_TIMEOUT_MS);
      const merged = await mergeLeadCandidates(tx, {
        workspaceId: ctx.workspace.id,
        campaignId: campaign?.id ?? null,
        candidates: batch.map((entry) => entry.candidate),
      });
      const touched = merged.leads.filter((lead) => lead.outcome !== 'unchanged').map((lead) => lead.leadId);
      return { result: merged, queued: await queueImportedLeadsForReview(tx, ctx.workspace.id, [...new Set(touched)], { actor: leadActor(ctx), file: input.fileName }) };
    });
    for (const lead of result.leads) {
      if (lead.outcome === 'inserted') counts.imported += 1;
      else if (lead.outcome === 'merged') counts.merged += 1;
      else counts.unchanged += 1;
    }
    counts.queuedForReview += queued;
  }
  await ctx.db.begin((tx) =>
    recordAction(tx, ctx, {
      action: 'lead.import',
      targetType: 'lead_import',
      summary: { file: input.fileName, campaign: campaign?.name ?? null, rows: parsed.candidates.length + parsed.rejected.length, ...counts, rejected: parsed.rejected.length },
    }),
  );
  if (counts.imported + counts.merged > 0) {
    await ctx.publish(ctx.workspace.id, 'leads.changed', { campaignId: campaign?.id ?? null, count: counts.imported + counts.merged });
  }
  return {
    rows: parsed.candidates.length + parsed.rejected.length,
    ...counts,
    rejectedCount: parsed.rejected.length,
    rejected: parsed.rejected.slice(0, REPORT_MAX_REJECTED),
  };
}
