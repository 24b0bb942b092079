// Writes what a chunk decided: lead rows (scored as they will be), their sources and contacts.
import { cleanLeadText as cleanText, normalizeLeadEmail, scoreLead, type LeadStatus } from '@switchboard/core';
import type { TransactionSql } from '../../client.ts';
import { copyFields, copyLine, copyLines, CopyRows } from './copy-text.ts';
import { timeOrderedLeadId } from './lead-ids.ts';
import type { KeyOwners } from './owners.ts';
import type { CampaignScoring } from './scoring.ts';
import type { KeyClaims, Target } from './targets.ts';

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

type CopyValue = string | number | null;

/** A lead's row values in the order of newLeadRows' COPY column list, scored as it will be after this chunk. */
function leadValues(target: Target, scoring: CampaignScoring, now: Date): CopyValue[] {
  const fields = target.fields;
  const score = scoreColumns(target, scoring, now);
  const duplicate = target.possibleDuplicate;
  return [
    target.id, target.campaignId, fields.name, target.nameKey, target.domain, fields.website, fields.address, fields.city,
    fields.region, fields.country, fields.lat, fields.lng, fields.phone, fields.category, fields.rating, fields.reviewCount,
    fields.description, JSON.stringify(fields.socialLinks), boolText(fields.hasContactForm), boolText(fields.websiteReachable),
    score.score, JSON.stringify(score.reasons), score.confidence, duplicate?.leadId ?? null, duplicate ? JSON.stringify(duplicate.evidence) : null,
  ];
}

/** Column arrays for unnest: one array per column, one element per lead. */
function leadColumns(targets: Target[], scoring: CampaignScoring, now: Date) {
  const rows = targets.map((target) => leadValues(target, scoring, now));
  const column = <T extends CopyValue>(index: number) => rows.map((row) => row[index]) as T[];
  return {
    id: column<string>(0),
    campaignId: column<string | null>(1),
    name: column<string>(2),
    nameKey: column<string | null>(3),
    domain: column<string | null>(4),
    website: column<string | null>(5),
    address: column<string | null>(6),
    city: column<string | null>(7),
    region: column<string | null>(8),
    country: column<string | null>(9),
    lat: column<number | null>(10),
    lng: column<number | null>(11),
    phone: column<string | null>(12),
    category: column<string | null>(13),
    rating: column<number | null>(14),
    reviewCount: column<number | null>(15),
    description: column<string | null>(16),
    socialLinks: column<string>(17),
    hasContactForm: column<string | null>(18),
    websiteReachable: column<string | null>(19),
    score: column<number>(20),
    scoreReasons: column<string>(21),
    confidence: column<string>(22),
    possibleDuplicateOf: column<string | null>(23),
    possibleDuplicateEvidence: column<string | null>(24),
  };
}

/**
 * New leads start `discovered`, or in `initialStatus` when the caller moves them on at once (an import
 * queues them for review). Written with COPY: for thousands of rows it costs far less than an insert
 * from unnested column arrays (no array parsing, rows written in batches). Each lead is scored and
 * sent as soon as the caller adds it (once its group is decided), so Postgres writes the first leads
 * while the rest are still being decided; see CopyRows for the connection's use meanwhile.
 */
export function newLeadRows(
  tx: TransactionSql,
  workspaceId: string,
  now: Date,
  scoring: CampaignScoring,
  initialStatus?: { status: LeadStatus; changedBy: string | null },
): { add(target: Target): Promise<void> | undefined; end(): Promise<{ written: Promise<void> }>; abort(error: Error): void } {
  const seenAt = now.toISOString();
  const fixed = copyLine([workspaceId, seenAt, seenAt, seenAt, initialStatus?.status ?? 'discovered', initialStatus ? seenAt : null, initialStatus?.changedBy ?? null]);
  const rows = new CopyRows(
    () => tx`copy leads (id, campaign_id, name, name_key, domain, website, address, city, region, country, lat, lng,
                   phone, category, rating, review_count, description, social_links, has_contact_form, website_reachable,
                   score, score_reasons, confidence, possible_duplicate_of, possible_duplicate_evidence,
                   workspace_id, first_seen_at, last_seen_at, updated_at, status, status_changed_at, status_changed_by)
       from stdin`,
  );
  return {
    add: (target) => rows.add(`${copyFields(leadValues(target, scoring, now))}\t${fixed}`),
    end: () => rows.end(),
    abort: (error) => rows.abort(error),
  };
}

