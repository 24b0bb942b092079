// Writes what a chunk decided: lead rows (scored as they will be), their sources and contacts.
import { cleanLeadText as cleanText, normalizeLeadEmail, scoreLead, type LeadStatus } from '@switchboard/core';
import type { TransactionSql } from '../../client.ts';
import { copyLine, copyLines, copyValue } from './copy-text.ts';
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
    possibleDuplicateOf: [] as (string | null)[],
    possibleDuplicateEvidence: [] as (string | null)[],
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
    columns.possibleDuplicateOf.push(target.possibleDuplicate?.leadId ?? null);
    columns.possibleDuplicateEvidence.push(target.possibleDuplicate ? JSON.stringify(target.possibleDuplicate.evidence) : null);
  }
  return columns;
}

/**
 * New leads start `discovered`, or in `initialStatus` when the caller moves them on at once (an import
 * queues them for review). Written with COPY: for thousands of rows it costs far less than an insert
 * from unnested column arrays (no array parsing, rows written in batches).
 */
export async function insertLeads(
  tx: TransactionSql,
  workspaceId: string,
  targets: Target[],
  now: Date,
  scoring: CampaignScoring,
  initialStatus?: { status: LeadStatus; changedBy: string | null },
): Promise<void> {
  if (targets.length === 0) return;
  const c = leadColumns(targets, scoring, now);
  const seenAt = now.toISOString();
  const fixed = [workspaceId, seenAt, seenAt, seenAt, initialStatus?.status ?? 'discovered', initialStatus ? seenAt : null, initialStatus?.changedBy ?? null]
    .map(copyValue)
    .join('\t');
  // In the order of the COPY's column list below.
  const columns: readonly (readonly (string | number | null)[])[] = [
    c.id, c.campaignId, c.name, c.nameKey, c.domain, c.website, c.address, c.city, c.region, c.country, c.lat, c.lng, c.phone,
    c.category, c.rating, c.reviewCount, c.description, c.socialLinks, c.hasContactForm, c.websiteReachable, c.score,
    c.scoreReasons, c.confidence, c.possibleDuplicateOf, c.possibleDuplicateEvidence,
  ];
  const lines: string[] = [];
  for (let row = 0; row < targets.length; row += 1) {
    lines.push(`${copyLine(columns.map((column) => column[row] ?? null)).slice(0, -1)}\t${fixed}\n`);
  }
  await copyLines(
    tx`copy leads (id, campaign_id, name, name_key, domain, website, address, city, region, country, lat, lng,
                   phone, category, rating, review_count, description, social_links, has_contact_form, website_reachable,
                   score, score_reasons, confidence, possible_duplicate_of, possible_duplicate_evidence,
                   workspace_id, first_seen_at, last_seen_at, updated_at, status, status_changed_at, status_changed_by)
       from stdin`,
    lines,
  );
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
           score = u.score, score_reasons = u.score_reasons::jsonb, confidence = u.confidence, last_seen_at = ${now}, updated_at = ${now}
    from ${leadRows(tx, c)}
    where l.workspace_id = ${workspaceId} and l.id = u.id`;
}

/**
 * Adds each candidate's source to its lead once; returns the (lead, kind, ref) triples that were new.
 * A lead made in this chunk has no stored sources: its sources, once each, go in with COPY; those of
 * stored leads may be known already and are inserted unless they are.
 */
export async function insertSources(tx: TransactionSql, workspaceId: string, runId: string | null, targets: Target[], now: Date): Promise<Set<string>> {
  const added = new Set<string>();
  const copied: string[] = [];
  const leadIds: string[] = [];
  const kinds: string[] = [];
  const refs: string[] = [];
  const evidence: string[] = [];
  for (const target of targets) {
    for (const entry of target.members) {
      const { kind, ref } = entry.candidate.source;
      const evidenceJson = JSON.stringify(entry.candidate.source.evidence ?? {}).replace(/\\u0000/g, '');
      if (target.isNew) {
        const id = `${target.id}\u0000${kind}\u0000${ref}`;
        if (added.has(id)) continue;
        added.add(id);
        copied.push(copyLine([target.id, kind, ref, evidenceJson]));
      } else {
        leadIds.push(target.id);
        kinds.push(kind);
        refs.push(ref);
        evidence.push(evidenceJson);
      }
    }
  }
  if (copied.length > 0) {
    const fixed = copyLine([workspaceId, runId, now.toISOString()]);
    await copyLines(tx`copy lead_sources (lead_id, kind, ref, evidence, workspace_id, run_id, found_at) from stdin`, copied.map((line) => `${line.slice(0, -1)}\t${fixed}`));
  }
  if (leadIds.length === 0) return added;
  const rows = await tx<{ leadId: string; kind: string; ref: string }[]>`
    insert into lead_sources (workspace_id, lead_id, kind, ref, evidence, run_id, found_at)
    select ${workspaceId}, u.lead_id, u.kind, u.ref, u.evidence::jsonb, ${runId}, ${now}
    from unnest(${leadIds}::uuid[], ${kinds}::text[], ${refs}::text[], ${evidence}::text[]) as u(lead_id, kind, ref, evidence)
    on conflict do nothing
    returning lead_id as "leadId", kind, ref`;
  for (const row of rows) added.add(`${row.leadId}\u0000${row.kind}\u0000${row.ref}`);
  return added;
}

/**
 * Adds contacts once: an address another lead has stays with that lead (it is a key), a contact
 * without an address is the same contact when its name and phone are. Returns `leadId:candidateIndex`
 * for every candidate that added one. A lead made in this chunk has no stored contacts and only
 * addresses it claimed, so its contacts go in with COPY; those of stored leads are inserted unless known.
 */
export async function insertContacts(tx: TransactionSql, workspaceId: string, targets: Target[], owners: KeyOwners, claims: KeyClaims): Promise<Set<string>> {
  const rows = { leadId: [] as string[], email: [] as (string | null)[], name: [] as (string | null)[], role: [] as (string | null)[], phone: [] as (string | null)[], sourcePage: [] as (string | null)[] };
  const copied: string[] = [];
  const added = new Set<string>();
  const addedBy = new Map<string, number>();
  for (const target of targets) {
    for (const entry of target.members) {
      for (const contact of entry.candidate.contacts ?? []) {
        const email = contact.email ? normalizeLeadEmail(contact.email) : null;
        const name = cleanText(contact.name)?.slice(0, 300) ?? null;
        const phone = cleanText(contact.phone)?.slice(0, 50) ?? null;
        if (!email && !name && !phone) continue;
        if (email && (owners.email.has(email) || (claims.get(`e:${email}`) ?? target.id) !== target.id)) continue;
        const identity = `${target.id}:${email ?? `\u0000${name ?? ''}\u0000${phone ?? ''}`}`;
        if (addedBy.has(identity)) continue;
        addedBy.set(identity, entry.index);
        const role = cleanText(contact.role)?.slice(0, 300) ?? null;
        const sourcePage = cleanText(contact.sourcePage);
        if (target.isNew) {
          copied.push(copyLine([workspaceId, target.id, email, name, role, phone, sourcePage]));
          added.add(`${target.id}:${entry.index}`);
          continue;
        }
        rows.leadId.push(target.id);
        rows.email.push(email);
        rows.name.push(name);
        rows.role.push(role);
        rows.phone.push(phone);
        rows.sourcePage.push(sourcePage);
      }
    }
  }
  if (copied.length > 0) await copyLines(tx`copy lead_contacts (workspace_id, lead_id, email, name, role, phone, source_page) from stdin`, copied);
  if (rows.leadId.length === 0) return added;
  const inserted = await tx<{ leadId: string; email: string | null; name: string | null; phone: string | null }[]>`
    insert into lead_contacts (workspace_id, lead_id, email, name, role, phone, source_page)
    select ${workspaceId}, u.lead_id, u.email, u.name, u.role, u.phone, u.source_page
    from unnest(${rows.leadId}::uuid[], ${rows.email}::text[], ${rows.name}::text[], ${rows.role}::text[], ${rows.phone}::text[],
                ${rows.sourcePage}::text[]) as u(lead_id, email, name, role, phone, source_page)
    on conflict do nothing
    returning lead_id as "leadId", email, name, phone`;
  for (const row of inserted) {
    const index = addedBy.get(`${row.leadId}:${row.email ?? `\u0000${row.name ?? ''}\u0000${row.phone ?? ''}`}`);
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
