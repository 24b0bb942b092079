// In memory, before any write: which lead a group of candidates is about, and what each candidate adds to it.
import { mergeLeadFields, type LeadFields, type PreparedLeadCandidate } from '@switchboard/core';
import type { KeyOwners, StoredLead } from './owners.ts';

// How strongly a shared key says "this is that lead" when candidates match several leads at once:
// a listing's place id or page is the candidate's own source; a domain is the business's own.
const MATCH_STRENGTH = { source: 5, domain: 4, email: 3, phone: 2, name: 1 } as const;

/** A lead this chunk writes: an existing one (maybe changed) or a new one. */
export interface Target {
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
  members: PreparedLeadCandidate[];
  /** For a stored lead: its state before this chunk, to tell a real change from a round trip. */
  initialState: string | null;
}

/** Per candidate: did it add anything to its lead (fields, keys, a contact, a source)? */
export type Contribution = Map<number, boolean>;

/** The stored lead a group is about: the one its keys point at most strongly, the oldest on a tie. */
export function primaryLead(group: PreparedLeadCandidate[], owners: KeyOwners): StoredLead | null {
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

export function targetState(target: Target): string {
  return JSON.stringify([target.nameKey, target.domain, target.campaignId, target.fields, [...target.emails].sort()]);
}

export function applyCandidate(target: Target, entry: PreparedLeadCandidate, owners: KeyOwners, contributed: Contribution): void {
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