/** The chunk's leads as one row set `u`, one array per column: a single round trip for any number. */
function leadRows(tx: TransactionSql, c: ReturnType<typeof leadColumns>) {
  return tx`
    unnest(${c.id}::uuid[], ${c.campaignId}::uuid[], ${c.name}::text[], ${c.nameKey}::text[], ${c.domain}::text[],
           ${c.website}::text[], ${c.address}::text[], ${c.city}::text[], ${c.region}::text[], ${c.country}::text[],
           ${c.lat}::float8[], ${c.lng}::float8[], ${c.phone}::text[], ${c.category}::text[], ${c.rating}::numeric[],
           ${c.reviewCount}::int[], ${c.description}::text[], ${c.socialLinks}::text[], ${c.hasContactForm}::text[],
           ${c.websiteReachable}::text[], ${c.score}::int[], ${c.scoreReasons}::text[], ${c.confidence}::text[],
           ${c.possibleDuplicateOf}::uuid[], ${c.possibleDuplicateEvidence}::text[])
      as u(id, campaign_id, name, name_key, domain, website, address, city, region, country, lat, lng, phone, category, rating,
           review_count, description, social_links, has_contact_form, website_reachable, score, score_reasons, confidence,
           possible_duplicate_of, possible_duplicate_evidence)`;
}

export async function updateLeads(tx: TransactionSql, workspaceId: string, targets: Target[], now: Date, scoring: CampaignScoring): Promise<void> {
  if (targets.length === 0) return;
  const c = leadColumns(targets, scoring, now);
  await tx`
    update leads l set campaign_id = u.campaign_id, name = u.name, name_key = u.name_key, domain = u.domain, website = u.website,
           address = u.address, city = u.city, region = u.region, country = u.country, lat = u.lat, lng = u.lng, phone = u.phone,
           category = u.category, rating = u.rating, review_count = u.review_count, description = u.description,
           social_links = u.social_links::jsonb, has_contact_form = u.has_contact_form::bool, website_reachable = u.website_reachable::bool,
           score = u.score, score_reasons = u.score_reasons::json, confidence = u.confidence, last_seen_at = ${now}, updated_at = ${now}
    from ${leadRows(tx, c)}
    where l.workspace_id = ${workspaceId} and l.id = u.id`;
}

/** A chunk's sources worked out before any is written: COPY lines for new leads, rows for stored ones. */
export interface PlannedSources {
  copied: string[];
  /**
   * The (lead, kind, ref) triples of the COPY lines: all new. Left out for a new lead of one
   * candidate: that candidate inserted the lead, so nobody asks whether it added the source.
   */
  added: Set<string>;
  stored: { leadId: string[]; kind: string[]; ref: string[]; evidence: string[] };
}

/**
 * Each candidate's source for its lead, once. A lead made in this chunk has no stored sources: its
 * sources, once each, go in with COPY (ids made here, as the leads' are: the column default's SQL
 * function cost as much as the rest of the row's insert without its FK check); those of stored leads
 * may be known already and are inserted unless they are.
 */
export function planSources(workspaceId: string, runId: string | null, targets: Target[], now: Date): PlannedSources {
  const planned: PlannedSources = { copied: [], added: new Set(), stored: { leadId: [], kind: [], ref: [], evidence: [] } };
  const fixed = copyLine([workspaceId, runId, now.toISOString()]);
  for (const target of targets) {
    for (const entry of target.members) {
      const { kind, ref } = entry.candidate.source;
      const evidenceJson = JSON.stringify(entry.candidate.source.evidence ?? {}).replace(/\\u0000/g, '');
      if (target.isNew) {
        if (target.members.length > 1) {
          const id = `${target.id}\u0000${kind}\u0000${ref}`;
          if (planned.added.has(id)) continue;
          planned.added.add(id);
        }
        planned.copied.push(`${copyFields([timeOrderedLeadId(), target.id, kind, ref, evidenceJson])}\t${fixed}`);
      } else {
        planned.stored.leadId.push(target.id);
        planned.stored.kind.push(kind);
        planned.stored.ref.push(ref);
        planned.stored.evidence.push(evidenceJson);
      }
    }
  }
  return planned;
}

/** Writes planned sources; returns the (lead, kind, ref) triples that were new (`planned.added`, grown by those of stored leads). */
export async function insertSources(tx: TransactionSql, workspaceId: string, runId: string | null, planned: PlannedSources, now: Date): Promise<Set<string>> {
  const added = planned.added;
  if (planned.copied.length > 0) {
    await copyLines(tx`copy lead_sources (id, lead_id, kind, ref, evidence, workspace_id, run_id, found_at) from stdin`, planned.copied);
  }
  const { leadId, kind, ref, evidence } = planned.stored;
  if (leadId.length === 0) return added;
  const rows = await tx<{ leadId: string; kind: string; ref: string }[]>`
    insert into lead_sources (workspace_id, lead_id, kind, ref, evidence, run_id, found_at)
    select ${workspaceId}, u.lead_id, u.kind, u.ref, u.evidence::jsonb, ${runId}, ${now}
    from unnest(${leadId}::uuid[], ${kind}::text[], ${ref}::text[], ${evidence}::text[]) as u(lead_id, kind, ref, evidence)
    on conflict do nothing
    returning lead_id as "leadId", kind, ref`;
  for (const row of rows) added.add(`${row.leadId}\u0000${row.kind}\u0000${row.ref}`);
  return added;
}

