import { randomUUID } from 'node:crypto';
import {
  candidateFields,
  cleanLeadText as cleanText,
  leadKeys,
  mergeLeadFields,
  normalizeLeadEmail,
  scoreLead,
  type LeadCandidate,
  type LeadFields,
  type LeadKeys,
  type ScoreWeights,
} from '@switchboard/core';
import type { Sql, TransactionSql } from '../client.ts';

type Db = Sql | TransactionSql;

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
const MAX_NAME_LENGTH = 300;

// How strongly a shared key says "this is that lead" when candidates match several leads at once:
// a listing's place id or page is the candidate's own source; a domain is the business's own.
const MATCH_STRENGTH = { source: 5, domain: 4, email: 3, phone: 2, name: 1 } as const;

interface PreparedCandidate {
  index: number;
  candidate: LeadCandidate;
  keys: LeadKeys;
  fields: LeadFields;
  /** `kind\0ref` for sources that identify a business by themselves (not an import row). */
  sourceKey: string | null;
}

interface StoredLead {
  id: string;
  campaignId: string | null;
  nameKey: string | null;
  domain: string | null;
  firstSeenAt: Date;
  fields: LeadFields;
}

/** A lead this chunk writes: an existing one (maybe changed) or a new one. */
interface Target {
  id: string;
  isNew: boolean;
  campaignId: string | null;
  nameKey: string | null;
  domain: string | null;
  fields: LeadFields;
  /** Something about the row itself changed (fields, keys or its campaign). */
  rowChanged: boolean;
  /** Addresses that will be the lead's after this chunk (existing and new). */
  emails: string[];
  members: PreparedCandidate[];
  /** For a stored lead: its state before this chunk, to tell a real change from a round trip. */
  initialState: string | null;
}

interface StoredLeadRow {
  id: string;
  campaignId: string | null;
  nameKey: string | null;
  domain: string | null;
  firstSeenAt: Date;
  name: string;
  website: string | null;
  address: string | null;
  city: string | null;
  region: string | null;
  country: string | null;
  lat: number | null;
  lng: number | null;
  phone: string | null;
  category: string | null;
  rating: number | null;
  reviewCount: number | null;
  description: string | null;
  socialLinks: string[];
  hasContactForm: boolean | null;
  websiteReachable: boolean | null;
}

async function inTransaction<T>(sql: Db, work: (tx: TransactionSql) => Promise<T>): Promise<T> {
  if ('savepoint' in sql) return work(sql);
  return sql.begin((tx) => work(tx)) as Promise<T>;
}

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
      const prepared = input.candidates.slice(start, start + MERGE_CHUNK_SIZE).map((candidate, offset) => prepare(candidate, start + offset));
      await mergeChunk(tx, input, prepared, now, scoring, result);
    }
  });
  return result;
}

/**
 * Serialises merges and whole-campaign rescores per workspace: two merges at once could both insert
 * the same business, and a merge that read a campaign's old weights must not write after a rescore.
 */
