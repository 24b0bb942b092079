// The one way leads enter a workspace: candidates merged into the leads they describe, a chunk at a time.
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { groupLeadCandidates, prepareLeadCandidate, type LeadCandidate, type LeadKeyKind, type LeadStatus, type PreparedLeadCandidate } from '@switchboard/core';
import type { TransactionSql } from '../../client.ts';
import { timeOrderedLeadId } from './lead-ids.ts';
import { chunkKeys, emailsOf, loadOwners, type ChunkKeys, type KeyOwners } from './owners.ts';
import { CampaignScoring } from './scoring.ts';
import {
  applyCandidate,
  chooseLead,
  claimedDuplicate,
  targetState,
  type Contribution,
  type KeyClaims,
  type MatchedOn,
  type PossibleDuplicate,
  type Target,
} from './targets.ts';
import { inTransaction, type Db } from '../../client.ts';
import { lockWorkspaceLeads } from './transaction.ts';
import { insertContacts, insertSources, newLeadRows, planContacts, planSources, touchSeenLeads, updateLeads } from './write.ts';

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
  /** The status new leads start in (and who moved them there), instead of `discovered`: an import queues them for review as it adds them. */
  newLeadStatus?: { status: LeadStatus; changedBy: string | null };
  /** `candidates`' first chunk, prepared ahead (prepareFirstMergeChunk) while the caller's previous merge ran. */
  firstChunk?: FirstMergeChunk;
}

/** The pure work of a merge's first chunk, started before its transaction: for exactly the candidates it was made from. */
export interface FirstMergeChunk {
  readonly candidates: LeadCandidate[];
  readonly prepared: Promise<PreparedChunk>;
}

/**
 * Starts the first chunk's pure work (keys, fields, groups) for a merge of `candidates` to come: a
 * caller merging batch after batch prepares the next while the current one's transaction runs, so the
 * next transaction does not open with Postgres waiting for it.
 */
export function prepareFirstMergeChunk(candidates: LeadCandidate[]): FirstMergeChunk {
  return { candidates, prepared: prepareChunk(candidates, 0) };
}

export interface MergedLead {
  leadId: string;
  outcome: LeadMergeOutcome;
  /** The lead's name after the merge. */
  name: string;
  /** For `merged` and `unchanged`: the keys the candidate shared with the lead it went into. */
  matchedOn: LeadKeyKind[];
  /** For `inserted`: the lead this one may duplicate (it shares only a phone or an address with it). */
  possibleDuplicateOf: { leadId: string; name: string; on: LeadKeyKind[] } | null;
}

export interface MergeLeadCandidatesResult {
  /** One entry per candidate, in input order. */
  leads: MergedLead[];
  inserted: number;
  merged: number;
}

/** Candidates handled per round trip set: large enough to amortise round trips, small enough for lean statements. */
export const MERGE_CHUNK_SIZE = 5_000;
// Working out keys and fields costs up to a few hundred microseconds a candidate: a whole chunk at
// once would hold a web server's event loop (an import runs in the request) for a second on a busy machine.
const CANDIDATES_PER_TURN = 250;

/** Whether other callbacks get their turn before this item of in-memory merge work (a plain test: no promise per item). */
const turnEnds = (index: number): boolean => index > 0 && index % CANDIDATES_PER_TURN === 0;

/**
 * Adds candidates to the workspace's leads, merging each into the lead it describes. Candidates that
 * match strongly (`leadMatchStrength`: a shared name + location, domain or listing, or a phone or
 * contact email backed by a second key or the same name) are one business, within the batch and
 * against stored leads. A weak match (a lone shared phone or address) becomes a new lead flagged as a
 * possible duplicate of the other, without the shared key. A merge fills blanks, never takes a key
 * another lead owns, and adds sources and contacts once, so the same input twice changes nothing.
 * Touched leads are rescored with their campaign's weights. Serialised per workspace.
 */
export async function mergeLeadCandidates(sql: Db, input: MergeLeadCandidatesInput): Promise<MergeLeadCandidatesResult> {
  const result: MergeLeadCandidatesResult = { leads: new Array(input.candidates.length), inserted: 0, merged: 0 };
  if (input.candidates.length === 0) return { leads: [], inserted: 0, merged: 0 };
  if (input.firstChunk && input.firstChunk.candidates !== input.candidates) throw new Error('firstChunk was prepared for other candidates');
  const now = input.now ?? new Date();
  await inTransaction(sql, async (tx) => {
    await lockWorkspaceLeads(tx, input.workspaceId);
    const scoring = new CampaignScoring(tx, input.workspaceId);
    let preparing = input.firstChunk?.prepared ?? prepareChunk(input.candidates, 0);
    let previous: SentChunk | null = null;
    for (let start = 0; start < input.candidates.length; start += MERGE_CHUNK_SIZE) {
      const chunk = await preparing;
      const nextStart = start + MERGE_CHUNK_SIZE;
      // The next chunk is prepared (pure work) once this one is decided, while Postgres writes it:
      // started sooner, it would share the event loop with this chunk's decisions, which Postgres waits for.
      previous = await mergeChunk(tx, input, chunk, now, scoring, result, previous, () => {
        preparing = nextStart < input.candidates.length ? prepareChunk(input.candidates, nextStart) : Promise.resolve(EMPTY_CHUNK);
      });
    }
    await finishChunk(previous);
  });
  return result;
}

