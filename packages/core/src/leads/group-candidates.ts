// Which candidates in one batch are the same business, decided before any stored lead is looked at.
import type { LeadCandidate } from './candidate.ts';
import { leadKeys, type LeadKeys } from './keys.ts';
import { businessNameWords, businessNamesAgree, leadMatchStrength, type LeadKeyKind } from './match-strength.ts';
import { candidateFields, type LeadFields } from './merge.ts';

const MAX_LEAD_NAME_LENGTH = 300;

/** A candidate with its keys and stored-form fields worked out once, and its place in the batch. */
export interface PreparedLeadCandidate {
  index: number;
  candidate: LeadCandidate;
  keys: LeadKeys;
  fields: LeadFields;
  /** `kind\0ref` for sources that identify a business by themselves (not an import row). */
  sourceKey: string | null;
  /** The words of the name the source gave (none for a nameless business), for `businessNamesAgree`. */
  nameWords: string[];
}

/** What grouping reads from a prepared candidate: the keys that identify its business, and its name. */
export type KeyedLeadCandidate = Pick<PreparedLeadCandidate, 'keys' | 'sourceKey' | 'nameWords'>;

// A phone or address shared by more rows than this (a call centre's number on a whole list) is only
// compared with its first holders: enough to join real duplicates without comparing every pair.
const MAX_COMPARED_HOLDERS = 100;

export function prepareLeadCandidate(candidate: LeadCandidate, index: number): PreparedLeadCandidate {
  const keys = leadKeys(candidate);
  const fields = candidateFields(candidate, keys.phone);
  if (fields.name === '') fields.name = keys.domain ?? keys.phone ?? 'Unnamed business';
  fields.name = fields.name.slice(0, MAX_LEAD_NAME_LENGTH);
  const sourceKey = candidate.source.kind === 'import' ? null : `${candidate.source.kind}\u0000${candidate.source.ref}`;
  return { index, candidate, keys, fields, sourceKey, nameWords: businessNameWords(candidate.name) };
}

/** The keys two candidates share, one entry per shared value. */
export function sharedLeadKeys(a: KeyedLeadCandidate, b: KeyedLeadCandidate): LeadKeyKind[] {
  const shared: LeadKeyKind[] = [];
  if (a.sourceKey && a.sourceKey === b.sourceKey) shared.push('source');
  if (a.keys.domain && a.keys.domain === b.keys.domain) shared.push('domain');
  if (a.keys.nameKey && a.keys.nameKey === b.keys.nameKey) shared.push('name');
  if (a.keys.phone && a.keys.phone === b.keys.phone) shared.push('phone');
  for (const email of a.keys.emails) if (b.keys.emails.includes(email)) shared.push('email');
  return shared;
}

/** Whether two candidates are the same business, could be, or have nothing in common. */
export function candidateMatchStrength(a: KeyedLeadCandidate, b: KeyedLeadCandidate) {
  return leadMatchStrength(sharedLeadKeys(a, b), businessNamesAgree(a.nameWords, b.nameWords));
}

/** Every key of a candidate as one string, prefixed by its kind so a phone never equals a name. */
export function leadCandidateKeyStrings(entry: KeyedLeadCandidate): string[] {
  const keys: string[] = [];
  if (entry.keys.nameKey) keys.push(`n:${entry.keys.nameKey}`);
  if (entry.keys.domain) keys.push(`d:${entry.keys.domain}`);
  if (entry.keys.phone) keys.push(`p:${entry.keys.phone}`);
  for (const email of entry.keys.emails) keys.push(`e:${email}`);
  if (entry.sourceKey) keys.push(`s:${entry.sourceKey}`);
  return keys;
}

/**
 * Groups of candidates that are the same business, transitively (union-find): linked by a shared
 * identifying key (name + place, domain, listing), or by a phone or address backed by a second key
 * or an agreeing name. A lone shared phone or address does not join two groups (see
 * `leadMatchStrength`). Each group keeps input order, and groups come in the order of their first member.
 */
export function groupLeadCandidates<T extends KeyedLeadCandidate>(entries: readonly T[]): T[][] {
  const parent = entries.map((_, index) => index);
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
  const holders = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    for (const key of leadCandidateKeyStrings(entry)) {
      if (key.startsWith('p:') || key.startsWith('e:')) {
        let earlier = holders.get(key);
        if (!earlier) holders.set(key, (earlier = []));
        for (const other of earlier) {
          if (find(other) !== find(index) && candidateMatchStrength(entry, entries[other]!) === 'strong') parent[find(index)] = find(other);
        }
        if (earlier.length < MAX_COMPARED_HOLDERS) earlier.push(index);
        continue;
      }
      const other = firstWithKey.get(key);
      if (other === undefined) firstWithKey.set(key, index);
      else parent[find(index)] = find(other);
    }
  });
  const groups = new Map<number, T[]>();
  entries.forEach((entry, index) => {
    const root = find(index);
    const group = groups.get(root);
    if (group) group.push(entry);
    else groups.set(root, [entry]);
  });
  return [...groups.values()];
}