async function lockWorkspaceLeads(tx: TransactionSql, workspaceId: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${`switchboard.leads:${workspaceId}`}, 0))`;
}

function prepare(candidate: LeadCandidate, index: number): PreparedCandidate {
  const keys = leadKeys(candidate);
  const fields = candidateFields(candidate, keys.phone);
  if (fields.name === '') fields.name = keys.domain ?? keys.phone ?? 'Unnamed business';
  fields.name = fields.name.slice(0, MAX_NAME_LENGTH);
  const sourceKey = candidate.source.kind === 'import' ? null : `${candidate.source.kind}\u0000${candidate.source.ref}`;
  return { index, candidate, keys, fields, sourceKey };
}

function candidateKeyStrings(entry: PreparedCandidate): string[] {
  const keys: string[] = [];
  if (entry.keys.nameKey) keys.push(`n:${entry.keys.nameKey}`);
  if (entry.keys.domain) keys.push(`d:${entry.keys.domain}`);
  if (entry.keys.phone) keys.push(`p:${entry.keys.phone}`);
  for (const email of entry.keys.emails) keys.push(`e:${email}`);
  if (entry.sourceKey) keys.push(`s:${entry.sourceKey}`);
  return keys;
}

/** Groups of candidates that share any key, transitively (union-find). */
function groupCandidates(prepared: PreparedCandidate[]): PreparedCandidate[][] {
  const parent = prepared.map((_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[index] !== root) {
      const next = parent[index]!;
      parent[index] = root;
      index = next;
    }
    return root;
  };
  const firstWithKey = new Map<string, number>();
  prepared.forEach((entry, index) => {
    for (const key of candidateKeyStrings(entry)) {
      const other = firstWithKey.get(key);
      if (other === undefined) firstWithKey.set(key, index);
      else parent[find(index)] = find(other);
    }
  });
  const groups = new Map<number, PreparedCandidate[]>();
  prepared.forEach((entry, index) => {
    const root = find(index);
    const group = groups.get(root);
    if (group) group.push(entry);
    else groups.set(root, [entry]);
  });
  return [...groups.values()];
}

interface KeyOwners {
  leads: Map<string, StoredLead>;
  nameKey: Map<string, string>;
  domain: Map<string, string>;
  phone: Map<string, string>;
  email: Map<string, string>;
  source: Map<string, string>;
}

/** The stored leads that own any key in the chunk, and who owns which key. */
async function loadOwners(tx: TransactionSql, workspaceId: string, prepared: PreparedCandidate[]): Promise<KeyOwners> {
  const nameKeys = new Set<string>();
  const domains = new Set<string>();
  const phones = new Set<string>();
  const emails = new Set<string>();
  const sourceKinds: string[] = [];
  const sourceRefs: string[] = [];
  const seenSources = new Set<string>();
  for (const entry of prepared) {
    if (entry.keys.nameKey) nameKeys.add(entry.keys.nameKey);
    if (entry.keys.domain) domains.add(entry.keys.domain);
    if (entry.keys.phone) phones.add(entry.keys.phone);
    for (const email of entry.keys.emails) emails.add(email);
    if (entry.sourceKey && !seenSources.has(entry.sourceKey)) {
      seenSources.add(entry.sourceKey);
      sourceKinds.push(entry.candidate.source.kind);
      sourceRefs.push(entry.candidate.source.ref);
    }
  }
  const [emailRows, sourceRows] = await Promise.all([
    emails.size === 0
      ? []
      : tx<{ email: string; leadId: string }[]>`
          select email, lead_id as "leadId" from lead_contacts
          where workspace_id = ${workspaceId} and email = any(${[...emails]}::text[])`,
    sourceKinds.length === 0
      ? []
      : tx<{ kind: string; ref: string; leadId: string }[]>`
          select s.kind, s.ref, s.lead_id as "leadId"
          from lead_sources s join unnest(${sourceKinds}::text[], ${sourceRefs}::text[]) as wanted(kind, ref)
            on s.kind = wanted.kind and s.ref = wanted.ref
          where s.workspace_id = ${workspaceId} and s.kind <> 'import'
          order by s.found_at, s.id`,
  ]);
  const viaOthers = [...new Set([...emailRows.map((row) => row.leadId), ...sourceRows.map((row) => row.leadId)])];
  const rows = await tx<StoredLeadRow[]>`
    select id, campaign_id as "campaignId", name_key as "nameKey", domain, first_seen_at as "firstSeenAt", name, website,
           address, city, region, country, lat, lng, phone, category, rating::float8 as rating, review_count as "reviewCount",
           description, social_links as "socialLinks", has_contact_form as "hasContactForm", website_reachable as "websiteReachable"
    from leads
    where workspace_id = ${workspaceId}
      and (name_key = any(${[...nameKeys]}::text[]) or domain = any(${[...domains]}::text[])
           or phone = any(${[...phones]}::text[]) or id = any(${viaOthers}::uuid[]))`;
  const owners: KeyOwners = { leads: new Map(), nameKey: new Map(), domain: new Map(), phone: new Map(), email: new Map(), source: new Map() };
  for (const row of rows) {
    const { id, campaignId, nameKey, domain, firstSeenAt, ...fields } = row;
    owners.leads.set(id, { id, campaignId, nameKey, domain, firstSeenAt, fields });
    if (nameKey) owners.nameKey.set(nameKey, id);
    if (domain) owners.domain.set(domain, id);
    if (fields.phone) owners.phone.set(fields.phone, id);
  }
  for (const row of emailRows) owners.email.set(row.email, row.leadId);
  for (const row of sourceRows) {
    const key = `${row.kind}\u0000${row.ref}`;
    if (!owners.source.has(key)) owners.source.set(key, row.leadId);
  }
  return owners;
}

/** The stored lead a group is about: the one its keys point at most strongly, the oldest on a tie. */
function primaryLead(group: PreparedCandidate[], owners: KeyOwners): StoredLead | null {
  const strength = new Map<string, number>();
  const add = (leadId: string | undefined, points: number) => {
    if (leadId) strength.set(leadId, (strength.get(leadId) ?? 0) + points);
  };
  for (const entry of group) {
    if (entry.keys.nameKey) add(owners.nameKey.get(entry.keys.nameKey), MATCH_STRENGTH.name);
    if (entry.keys.domain) add(owners.domain.get(entry.keys.domain), MATCH_STRENGTH.domain);
    if (entry.keys.phone) add(owners.phone.get(entry.keys.phone), MATCH_STRENGTH.phone);
    for (const email of entry.keys.emails) add(owners.email.get(email), MATCH_STRENGTH.email);
    if (entry.sourceKey) add(owners.source.get(entry.sourceKey), MATCH_STRENGTH.source);
  }
  let best: StoredLead | null = null;
  let bestStrength = 0;
  for (const [leadId, points] of strength) {
    const lead = owners.leads.get(leadId);
    if (!lead) continue;
    const better =
      points > bestStrength ||
      (points === bestStrength && best !== null && (lead.firstSeenAt < best.firstSeenAt || (lead.firstSeenAt.getTime() === best.firstSeenAt.getTime() && lead.id < best.id)));
    if (better) {
      best = lead;
      bestStrength = points;
    }
  }
  return best;
}

function targetState(target: Target): string {
  return JSON.stringify([target.nameKey, target.domain, target.campaignId, target.fields, [...target.emails].sort()]);
}

/** Per candidate: did it add anything to its lead (fields, keys, a contact, a source)? */
type Contribution = Map<number, boolean>;

function applyCandidate(target: Target, entry: PreparedCandidate, owners: KeyOwners, contributed: Contribution): void {
  const ownedElsewhere = (owner: string | undefined) => owner !== undefined && owner !== target.id;
  const incoming: Partial<LeadFields> = { ...entry.fields };
  // A key another lead owns stays with it; so does the website or phone that carries it.
  const domainFree = entry.keys.domain !== null && !ownedElsewhere(owners.domain.get(entry.keys.domain));
  if (entry.keys.domain && !domainFree) incoming.website = null;
  if (entry.keys.phone && ownedElsewhere(owners.phone.get(entry.keys.phone))) incoming.phone = null;
  let changed = false;
  if (target.domain === null && domainFree && entry.keys.domain) {
    // The lead gets its own site: the website shown should be that site, not a directory page.
    target.domain = entry.keys.domain;
    if (target.fields.website !== entry.fields.website) target.fields.website = entry.fields.website;
    changed = true;
  }
  const merged = mergeLeadFields(target.fields, incoming, entry.candidate.source.kind);
  if (merged.changed.length > 0) {
    target.fields = merged.fields;
    changed = true;
  }
  if (target.nameKey === null && entry.keys.nameKey && !ownedElsewhere(owners.nameKey.get(entry.keys.nameKey))) {
    target.nameKey = entry.keys.nameKey;
    changed = true;
  }
  for (const email of entry.keys.emails) {
    if (owners.email.has(email) || target.emails.includes(email)) continue;
    target.emails.push(email);
    changed = true;
  }
  if (changed) {
    target.rowChanged = true;
    contributed.set(entry.index, true);
  }
}

async function mergeChunk(
  tx: TransactionSql,
  input: MergeLeadCandidatesInput,
  prepared: PreparedCandidate[],
  now: Date,
  scoring: CampaignScoring,
  result: MergeLeadCandidatesResult,
): Promise<void> {
  const owners = await loadOwners(tx, input.workspaceId, prepared);
  const storedEmails = await emailsOf(tx, input.workspaceId, [...owners.leads.keys()]);
  const targets = new Map<string, Target>();
  const contributed: Contribution = new Map();
  const firstOfNew = new Set<number>();

  for (const group of groupCandidates(prepared)) {
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
      const [first] = group as [PreparedCandidate, ...PreparedCandidate[]];
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
  const newSources = await insertSources(tx, input, touched, now);
  const newContacts = await insertContacts(tx, input.workspaceId, touched, owners);

  const seenAgain = touched.filter((target) => !target.isNew && !target.rowChanged).map((target) => target.id);
  if (seenAgain.length > 0) {
    // Seen again is worth knowing for freshness, but not worth a write every time a page is re-read.
    await tx`
      update leads set last_seen_at = ${now}
      where workspace_id = ${input.workspaceId} and id = any(${seenAgain}::uuid[]) and last_seen_at < ${now}::timestamptz - interval '1 hour'`;
  }

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

function sourceId(leadId: string, entry: PreparedCandidate): string {
  return `${leadId}\u0000${entry.candidate.source.kind}\u0000${entry.candidate.source.ref}`;
}

async function emailsOf(tx: TransactionSql, workspaceId: string, leadIds: string[]): Promise<Map<string, string[]>> {
  if (leadIds.length === 0) return new Map();
  const rows = await tx<{ leadId: string; emails: string[] }[]>`
    select lead_id as "leadId", array_agg(email order by email) as emails from lead_contacts
    where workspace_id = ${workspaceId} and lead_id = any(${leadIds}::uuid[]) and email is not null
    group by lead_id`;
  return new Map(rows.map((row) => [row.leadId, row.emails]));
}

/** Score columns for a lead as it will be after this chunk. */
function scoreColumns(target: Target, scoring: CampaignScoring, now: Date) {
  const campaign = scoring.settingsFor(target.campaignId);
  const score = scoreLead(
    {
      domain: target.domain,
      emails: target.emails,
      phone: target.fields.phone,
      websiteReachable: target.fields.websiteReachable,
      hasContactForm: target.fields.hasContactForm,
      rating: target.fields.rating,
      reviewCount: target.fields.reviewCount,
      category: target.fields.category,
      lastSeenAt: now,
    },
    { weights: campaign.weights, targetCategories: campaign.categories, now },
  );
  return score;
}

// postgres.js types an array parameter by its first element (a boolean would make it a plain bool)
// and serialises by the type the server describes; as text[] then ::bool both agree.
const boolText = (value: boolean | null): string | null => (value === null ? null : value ? 't' : 'f');

/** Column arrays for unnest: one array per column, one element per lead. */
function leadColumns(targets: Target[], scoring: CampaignScoring, now: Date) {
  const columns = {
    id: [] as string[],
    campaignId: [] as (string | null)[],
    name: [] as string[],
    nameKey: [] as (string | null)[],
    domain: [] as (string | null)[],
    website: [] as (string | null)[],
    address: [] as (string | null)[],
    city: [] as (string | null)[],
    region: [] as (string | null)[],
    country: [] as (string | null)[],
    lat: [] as (number | null)[],
    lng: [] as (number | null)[],
    phone: [] as (string | null)[],
    category: [] as (string | null)[],
    rating: [] as (number | null)[],
    reviewCount: [] as (number | null)[],
    description: [] as (string | null)[],
    socialLinks: [] as string[],
    hasContactForm: [] as (string | null)[],
    websiteReachable: [] as (string | null)[],
    score: [] as number[],
    scoreReasons: [] as string[],
    confidence: [] as string[],
  };
  for (const target of targets) {
    const fields = target.fields;
    const score = scoreColumns(target, scoring, now);
    columns.id.push(target.id);
    columns.campaignId.push(target.campaignId);
    columns.name.push(fields.name);
    columns.nameKey.push(target.nameKey);
    columns.domain.push(target.domain);
    columns.website.push(fields.website);
    columns.address.push(fields.address);
    columns.city.push(fields.city);
    columns.region.push(fields.region);
    columns.country.push(fields.country);
    columns.lat.push(fields.lat);
    columns.lng.push(fields.lng);
    columns.phone.push(fields.phone);
    columns.category.push(fields.category);
    columns.rating.push(fields.rating);
    columns.reviewCount.push(fields.reviewCount);
    columns.description.push(fields.description);
    columns.socialLinks.push(JSON.stringify(fields.socialLinks));
    columns.hasContactForm.push(boolText(fields.hasContactForm));
    columns.websiteReachable.push(boolText(fields.websiteReachable));
    columns.score.push(score.score);
    columns.scoreReasons.push(JSON.stringify(score.reasons));
    columns.confidence.push(score.confidence);
  }
  return columns;
}

async function insertLeads(tx: TransactionSql, workspaceId: string, targets: Target[], now: Date, scoring: CampaignScoring): Promise<void> {
  if (targets.length === 0) return;
  const c = leadColumns(targets, scoring, now);
  await tx`
    insert into leads (id, workspace_id, campaign_id, name, name_key, domain, website, address, city, region, country, lat, lng,
                       phone, category, rating, review_count, description, social_links, has_contact_form, website_reachable,
                       score, score_reasons, confidence, first_seen_at, last_seen_at, updated_at)
    select u.id, ${workspaceId}, u.campaign_id, u.name, u.name_key, u.domain, u.website, u.address, u.city, u.region, u.country,
           u.lat, u.lng, u.phone, u.category, u.rating, u.review_count, u.description, u.social_links::jsonb, u.has_contact_form::bool,
           u.website_reachable::bool, u.score, u.score_reasons::jsonb, u.confidence, ${now}, ${now}, ${now}
    from unnest(${c.id}::uuid[], ${c.campaignId}::uuid[], ${c.name}::text[], ${c.nameKey}::text[], ${c.domain}::text[],
                ${c.website}::text[], ${c.address}::text[], ${c.city}::text[], ${c.region}::text[], ${c.country}::text[],
                ${c.lat}::float8[], ${c.lng}::float8[], ${c.phone}::text[], ${c.category}::text[], ${c.rating}::numeric[],
                ${c.reviewCount}::int[], ${c.description}::text[], ${c.socialLinks}::text[], ${c.hasContactForm}::text[],
                ${c.websiteReachable}::text[], ${c.score}::int[], ${c.scoreReasons}::text[], ${c.confidence}::text[])
      as u(id, campaign_id, name, name_key, domain, website, address, city, region, country, lat, lng, phone, category, rating,
           review_count, description, social_links, has_contact_form, website_reachable, score, score_reasons, confidence)`;
}

async function updateLeads(tx: TransactionSql, workspaceId: string, targets: Target[], now: Date, scoring: CampaignScoring): Promise<void> {
  if (targets.length === 0) return;
  const c = leadColumns(targets, scoring, now);
  await tx`
    update leads l set campaign_id = u.campaign_id, name = u.name, name_key = u.name_key, domain = u.domain, website = u.website,
           address = u.address, city = u.city, region = u.region, country = u.country, lat = u.lat, lng = u.lng, phone = u.phone,
           category = u.category, rating = u.rating, review_count = u.review_count, description = u.description,
           social_links = u.social_links::jsonb, has_contact_form = u.has_contact_form::bool, website_reachable = u.website_reachable::bool,
           score = u.score, score_reasons = u.score_reasons::jsonb, confidence = u.confidence, last_seen_at = ${now}, updated_at = ${now}
    from unnest(${c.id}::uuid[], ${c.campaignId}::uuid[], ${c.name}::text[], ${c.nameKey}::text[], ${c.domain}::text[],
                ${c.website}::text[], ${c.address}::text[], ${c.city}::text[], ${c.region}::text[], ${c.country}::text[],
                ${c.lat}::float8[], ${c.lng}::float8[], ${c.phone}::text[], ${c.category}::text[], ${c.rating}::numeric[],
                ${c.reviewCount}::int[], ${c.description}::text[], ${c.socialLinks}::text[], ${c.hasContactForm}::text[],
                ${c.websiteReachable}::text[], ${c.score}::int[], ${c.scoreReasons}::text[], ${c.confidence}::text[])
      as u(id, campaign_id, name, name_key, domain, website, address, city, region, country, lat, lng, phone, category, rating,
           review_count, description, social_links, has_contact_form, website_reachable, score, score_reasons, confidence)
    where l.workspace_id = ${workspaceId} and l.id = u.id`;
}

/** Adds each candidate's source to its lead once; returns the (lead, kind, ref) triples that were new. */
async function insertSources(tx: TransactionSql, input: MergeLeadCandidatesInput, targets: Target[], now: Date): Promise<Set<string>> {
  const leadIds: string[] = [];
  const kinds: string[] = [];
  const refs: string[] = [];
  const evidence: string[] = [];
  for (const target of targets) {
    for (const entry of target.members) {
      leadIds.push(target.id);
      kinds.push(entry.candidate.source.kind);
      refs.push(entry.candidate.source.ref);
      evidence.push(JSON.stringify(entry.candidate.source.evidence ?? {}).replace(/\\u0000/g, ''));
    }
  }
  if (leadIds.length === 0) return new Set();
  const rows = await tx<{ leadId: string; kind: string; ref: string }[]>`
    insert into lead_sources (workspace_id, lead_id, kind, ref, evidence, run_id, found_at)
    select ${input.workspaceId}, u.lead_id, u.kind, u.ref, u.evidence::jsonb, ${input.runId ?? null}, ${now}
    from unnest(${leadIds}::uuid[], ${kinds}::text[], ${refs}::text[], ${evidence}::text[]) as u(lead_id, kind, ref, evidence)
    on conflict do nothing
    returning lead_id as "leadId", kind, ref`;
  return new Set(rows.map((row) => `${row.leadId}\u0000${row.kind}\u0000${row.ref}`));
}

/**
 * Adds contacts once: an address another lead has stays with that lead (it is a key), a contact
 * without an address is the same contact when its name and phone are. Returns `leadId:candidateIndex`
 * for every candidate that added one.
 */
async function insertContacts(tx: TransactionSql, workspaceId: string, targets: Target[], owners: KeyOwners): Promise<Set<string>> {
  const rows = { leadId: [] as string[], email: [] as (string | null)[], name: [] as (string | null)[], role: [] as (string | null)[], phone: [] as (string | null)[], sourcePage: [] as (string | null)[] };
  const addedBy = new Map<string, number>();
  for (const target of targets) {
    for (const entry of target.members) {
      for (const contact of entry.candidate.contacts ?? []) {
        const email = contact.email ? normalizeLeadEmail(contact.email) : null;
        const name = cleanText(contact.name)?.slice(0, 300) ?? null;
        const phone = cleanText(contact.phone)?.slice(0, 50) ?? null;
        if (!email && !name && !phone) continue;
        if (email && owners.email.has(email)) continue;
        const identity = `${target.id}:${email ?? `\u0000${name ?? ''}\u0000${phone ?? ''}`}`;
        if (addedBy.has(identity)) continue;
        addedBy.set(identity, entry.index);
        rows.leadId.push(target.id);
        rows.email.push(email);
        rows.name.push(name);
        rows.role.push(cleanText(contact.role)?.slice(0, 300) ?? null);
        rows.phone.push(phone);
        rows.sourcePage.push(cleanText(contact.sourcePage));
      }
    }
  }
  if (rows.leadId.length === 0) return new Set();
  const inserted = await tx<{ leadId: string; email: string | null; name: string | null; phone: string | null }[]>`
    insert into lead_contacts (workspace_id, lead_id, email, name, role, phone, source_page)
    select ${workspaceId}, u.lead_id, u.email, u.name, u.role, u.phone, u.source_page
    from unnest(${rows.leadId}::uuid[], ${rows.email}::text[], ${rows.name}::text[], ${rows.role}::text[], ${rows.phone}::text[],
                ${rows.sourcePage}::text[]) as u(lead_id, email, name, role, phone, source_page)
    on conflict do nothing
    returning lead_id as "leadId", email, name, phone`;
  const added = new Set<string>();
  for (const row of inserted) {
    const index = addedBy.get(`${row.leadId}:${row.email ?? `\u0000${row.name ?? ''}\u0000${row.phone ?? ''}`}`);
    if (index !== undefined) added.add(`${row.leadId}:${index}`);
  }
  return added;
}

interface CampaignScoreSettings {
  weights: Partial<ScoreWeights>;
  categories: string[];
}

/** Each campaign's score weights and target categories, read once per merge. */
class CampaignScoring {
  readonly #tx: TransactionSql;
  readonly #workspaceId: string;
  readonly #settings = new Map<string, CampaignScoreSettings>();

  constructor(tx: TransactionSql, workspaceId: string) {
    this.#tx = tx;
    this.#workspaceId = workspaceId;
  }

  async load(campaignIds: (string | null)[]): Promise<void> {
    const missing = [...new Set(campaignIds.filter((id): id is string => id !== null && !this.#settings.has(id)))];
    if (missing.length === 0) return;
    const rows = await this.#tx<{ id: string; scoreWeights: Partial<ScoreWeights>; categories: unknown }[]>`
      select id, score_weights as "scoreWeights", target -> 'categories' as categories
      from campaigns where workspace_id = ${this.#workspaceId} and id = any(${missing}::uuid[])`;
    for (const row of rows) {
      const categories = Array.isArray(row.categories) ? row.categories.filter((value): value is string => typeof value === 'string') : [];
      this.#settings.set(row.id, { weights: row.scoreWeights ?? {}, categories });
    }
  }

  settingsFor(campaignId: string | null): CampaignScoreSettings {
    return (campaignId ? this.#settings.get(campaignId) : undefined) ?? { weights: {}, categories: [] };
  }
}