/** A chunk's pure work, done before its turn: its candidates (keys and fields worked out) in groups, and the keys to look up. */
interface PreparedChunk {
  groups: PreparedLeadCandidate[][];
  keys: ChunkKeys;
}

const EMPTY_CHUNK: PreparedChunk = { groups: [], keys: chunkKeys([]) };

/** Keys and fields of the candidates of the chunk starting at `start`, a slice at a time, then its groups. */
function prepareChunk(candidates: LeadCandidate[], start: number): Promise<PreparedChunk> {
  const preparing = prepareSlices(candidates, start);
  // Awaited by the loop unless an earlier chunk failed first: then its error is the one that counts.
  preparing.catch(() => {});
  return preparing;
}

async function prepareSlices(candidates: LeadCandidate[], start: number): Promise<PreparedChunk> {
  const prepared: PreparedLeadCandidate[] = [];
  const end = Math.min(candidates.length, start + MERGE_CHUNK_SIZE);
  for (let index = start; index < end; index += 1) {
    if (turnEnds(index - start)) await nextMacrotask();
    prepared.push(prepareLeadCandidate(candidates[index]!, index));
  }
  // Grouping looks at the chunk alone (never at stored leads), so it too is done before the chunk's turn.
  await nextMacrotask();
  const groups = groupLeadCandidates(prepared);
  return { groups, keys: chunkKeys(prepared) };
}

/** A chunk whose writes are sent: its last statement (under way), and its outcomes, to work out while it runs. */
interface SentChunk {
  lastStatement: Promise<void>;
  report: () => void;
}

async function finishChunk(sent: SentChunk | null): Promise<void> {
  if (!sent) return;
  sent.report();
  await sent.lastStatement;
}

async function mergeChunk(
  tx: TransactionSql,
  input: MergeLeadCandidatesInput,
  chunk: PreparedChunk,
  now: Date,
  scoring: CampaignScoring,
  result: MergeLeadCandidatesResult,
  previous: SentChunk | null,
  decided: () => void,
): Promise<SentChunk> {
  // Asked right behind the previous chunk's last statement (the same connection runs them in turn, so
  // it sees that chunk's leads); the previous chunk's outcomes are worked out while Postgres answers.
  const loading = loadOwners(tx, input.workspaceId, chunk.keys);
  // Awaited below unless the previous chunk's statement failed first: then its error is the one that counts.
  loading.catch(() => {});
  await finishChunk(previous);
  const owners = await loading;
  const knownDuplicates = [...owners.duplicatesOf.values()].flat().map((lead) => lead.id);
  const storedEmails = await emailsOf(tx, input.workspaceId, [...owners.leads.keys(), ...knownDuplicates]);
  const targets = new Map<string, Target>();
  const contributed: Contribution = new Map();
  const claims: KeyClaims = { phone: new Map(), email: new Map() };
  const matchedOn: MatchedOn = new Map();
  const firstOfNew = new Set<number>();
  // New leads are written as their groups are decided: a new lead is final once its own group is
  // applied (later groups only ever take stored leads or leads of their own), so Postgres writes the
  // first while the rest are decided. They are scored with the campaign the merge is for.
  await scoring.load([input.campaignId]);
  const newLeads = newLeadRows(tx, input.workspaceId, now, scoring, input.newLeadStatus);
  try {
    await decideGroups(chunk, input, owners, storedEmails, { targets, contributed, claims, matchedOn, firstOfNew }, newLeads);
  } catch (error) {
    newLeads.abort(error as Error);
    throw error;
  }
  const sent = await newLeads.end();

  const touched = [...targets.values()];
  for (const target of touched) {
    // Two sources that refresh a field in turn (two pages, two descriptions) can end where they began.
    if (target.initialState !== null && targetState(target) === target.initialState) {
      target.rowChanged = false;
      for (const entry of target.members) contributed.delete(entry.index);
    }
  }
  decided();
  // Worked out while Postgres still writes the new leads (the connection is busy until it has).
  const sources = planSources(input.workspaceId, input.runId ?? null, touched, now);
  const contacts = planContacts(input.workspaceId, touched, owners, claims);
  await sent.written;
  await scoring.load(touched.map((target) => target.campaignId));
  await updateLeads(tx, input.workspaceId, touched.filter((target) => target.rowChanged && !target.isNew), now, scoring);
  const newSources = await insertSources(tx, input.workspaceId, input.runId ?? null, sources, now);
  const newContacts = await insertContacts(tx, input.workspaceId, contacts);

  const seenAgain = touched.filter((target) => !target.isNew && !target.rowChanged).map((target) => target.id);
  const lastStatement = touchSeenLeads(tx, input.workspaceId, seenAgain, now);
  lastStatement.catch(() => {});
  return { lastStatement, report: () => reportOutcomes(touched, { contributed, matchedOn, firstOfNew, newSources, newContacts }, result) };
}

