// Which candidates in one batch are the same business, decided before any stored lead is looked at.
import type { LeadCandidate } from './candidate.ts';
import { leadKeys, type LeadKeys } from './keys.ts';
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
}

/** What grouping reads from a prepared candidate: the keys that identify its business. */
export type KeyedLeadCandidate = Pick<PreparedLeadCandidate, 'keys' | 'sourceKey'>;

export function prepareLeadCandidate(candidate: LeadCandidate, index: number): PreparedLeadCandidate {
  const keys = leadKeys(candidate);
  const fields = candidateFields(candidate, keys.phone);
  if (fields.name === '') fields.name = keys.domain ?? keys.phone ?? 'Unnamed business';
  fields.name = fields.name.slice(0, MAX_LEAD_NAME_LENGTH);
  const sourceKey = candidate.source.kind === 'import' ? null : `${candidate.source.kind}\u0000${candidate.source.ref}`;
  return { index, candidate, keys, fields, sourceKey };
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
 * Groups of candidates that share any key, transitively (union-find). Each group keeps input order,
 * and groups come in the order of their first member.
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
  entries.forEach((entry, index) => {
    for (const key of leadCandidateKeyStrings(entry)) {
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
