// A chunk can only be matched against stored leads once it knows which lead owns each of its keys.
import type { LeadFields, PreparedLeadCandidate } from '@switchboard/core';
import type { TransactionSql } from '../../client.ts';

export interface StoredLead {
  id: string;
  campaignId: string | null;
  nameKey: string | null;
  domain: string | null;
  firstSeenAt: Date;
  fields: LeadFields;
}

/** A leads row as read for merging: the core's descriptive fields flat beside the keys. */
export interface StoredLeadRow extends LeadFields {
  id: string;
  campaignId: string | null;
  nameKey: string | null;
  domain: string | null;
  firstSeenAt: Date;
}

export interface KeyOwners {
  leads: Map<string, StoredLead>;
  nameKey: Map<string, string>;
  domain: Map<string, string>;
  phone: Map<string, string>;
  email: Map<string, string>;
  source: Map<string, string>;
  /** Leads already flagged as possible duplicates of a loaded lead, by that lead's id. */
  duplicatesOf: Map<string, StoredLead[]>;
}

const STORED_LEAD_COLUMNS = (tx: TransactionSql) => tx`
  id, campaign_id as "campaignId", name_key as "nameKey", domain, first_seen_at as "firstSeenAt", name, website,
  address, city, region, country, lat, lng, phone, category, rating::float8 as rating, review_count as "reviewCount",
  description, social_links as "socialLinks", has_contact_form as "hasContactForm", website_reachable as "websiteReachable"`;

function storedLead(row: StoredLeadRow): StoredLead {
  const { id, campaignId, nameKey, domain, firstSeenAt, ...fields } = row;
  return { id, campaignId, nameKey, domain, firstSeenAt, fields };
}

/** The keys a chunk asks stored leads about, each once: worked out before its turn comes (pure work). */
export interface ChunkKeys {
  nameKeys: string[];
  domains: string[];
  phones: string[];
  emails: string[];
  sourceKinds: string[];
  sourceRefs: string[];
}

export function chunkKeys(prepared: readonly PreparedLeadCandidate[]): ChunkKeys {
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
  return { nameKeys: [...nameKeys], domains: [...domains], phones: [...phones], emails: [...emails], sourceKinds, sourceRefs };
}

/**
 * `workspace_id = <this workspace>` for the lookups below, with the value hidden from the planner. Given
 * the value, it takes the workspace's size from the table's statistics, which know nothing of one an
 * import is filling (~1 row): it then walks the workspace's leads through any workspace index and
 * filters them by key, a walk that grows with every chunk (0.22 s a 5,000-candidate chunk at 95,000
 * leads; 1.8 s on a busy machine). Unseen, the value weighs as an average workspace and the plan
 * follows the real sizes: at 475,000 leads in 6 workspaces, each key in its own index (6 ms).
 */
const inWorkspace = (tx: TransactionSql, workspaceId: string) => tx`workspace_id = (select ${workspaceId}::uuid)`;

/** The stored leads that own any of a chunk's keys, and who owns which key. */
export async function loadOwners(tx: TransactionSql, workspaceId: string, keys: ChunkKeys): Promise<KeyOwners> {
  const { nameKeys, domains, phones, emails, sourceKinds, sourceRefs } = keys;
  const [emailRows, sourceRows] = await Promise.all([
    emails.length === 0
      ? []
      : tx<{ email: string; leadId: string }[]>`
          select email, lead_id as "leadId" from lead_contacts
          where workspace_id = ${workspaceId} and email = any(${emails}::text[])`,
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
    select ${STORED_LEAD_COLUMNS(tx)}
    from leads
    where ${inWorkspace(tx, workspaceId)}
      and (name_key = any(${nameKeys}::text[]) or domain = any(${domains}::text[])
           or phone = any(${phones}::text[]) or id = any(${viaOthers}::uuid[]))`;
  const owners: KeyOwners = {
    leads: new Map(),
    nameKey: new Map(),
    domain: new Map(),
    phone: new Map(),
    email: new Map(),
    source: new Map(),
    duplicatesOf: new Map(),
  };
  for (const row of rows) {
    const lead = storedLead(row);
    owners.leads.set(lead.id, lead);
    if (lead.nameKey) owners.nameKey.set(lead.nameKey, lead.id);
    if (lead.domain) owners.domain.set(lead.domain, lead.id);
    if (lead.fields.phone) owners.phone.set(lead.fields.phone, lead.id);
  }
  const loadedIds = [...owners.leads.keys()];
  const duplicateRows =
    loadedIds.length === 0
      ? []
      : await tx<(StoredLeadRow & { possibleDuplicateOf: string })[]>`
          select ${STORED_LEAD_COLUMNS(tx)}, possible_duplicate_of as "possibleDuplicateOf"
          from leads
          where ${inWorkspace(tx, workspaceId)} and possible_duplicate_of = any(${loadedIds}::uuid[])
          order by first_seen_at, id`;
  for (const { possibleDuplicateOf, ...row } of duplicateRows) {
    const list = owners.duplicatesOf.get(possibleDuplicateOf) ?? [];
    list.push(storedLead(row));
    owners.duplicatesOf.set(possibleDuplicateOf, list);
  }
  for (const row of emailRows) owners.email.set(row.email, row.leadId);
  for (const row of sourceRows) {
    const key = `${row.kind}\u0000${row.ref}`;
    if (!owners.source.has(key)) owners.source.set(key, row.leadId);
  }
  return owners;
}

/** The addresses stored leads already have, sorted, so a merge can tell a new one from a known one. */
export async function emailsOf(tx: TransactionSql, workspaceId: string, leadIds: string[]): Promise<Map<string, string[]>> {
  if (leadIds.length === 0) return new Map();
  const rows = await tx<{ leadId: string; emails: string[] }[]>`
    select lead_id as "leadId", array_agg(email order by email) as emails from lead_contacts
    where ${inWorkspace(tx, workspaceId)} and lead_id = any(${leadIds}::uuid[]) and email is not null
    group by lead_id`;
  return new Map(rows.map((row) => [row.leadId, row.emails]));
}
