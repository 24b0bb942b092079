/**
 * Folds text for comparison: accents removed, lower case, punctuation as spaces, spaces collapsed.
 * "Café Müller-Straße" and "cafe muller strasse" compare equal.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Trimmed text, or null when nothing is left. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // NUL cannot be stored in a Postgres text column; scraped pages occasionally contain one.
  const trimmed = value.replaceAll(String.fromCharCode(0), '').replace(/\s+/g, ' ').trim();
  return trimmed === '' ? null : trimmed;
}
