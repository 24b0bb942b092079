// In memory, before any write: which lead a group of candidates is about, and what each candidate adds to it.
import {
  businessNameWords,
  businessNamesAgree,
  leadMatchStrength,
  mergeLeadFields,
  type LeadFieldUpdate,
  type LeadFields,
  type LeadKeyKind,
  type PreparedLeadCandidate,
} from '@switchboard/core';
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
  /** For a new lead that shares only a phone or an address with another: that lead, and what they share. */
  possibleDuplicate: PossibleDuplicate | null;
}

export interface PossibleDuplicate {
  leadId: string;
  name: string;
  on: LeadKeyKind[];
  evidence: { phone?: string; emails?: string[] };
}

/** Per candidate: did it add anything to its lead (fields, keys, a contact, a source)? */
export type Contribution = Map<number, boolean>;

/**
 * Phones and addresses a lead of this chunk took (value → lead id): two groups that share only one
 * of them are kept apart, so the second must not take it too (they are unique keys).
 */
export interface KeyClaims {
  phone: Map<string, string>;
  email: Map<string, string>;
}

/** Per candidate: the keys it shared with the lead it was merged into, for the import report. */
export type MatchedOn = Map<number, LeadKeyKind[]>;

/** The keys a candidate shares with a stored lead, one entry per shared value. */
function keysSharedWithLead(entry: PreparedLeadCandidate, leadId: string, owners: KeyOwners): LeadKeyKind[] {
  const shared: LeadKeyKind[] = [];
  if (entry.sourceKey && owners.source.get(entry.sourceKey) === leadId) shared.push('source');
  if (entry.keys.domain && owners.domain.get(entry.keys.domain) === leadId) shared.push('domain');
  if (entry.keys.nameKey && owners.nameKey.get(entry.keys.nameKey) === leadId) shared.push('name');
  if (entry.keys.phone && owners.phone.get(entry.keys.phone) === leadId) shared.push('phone');
  for (const email of entry.keys.emails) if (owners.email.get(email) === leadId) shared.push('email');
  return shared;
}

function namesAgree(entry: PreparedLeadCandidate, name: string): boolean {
  return businessNamesAgree(entry.nameWords, businessNameWords(name));
}

/**
 * The stored lead a group is about: of the leads some member matches strongly (see
 * `leadMatchStrength`), the one its keys point at most strongly, the oldest on a tie. When members
 * only match a lead weakly (a lone phone or address, names that differ), the group is not merged:
 * `weak` names that lead, unless an earlier import already made this business its possible
 * duplicate, which is then the lead.
 */
const NO_STORED_LEAD = Object.freeze({ primary: null, weak: null });

export function chooseLead(group: PreparedLeadCandidate[], owners: KeyOwners): { primary: StoredLead | null; weak: PossibleDuplicate | null } {
  const points = new Map<string, number>();
  const strong = new Set<string>();
  const add = (leadId: string | undefined, value: number) => {
    if (leadId) points.set(leadId, (points.get(leadId) ?? 0) + value);
  };
  for (const entry of group) {
    if (entry.keys.nameKey) add(owners.nameKey.get(entry.keys.nameKey), MATCH_STRENGTH.name);
    if (entry.keys.domain) add(owners.domain.get(entry.keys.domain), MATCH_STRENGTH.domain);
    if (entry.keys.phone) add(owners.phone.get(entry.keys.phone), MATCH_STRENGTH.phone);
    for (const email of entry.keys.emails) add(owners.email.get(email), MATCH_STRENGTH.email);
    if (entry.sourceKey) add(owners.source.get(entry.sourceKey), MATCH_STRENGTH.source);
  }
  // Most groups of a large import share no key with any stored lead.
  if (points.size === 0) return NO_STORED_LEAD;
  for (const leadId of points.keys()) {
    const lead = owners.leads.get(leadId);
    if (lead && group.some((entry) => leadMatchStrength(keysSharedWithLead(entry, leadId, owners), namesAgree(entry, lead.fields.name)) === 'strong')) {
      strong.add(leadId);
    }
  }
  const primary = best(points, owners, (leadId) => strong.has(leadId));
  if (primary) return { primary, weak: null };
  const weakLead = best(points, owners, () => true);
  if (!weakLead) return { primary: null, weak: null };
  const [first] = group as [PreparedLeadCandidate, ...PreparedLeadCandidate[]];
  const knownDuplicate = (owners.duplicatesOf.get(weakLead.id) ?? []).find((lead) => namesAgree(first, lead.fields.name));
  if (knownDuplicate) return { primary: knownDuplicate, weak: null };
  const phone = group.map((entry) => entry.keys.phone).find((value) => value !== null && owners.phone.get(value) === weakLead.id);
  const emails = [...new Set(group.flatMap((entry) => entry.keys.emails.filter((email) => owners.email.get(email) === weakLead.id)))];
  return {
    primary: null,
    weak: {
      leadId: weakLead.id,
      name: weakLead.fields.name,
      on: [...(phone ? (['phone'] as const) : []), ...emails.map(() => 'email' as const)],
      evidence: { ...(phone ? { phone } : {}), ...(emails.length > 0 ? { emails } : {}) },
    },
  };
}