/** Leads rescored per statement pair: the same order of size as a merge chunk. */
const RESCORE_CHUNK_SIZE = 5_000;

/**
 * Recomputes score, confidence and reasons of the given leads from what is stored, e.g. after a
 * site was found unreachable or a campaign's weights changed.
 */
export async function rescoreLeads(sql: Db, workspaceId: string, leadIds: string[], now: Date = new Date()): Promise<number> {
  if (leadIds.length === 0) return 0;
  return inTransaction(sql, async (tx) => {
    const scoring = new CampaignScoring(tx, workspaceId);
    let rescored = 0;
    for (let start = 0; start < leadIds.length; start += RESCORE_CHUNK_SIZE) {
      rescored += await rescoreChunk(tx, workspaceId, leadIds.slice(start, start + RESCORE_CHUNK_SIZE), scoring, now);
    }
    return rescored;
  });
}

/**
 * Rescores every lead of a campaign with its current weights and target categories (after they
 * changed), in chunks, in the caller's transaction when given one. Waits for merges into the
 * workspace to finish, so none writes scores from the old weights afterwards. Returns the count.
 */
export async function rescoreCampaignLeads(sql: Db, workspaceId: string, campaignId: string, now: Date = new Date()): Promise<number> {
  return inTransaction(sql, async (tx) => {
    await lockWorkspaceLeads(tx, workspaceId);
    const rows = await tx<{ id: string }[]>`
      select id from leads where workspace_id = ${workspaceId} and campaign_id = ${campaignId} order by id`;
    return rescoreLeads(tx, workspaceId, rows.map((row) => row.id), now);
  });
}

