// The one way leads enter a workspace: candidates merged into the leads they describe, a chunk at a time.
import { randomUUID } from 'node:crypto';
import { groupLeadCandidates, prepareLeadCandidate, type LeadCandidate, type PreparedLeadCandidate } from '@switchboard/core';
import type { TransactionSql } from '../../client.ts';
import { emailsOf, loadOwners } from './owners.ts';
import { CampaignScoring } from './scoring.ts';
import { applyCandidate, primaryLead, targetState, type Contribution, type Target } from './targets.ts';
import { inTransaction, lockWorkspaceLeads, type Db } from './transaction.ts';
import { insertContacts, insertLeads, insertSources, touchSeenLeads, updateLeads } from './write.ts';

export { rescoreLeads, rescoreCampaignLeads } from './rescore.ts';

export type LeadMergeOutcome = 'inserted' | 'merged' | 'unchanged';

export interface MergeLeadCandidatesInput {
  workspaceId: string;
  /** The campaign that found these (a new lead records it); null for an import outside any campaign. */
  campaignId: string | null;
  runId?: string | null;
  candidates: LeadCandidate[];
  /** When the candidates were seen; defaults to now. */
  now?: Date;
}

export interface MergeLeadCandidatesResult {
  /** One entry per candidate, in input order. */
  leads: { leadId: string; outcome: LeadMergeOutcome }[];
  inserted: number;
  merged: number;
}

/** Candidates handled per round trip set: large enough to amortise round trips, small enough for lean statements. */
export const MERGE_CHUNK_SIZE = 5_000;

/**
 * Adds candidates to the workspace's leads, merging each into the lead it describes. Candidates that
 * share any key (name + location, domain, phone, a contact email, a listing's source) are one
 * business, within the batch and against stored leads. A merge fills blanks, never takes a key
 * another lead owns, and adds sources and contacts once, so the same input twice changes nothing.
 * Touched leads are rescored with their campaign's weights. Serialised per workspace.
 */
export async function mergeLeadCandidates(sql: Db, input: MergeLeadCandidatesInput): Promise<MergeLeadCandidatesResult> {
  const result: MergeLeadCandidatesResult = { leads: new Array(input.candidates.length), inserted: 0, merged: 0 };
  if (input.candidates.length === 0) return { leads: [], inserted: 0, merged: 0 };
  const now = input.now ?? new Date();
  await inTransaction(sql, async (tx) => {
    await lockWorkspaceLeads(tx, input.workspaceId);
    const scoring = new CampaignScoring(tx, input.workspaceId);
    for (let start = 0; start < input.candidates.length; start += MERGE_CHUNK_SIZE) {
      const prepared = input.candidates.slice(start, start + MERGE_CHUNK_SIZE).map((candidate, offset) => prepareLeadCandidate(candidate, start + offset));
      await mergeChunk(tx, input, prepared, now, scoring, result);
    }
  });
  return result;
}

async function mergeChunk(
  tx: TransactionSql,
  input: MergeLeadCandidatesInput,
  prepared: PreparedLeadCandidate[],
  now: Date,
  scoring: CampaignScoring,
  result: MergeLeadCandidatesResult,
): Promise<void> {
  const owners = await loadOwners(tx, input.workspaceId, prepared);
  const storedEmails = await emailsOf(tx, input.workspaceId, [...owners.leads.keys()]);
  const targets = new Map<string, Target>();
  const contributed: Contribution = new Map();
  const firstOfNew = new Set<number>();

  for (const group of groupLeadCandidates(prepared)) {
    const primary = primaryLead(group, owners);
    let target = primary ? targets.get(primary.id) : undefined;
    if (!target && primary) {
      target = {
        id: primary.id,
        isNew: false,
        campaignId: primary.campaignId,
        nameKey: primary.nameKey,
        domain: primary.domain,
        fields: { ...primary.fields, socialLinks: [...(primary.fields.socialLinks ?? [])] },
        rowChanged: false,
        emails: [...(storedEmails.get(primary.id) ?? [])],
        members: [],
        initialState: null,
      };
      target.initialState = targetState(target);
      targets.set(target.id, target);
    }
    if (!target) {
      const [first] = group as [PreparedLeadCandidate, ...PreparedLeadCandidate[]];
      target = {
        id: randomUUID(),
        isNew: true,
        campaignId: input.campaignId,
        nameKey: first.keys.nameKey,
        domain: first.keys.domain,
        fields: { ...first.fields, socialLinks: [...first.fields.socialLinks] },
        rowChanged: true,
        emails: [],
        members: [],
        initialState: null,
      };
      targets.set(target.id, target);
      firstOfNew.add(first.index);
    }
    for (const entry of group) {
      target.members.push(entry);
      applyCandidate(target, entry, owners, contributed);
    }
    if (!target.isNew && target.campaignId === null && input.campaignId) {
      target.campaignId = input.campaignId;
      target.rowChanged = true;
    }
  }

  const touched = [...targets.values()];
  for (const target of touched) {
    // Two sources that refresh a field in turn (two pages, two descriptions) can end where they began.
    if (target.initialState !== null && targetState(target) === target.initialState) {
      target.rowChanged = false;
      for (const entry of target.members) contributed.delete(entry.index);
    }
  }
  await scoring.load(touched.map((target) => target.campaignId));
  const written = touched.filter((target) => target.rowChanged);
  await insertLeads(tx, input.workspaceId, written.filter((target) => target.isNew), now, scoring);
  await updateLeads(tx, input.workspaceId, written.filter((target) => !target.isNew), now, scoring);
  const newSources = await insertSources(tx, input.workspaceId, input.runId ?? null, touched, now);
  const newContacts = await insertContacts(tx, input.workspaceId, touched, owners);

  const seenAgain = touched.filter((target) => !target.isNew && !target.rowChanged).map((target) => target.id);
  await touchSeenLeads(tx, input.workspaceId, seenAgain, now);

  // A source twice in one batch was added by the first candidate that carried it.
  const sourceCarrier = new Map<string, number>();
  for (const target of touched) {
    for (const entry of target.members) if (!sourceCarrier.has(sourceId(target.id, entry))) sourceCarrier.set(sourceId(target.id, entry), entry.index);
  }
  for (const target of touched) {
    for (const entry of target.members) {
      const id = sourceId(target.id, entry);
      const addedSource = newSources.has(id) && sourceCarrier.get(id) === entry.index;
      const addedSomething = contributed.get(entry.index) === true || addedSource || newContacts.has(`${target.id}:${entry.index}`);
      const outcome: LeadMergeOutcome = firstOfNew.has(entry.index) ? 'inserted' : addedSomething ? 'merged' : 'unchanged';
      result.leads[entry.index] = { leadId: target.id, outcome };
      if (outcome === 'inserted') result.inserted += 1;
      else if (outcome === 'merged') result.merged += 1;
    }
  }
}

function sourceId(leadId: string, entry: PreparedLeadCandidate): string {
  return `${leadId}\u0000${entry.candidate.source.kind}\u0000${entry.candidate.source.ref}`;
}