function best(points: Map<string, number>, owners: KeyOwners, eligible: (leadId: string) => boolean): StoredLead | null {
  let chosen: StoredLead | null = null;
  let chosenPoints = 0;
  for (const [leadId, value] of points) {
    const lead = owners.leads.get(leadId);
    if (!lead || !eligible(leadId)) continue;
    const better =
      value > chosenPoints ||
      (value === chosenPoints && chosen !== null && (lead.firstSeenAt < chosen.firstSeenAt || (lead.firstSeenAt.getTime() === chosen.firstSeenAt.getTime() && lead.id < chosen.id)));
    if (better) {
      chosen = lead;
      chosenPoints = value;
    }
  }
  return chosen;
}

/**
 * For a new lead's group that no stored lead matches: a lead of this chunk that took one of its
 * phones or addresses (the groups share only that, or they would be one group).
 */
export function claimedDuplicate(group: PreparedLeadCandidate[], claims: KeyClaims, targets: Map<string, Target>): PossibleDuplicate | null {
  if (claims.phone.size === 0 && claims.email.size === 0) return null;
  for (const entry of group) {
    const phoneOwner = entry.keys.phone ? claims.phone.get(entry.keys.phone) : undefined;
    if (phoneOwner === undefined && entry.keys.emails.length === 0) continue;
    const emailOwners = entry.keys.emails.map((email) => ({ email, owner: claims.email.get(email) }));
    const ownerId = phoneOwner ?? emailOwners.find((claim) => claim.owner !== undefined)?.owner;
    const owner = ownerId ? targets.get(ownerId) : undefined;
    if (!owner) continue;
    const phone = phoneOwner === owner.id ? entry.keys.phone! : undefined;
    const emails = emailOwners.filter((claim) => claim.owner === owner.id).map((claim) => claim.email);
    return {
      leadId: owner.id,
      name: owner.fields.name,
      on: [...(phone ? (['phone'] as const) : []), ...emails.map(() => 'email' as const)],
      evidence: { ...(phone ? { phone } : {}), ...(emails.length > 0 ? { emails } : {}) },
    };
  }
  return null;
}

export function targetState(target: Target): string {
  return JSON.stringify([target.nameKey, target.domain, target.campaignId, target.fields, [...target.emails].sort()]);
}

/** The keys a candidate shares with the lead as it stands before the candidate is applied. */
function keysSharedWithTarget(target: Target, entry: PreparedLeadCandidate, owners: KeyOwners): LeadKeyKind[] {
  const shared: LeadKeyKind[] = entry.sourceKey && owners.source.get(entry.sourceKey) === target.id ? ['source'] : [];
  if (entry.sourceKey && shared.length === 0 && target.members.some((member) => member.sourceKey === entry.sourceKey)) shared.push('source');
  if (entry.keys.domain && entry.keys.domain === target.domain) shared.push('domain');
  if (entry.keys.nameKey && entry.keys.nameKey === target.nameKey) shared.push('name');
  if (entry.keys.phone && entry.keys.phone === target.fields.phone) shared.push('phone');
  for (const email of entry.keys.emails) if (target.emails.includes(email)) shared.push('email');
  return shared;
}

export function applyCandidate(
  target: Target,
  entry: PreparedLeadCandidate,
  owners: KeyOwners,
  claims: KeyClaims,
  contributed: Contribution,
  matchedOn: MatchedOn,
): void {
  matchedOn.set(entry.index, keysSharedWithTarget(target, entry, owners));
  const ownedElsewhere = (owner: string | undefined) => owner !== undefined && owner !== target.id;
  // A key another lead owns stays with it; so does the website or phone that carries it.
  const domainFree = entry.keys.domain !== null && !ownedElsewhere(owners.domain.get(entry.keys.domain));
  const phoneTaken = !!entry.keys.phone && (ownedElsewhere(owners.phone.get(entry.keys.phone)) || ownedElsewhere(claims.phone.get(entry.keys.phone)));
  // Copied only to blank what must stay with another lead (most candidates keep everything).
  const incoming: LeadFieldUpdate =
    (entry.keys.domain && !domainFree) || phoneTaken
      ? { ...entry.fields, ...(entry.keys.domain && !domainFree ? { website: null } : {}), ...(phoneTaken ? { phone: null } : {}) }
      : entry.fields;
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
    if (merged.changed.includes('phone') && target.fields.phone) claims.phone.set(target.fields.phone, target.id);
  }
  if (target.nameKey === null && entry.keys.nameKey && !ownedElsewhere(owners.nameKey.get(entry.keys.nameKey))) {
    target.nameKey = entry.keys.nameKey;
    changed = true;
  }
  for (const email of entry.keys.emails) {
    if (owners.email.has(email) || target.emails.includes(email) || ownedElsewhere(claims.email.get(email))) continue;
    target.emails.push(email);
    claims.email.set(email, target.id);
    changed = true;
  }
  if (changed) {
    target.rowChanged = true;
    contributed.set(entry.index, true);
  }
}