/** What a chunk's decisions build up: its leads (stored and new), what each candidate added and matched, and the keys new leads claimed. */
interface ChunkDecisions {
  targets: Map<string, Target>;
  contributed: Contribution;
  claims: KeyClaims;
  matchedOn: MatchedOn;
  firstOfNew: Set<number>;
}

/** Each group of the chunk into the lead it describes (a stored one, or a new one handed to `newLeads` once decided). */
async function decideGroups(
  chunk: PreparedChunk,
  input: MergeLeadCandidatesInput,
  owners: KeyOwners,
  storedEmails: Map<string, string[]>,
  decisions: ChunkDecisions,
  newLeads: { add(target: Target): Promise<void> | undefined },
): Promise<void> {
  const { targets, contributed, claims, matchedOn, firstOfNew } = decisions;
  for (const [groupIndex, group] of chunk.groups.entries()) {
    if (turnEnds(groupIndex)) await nextMacrotask();
    const { primary, weak } = chooseLead(group, owners);
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
        possibleDuplicate: null,
      };
      target.initialState = targetState(target);
      targets.set(target.id, target);
    }
    if (!target) {
      const [first] = group as [PreparedLeadCandidate, ...PreparedLeadCandidate[]];
      target = {
        id: timeOrderedLeadId(),
        isNew: true,
        campaignId: input.campaignId,
        nameKey: first.keys.nameKey,
        domain: first.keys.domain,
        // The phone is a key another lead may hold: applying the first member fills it when it is free.
        fields: { ...first.fields, phone: null, socialLinks: [...first.fields.socialLinks] },
        rowChanged: true,
        emails: [],
        members: [],
        initialState: null,
        possibleDuplicate: weak ?? claimedDuplicate(group, claims, targets),
      };
      targets.set(target.id, target);
      firstOfNew.add(first.index);
    }
    for (const entry of group) {
      applyCandidate(target, entry, owners, claims, contributed, matchedOn);
      target.members.push(entry);
    }
    if (!target.isNew && target.campaignId === null && input.campaignId) {
      target.campaignId = input.campaignId;
      target.rowChanged = true;
    }
    if (target.isNew) await newLeads.add(target);
  }
}

/** Each member's outcome, in `result` at its input index. */
function reportOutcomes(
  touched: Target[],
  chunk: { contributed: Contribution; matchedOn: MatchedOn; firstOfNew: Set<number>; newSources: Set<string>; newContacts: Set<string> },
  result: MergeLeadCandidatesResult,
): void {
  const { contributed, matchedOn, firstOfNew, newSources, newContacts } = chunk;
  const contributedSomething = (target: Target, entry: PreparedLeadCandidate, sourceCarrier: Map<string, number> | null) =>
    contributed.get(entry.index) === true ||
    (newSources.has(`${target.id}\u0000${sourceOf(entry)}`) && (sourceCarrier === null || sourceCarrier.get(sourceOf(entry)) === entry.index)) ||
    newContacts.has(`${target.id}:${entry.index}`);
  for (const target of touched) {
    // A source twice in one batch was added by the first candidate that carried it (a source belongs
    // to its lead, so only the lead's own members can carry it twice).
    const sourceCarrier = target.members.length === 1 ? null : new Map<string, number>();
    if (sourceCarrier) for (const entry of target.members) if (!sourceCarrier.has(sourceOf(entry))) sourceCarrier.set(sourceOf(entry), entry.index);
    for (const entry of target.members) {
      const outcome: LeadMergeOutcome = firstOfNew.has(entry.index) ? 'inserted' : contributedSomething(target, entry, sourceCarrier) ? 'merged' : 'unchanged';
      result.leads[entry.index] = {
        leadId: target.id,
        outcome,
        name: target.fields.name,
        matchedOn: outcome === 'inserted' ? [] : (matchedOn.get(entry.index) ?? []),
        possibleDuplicateOf: outcome === 'inserted' ? reportedDuplicate(target.possibleDuplicate) : null,
      };
      if (outcome === 'inserted') result.inserted += 1;
      else if (outcome === 'merged') result.merged += 1;
    }
  }
}

function reportedDuplicate(duplicate: PossibleDuplicate | null): MergedLead['possibleDuplicateOf'] {
  return duplicate ? { leadId: duplicate.leadId, name: duplicate.name, on: duplicate.on } : null;
}

/** `kind\0ref` of a candidate's source; with its lead's id in front, the source's id in `insertSources`' answer. */
function sourceOf(entry: PreparedLeadCandidate): string {
  return `${entry.candidate.source.kind}\u0000${entry.candidate.source.ref}`;
}
