// Both run on every cell of an import (a million rows is millions of calls), so the text most cells
// hold (plain ASCII, already tidy) takes a path without Unicode normalisation or extra copies; the
// answers are the same as the general path's.

// ASCII has nothing to decompose, no combining marks and no "ß"; its letters and digits are [a-z0-9].
const NOT_ASCII = /[\u0080-\uffff]/;

/**
 * Folds text for comparison: accents removed, lower case, punctuation as spaces, spaces collapsed.
 * "Café Müller-Straße" and "cafe muller strasse" compare equal.
 */
export function foldText(text: string): string {
  if (NOT_ASCII.test(text)) return foldAnyText(text);
  return text.toLowerCase().replace(/['`]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** `foldText` for text in any script: the general path, which the tests hold the ASCII path to. */
export function foldAnyText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// What tidying would change: a NUL, white space at either end, two white-space characters in a row,
// or one that is not a plain space. Text without any of these is returned as it is.
const UNTIDY = /\0|^\s|\s$|\s\s|[^\S ]/;

/** Trimmed text, or null when nothing is left. */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (!UNTIDY.test(value)) return value;
  const tidied = tidyText(value);
  return tidied === '' ? null : tidied;
}

/** The text without NUL, its white space collapsed to single spaces and trimmed: `cleanText`'s general path. */
export function tidyText(value: string): string {
  // NUL cannot be stored in a Postgres text column; scraped pages occasionally contain one.
  return value.replaceAll(String.fromCharCode(0), '').replace(/\s+/g, ' ').trim();
}
