// A contact's name as found on a website or in an import often starts with a title ("Dr. Anastasia
// Volkova") or gives only initials ("J. Smith"); a greeting must not say "Hi Dr.," or "Hi J.,".

const TITLES = new Set([
  'dr', 'doctor', 'mr', 'mister', 'mrs', 'ms', 'miss', 'mx', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady',
  'rev', 'revd', 'reverend', 'fr', 'father', 'pastor', 'rabbi', 'imam', 'hon', 'capt', 'captain', 'col', 'gen', 'lt',
  'maj', 'sgt', 'herr', 'frau', 'mme', 'mlle', 'dipl', 'ing', 'mag',
]);

// Letters after the name: "Jane Doe, PhD" or "John Smith Jr." keeps "Doe" / "Smith" as the last name.
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'dds', 'dmd', 'esq', 'mba', 'cpa', 'rn', 'dvm', 'msc', 'bsc']);

/** The word as letters only, lower case: "Dr." → "dr", "Ph.D.," → "phd". */
function bare(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}]/gu, '');
}

/** "J.", "J", "J.R." — letters that stand for a name but are not one. */
function isInitials(word: string): boolean {
  return /^\p{L}\.?$/u.test(word) || /^(\p{L}\.-?){2,3}$/u.test(word);
}

export interface ContactNameParts {
  first: string | null;
  last: string | null;
}

/**
 * "Ann Lee" → first "Ann", last "Lee"; a single word is a first name. Titles in front ("Dr.",
 * "mrs", "Prof") and letters after ("PhD", "Jr.") are left out. A first name that is only
 * initials is unknown, so a template's `| default:` greeting applies; after a title a single
 * word is a surname ("Dr. Volkova" has no first name).
 */
export function contactNameParts(name: string | null): ContactNameParts {
  const words = (name ?? '').trim().split(/[\s,]+/).filter(Boolean);
  let start = 0;
  while (start < words.length && TITLES.has(bare(words[start]!))) start += 1;
  let end = words.length;
  while (end > start + 1 && SUFFIXES.has(bare(words[end - 1]!))) end -= 1;
  const rest = words.slice(start, end);
  if (rest.length === 0) return { first: null, last: null };
  const [first, ...others] = rest as [string, ...string[]];
  const known = isInitials(first) || bare(first) === '' ? null : first;
  if (others.length > 0) return { first: known, last: others.join(' ') };
  return start > 0 ? { first: null, last: known } : { first: known, last: null };
}