async function rescoreChunk(tx: TransactionSql, workspaceId: string, leadIds: string[], scoring: CampaignScoring, now: Date): Promise<number> {
  // Locked in id order, as bulk transitions lock, so a rescore and a bulk approve queue rather than deadlock.
  const rows = await tx<(Pick<StoredLeadRow, 'id' | 'campaignId' | 'domain' | 'phone' | 'websiteReachable' | 'hasContactForm' | 'rating' | 'reviewCount' | 'category'> & { lastSeenAt: Date; emails: string[] })[]>`
    select l.id, l.campaign_id as "campaignId", l.domain, l.phone, l.website_reachable as "websiteReachable",
           l.has_contact_form as "hasContactForm", l.rating::float8 as rating, l.review_count as "reviewCount", l.category,
           l.last_seen_at as "lastSeenAt",
           coalesce((select array_agg(c.email) from lead_contacts c where c.lead_id = l.id and c.email is not null), '{}') as emails
    from leads l where l.workspace_id = ${workspaceId} and l.id = any(${leadIds}::uuid[])
    order by l.id
    for update of l`;
  await scoring.load(rows.map((row) => row.campaignId));
  const ids: string[] = [];
  const scores: number[] = [];
  const reasons: string[] = [];
  const confidences: string[] = [];
  for (const row of rows) {
    const settings = scoring.settingsFor(row.campaignId);
    const score = scoreLead(
      {
        domain: row.domain,
        emails: row.emails,
        phone: row.phone,
        websiteReachable: row.websiteReachable,
        hasContactForm: row.hasContactForm,
        rating: row.rating,
        reviewCount: row.reviewCount,
        category: row.category,
        lastSeenAt: row.lastSeenAt,
      },
      { weights: settings.weights, targetCategories: settings.categories, now },
    );
    ids.push(row.id);
    scores.push(score.score);
    reasons.push(JSON.stringify(score.reasons));
    confidences.push(score.confidence);
  }
  if (ids.length === 0) return 0;
  await tx`
    update leads l set score = u.score, score_reasons = u.reasons::jsonb, confidence = u.confidence, updated_at = now()
    from unnest(${ids}::uuid[], ${scores}::int[], ${reasons}::text[], ${confidences}::text[]) as u(id, score, reasons, confidence)
    where l.workspace_id = ${workspaceId} and l.id = u.id`;
  return ids.length;
}
