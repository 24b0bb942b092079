// Which shared keys prove that two sightings are one business, and which only suggest it.
import { normalizeBusinessName } from './keys.ts';

/** The kinds of key a candidate can share with another candidate or a stored lead. */
export type LeadKeyKind = 'source' | 'domain' | 'name' | 'phone' | 'email';

/**
 * `strong`: the same business, merge. `weak`: maybe the same business (one shared phone or address
 * and nothing else agrees): keep apart and let a person decide. `none`: nothing shared.
 */
export type LeadMatchStrength = 'strong' | 'weak' | 'none';

// A listing's own id, the business's own website, and its name in its town each identify it alone.
// A phone number or an address does not: answering services, shared offices and agencies put one
// number or mailbox on several businesses' listings.
const IDENTIFYING_KINDS: ReadonlySet<LeadKeyKind> = new Set(['source', 'domain', 'name']);

/**
 * The words of a business name for comparing two names: normalised (legal forms and "the" dropped),
 * one-letter words left out, a plural or possessive "s" taken off ("Joe's" and "Joes" → "joe").
 */
export function businessNameWords(name: string): string[] {
  const words = normalizeBusinessName(name)
    .split(' ')
    .filter((word) => word.length > 1)
    .map((word) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word));
  return [...new Set(words)];
}

/**
 * Two names agree when every word of the shorter is in the longer: "Rosa Bakery" and "Rosa's Bakery
 * LLC", "Joe's Plumbing" and "Joes Plumbing | Emergency repairs". An empty name agrees with nothing.
 */
export function businessNamesAgree(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const longerWords = new Set(longer);
  return shorter.every((word) => longerWords.has(word));
}

/**
 * How sure a match is, from the keys two sightings share (one entry per shared value, so two shared
 * addresses count twice) and whether their names agree. One identifying key, two keys of any kind,
 * or one key with agreeing names is the same business; a lone phone or address is only a hint.
 */
export function leadMatchStrength(shared: readonly LeadKeyKind[], namesAgree: boolean): LeadMatchStrength {
  if (shared.length === 0) return 'none';
  if (shared.some((kind) => IDENTIFYING_KINDS.has(kind)) || shared.length >= 2 || namesAgree) return 'strong';
  return 'weak';
}

/** How a key reads in a sentence: "matched on website and phone". */
export const LEAD_KEY_KIND_LABELS: Readonly<Record<LeadKeyKind, string>> = Object.freeze({
  source: 'same listing',
  domain: 'website',
  name: 'name and place',
  phone: 'phone',
  email: 'email address',
});

/** The shared keys in words, each kind once: ['phone', 'email', 'email'] → "phone and email address". */
export function describeLeadKeys(kinds: readonly LeadKeyKind[]): string {
  const labels = [...new Set(kinds)].map((kind) => LEAD_KEY_KIND_LABELS[kind]);
  if (labels.length <= 1) return labels[0] ?? 'other rows of this file';
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}
