import type { LeadKeyKind } from '@switchboard/core';
import { parseLeadCsv } from '@switchboard/core/lead-import';
import { mergeLeadCandidates, queueImportedLeadsForReview, setLocalStatementTimeout } from '@switchboard/db';
import { recordAction } from '../../audit/record.ts';
import type { AuthedContext } from '../../procedures/index.ts';
import { requireCampaign } from '../campaigns/require-campaign.ts';
import type { TImportCsvInputSchema } from './import.schema.ts';

// Each batch is one merge transaction: big enough to amortise round trips, small enough to keep the
// workspace's merge lock short for discovery running alongside.
const IMPORT_BATCH_ROWS = 5_000;
// The report lists this many rows of each kind (rejected, merged, possible duplicates); the counts cover them all.
const REPORT_MAX_ROWS = 1_000;
// A batch may wait for discovery's merge lock and writes thousands of rows: more than the request
// path's statement timeout allows, so its transaction raises it for itself.
const IMPORT_STATEMENT_TIMEOUT_MS = 120_000;

/** A row that went into a lead already known, and the keys that matched. */
interface ReportedMerge {
  row: number;
  leadId: string;
  leadName: string;
  on: LeadKeyKind[];
}

/** A row that became its own lead because it shares only a phone or an address with another. */
interface ReportedPossibleDuplicate {
  row: number;
  leadId: string;
  leadName: string;
  duplicateOf: { leadId: string; name: string };
  on: LeadKeyKind[];
}

/**
 * Reads the CSV with the chosen mapping, merges its rows into the workspace's leads (a business
 * already known gains the new details and source instead of a second row), and queues new leads
 * for review. The report names each merge (row → lead, on which keys), each row kept apart as a
 * possible duplicate, and each row that could not be used with its reasons.
 */
export async function importCsvHandler({ ctx, input }: { ctx: AuthedContext; input: TImportCsvInputSchema }) {
  const campaign = input.campaignId ? await requireCampaign(ctx.db, ctx.workspace.id, input.campaignId) : null;
  const parsed = await parseLeadCsv(input.csv, {
    mapping: input.mapping,
    defaultCountry: input.defaultCountry ?? null,
    sourceRef: `import:${input.fileName}`,
  });
  const counts = { imported: 0, merged: 0, unchanged: 0, possibleDuplicateCount: 0, queuedForReview: 0 };
  const merges: ReportedMerge[] = [];
  const possibleDuplicates: ReportedPossibleDuplicate[] = [];
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
      const queued = await queueImportedLeadsForReview(tx, ctx.workspace.id, [...new Set(touched)], ctx.user.id);
      // One entry per batch, committed with it: one per lead would bury the log, none would leave the
      // change unexplained if a later batch then failed.
      if (queued > 0) {
        await recordAction(tx, ctx, { action: 'lead.bulk_queue_for_review', targetType: 'lead', summary: { count: queued, file: input.fileName } });
      }
      return { result: merged, queued };
    });
    for (const [index, lead] of result.leads.entries()) {
      const row = batch[index]!.row;
      if (lead.outcome === 'inserted') counts.imported += 1;
      else if (lead.outcome === 'merged') counts.merged += 1;
      else counts.unchanged += 1;
      if (lead.outcome === 'merged' && merges.length < REPORT_MAX_ROWS) merges.push({ row, leadId: lead.leadId, leadName: lead.name, on: lead.matchedOn });
      if (lead.possibleDuplicateOf) {
        counts.possibleDuplicateCount += 1;
        if (possibleDuplicates.length < REPORT_MAX_ROWS) {
          const { leadId, name, on } = lead.possibleDuplicateOf;
          possibleDuplicates.push({ row, leadId: lead.leadId, leadName: lead.name, duplicateOf: { leadId, name }, on });
        }
      }
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
    rejected: parsed.rejected.slice(0, REPORT_MAX_ROWS),
    merges,
    possibleDuplicates,
  };
}