/** A chunk's contacts worked out before any is written: COPY lines for new leads, rows for stored ones. */
export interface PlannedContacts {
  copied: string[];
  /** `leadId:candidateIndex` of the COPY lines, but for a new lead of one candidate (as for PlannedSources.added). */
  added: Set<string>;
  /** Which candidate brought each contact identity (see insertContacts); a new lead's only contact is left out. */
  addedBy: Map<string, number>;
  stored: { leadId: string[]; email: (string | null)[]; name: (string | null)[]; role: (string | null)[]; phone: (string | null)[]; sourcePage: (string | null)[] };
}

const contactIdentity = (leadId: string, email: string | null, name: string | null, phone: string | null) => `${leadId}:${email ?? `\u0000${name ?? ''}\u0000${phone ?? ''}`}`;

/**
 * Contacts once: an address another lead has stays with that lead (it is a key), a contact without an
 * address is the same contact when its name and phone are. A lead made in this chunk has no stored
 * contacts and only addresses it claimed, so its contacts go in with COPY (ids made here, as for
 * sources); those of stored leads are inserted unless known.
 */
export function planContacts(workspaceId: string, targets: Target[], owners: KeyOwners, claims: KeyClaims): PlannedContacts {
  const planned: PlannedContacts = {
    copied: [],
    added: new Set(),
    addedBy: new Map(),
    stored: { leadId: [], email: [], name: [], role: [], phone: [], sourcePage: [] },
  };
  for (const target of targets) {
    // A new lead's only contact is once already (an imported row's address): no identity to keep.
    const onlyContact = target.isNew && target.members.length === 1 && (target.members[0]!.candidate.contacts?.length ?? 0) <= 1;
    for (const entry of target.members) {
      for (const contact of entry.candidate.contacts ?? []) {
        const email = contact.email ? normalizeLeadEmail(contact.email) : null;
        const name = cleanText(contact.name)?.slice(0, 300) ?? null;
        const phone = cleanText(contact.phone)?.slice(0, 50) ?? null;
        if (!email && !name && !phone) continue;
        if (email && (owners.email.has(email) || (claims.email.get(email) ?? target.id) !== target.id)) continue;
        if (!onlyContact) {
          const identity = contactIdentity(target.id, email, name, phone);
          if (planned.addedBy.has(identity)) continue;
          planned.addedBy.set(identity, entry.index);
        }
        const role = cleanText(contact.role)?.slice(0, 300) ?? null;
        const sourcePage = cleanText(contact.sourcePage);
        if (target.isNew) {
          planned.copied.push(copyLine([timeOrderedLeadId(), workspaceId, target.id, email, name, role, phone, sourcePage]));
          if (target.members.length > 1) planned.added.add(`${target.id}:${entry.index}`);
          continue;
        }
        const stored = planned.stored;
        stored.leadId.push(target.id);
        stored.email.push(email);
        stored.name.push(name);
        stored.role.push(role);
        stored.phone.push(phone);
        stored.sourcePage.push(sourcePage);
      }
    }
  }
  return planned;
}

/** Writes planned contacts; returns `leadId:candidateIndex` for every candidate that added one (`planned.added`, grown by those of stored leads). */
export async function insertContacts(tx: TransactionSql, workspaceId: string, planned: PlannedContacts): Promise<Set<string>> {
  const added = planned.added;
  if (planned.copied.length > 0) await copyLines(tx`copy lead_contacts (id, workspace_id, lead_id, email, name, role, phone, source_page) from stdin`, planned.copied);
  const rows = planned.stored;
  if (rows.leadId.length === 0) return added;
  const inserted = await tx<{ leadId: string; email: string | null; name: string | null; phone: string | null }[]>`
    insert into lead_contacts (workspace_id, lead_id, email, name, role, phone, source_page)
    select ${workspaceId}, u.lead_id, u.email, u.name, u.role, u.phone, u.source_page
    from unnest(${rows.leadId}::uuid[], ${rows.email}::text[], ${rows.name}::text[], ${rows.role}::text[], ${rows.phone}::text[],
                ${rows.sourcePage}::text[]) as u(lead_id, email, name, role, phone, source_page)
    on conflict do nothing
    returning lead_id as "leadId", email, name, phone`;
  for (const row of inserted) {
    const index = planned.addedBy.get(contactIdentity(row.leadId, row.email, row.name, row.phone));
    if (index !== undefined) added.add(`${row.leadId}:${index}`);
  }
  return added;
}

/** Seen again is worth knowing for freshness, but not worth a write every time a page is re-read: at most hourly. */
export async function touchSeenLeads(tx: TransactionSql, workspaceId: string, leadIds: string[], now: Date): Promise<void> {
  if (leadIds.length === 0) return;
  await tx`
    update leads set last_seen_at = ${now}
    where workspace_id = ${workspaceId} and id = any(${leadIds}::uuid[]) and last_seen_at < ${now}::timestamptz - interval '1 hour'`;
}
