import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, foldText } from './text.ts';

// The general paths as they were before the fast paths for plain text: the answers must not differ.
function foldTextGeneral(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function cleanTextGeneral(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.replaceAll(String.fromCharCode(0), '').replace(/\s+/g, ' ').trim();
  return trimmed === '' ? null : trimmed;
}

// Cells as files hold them: mostly ASCII, with the white space and punctuation the fast paths must notice.
const cellText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'aZ09 .,-&\'`’´ß\u0000\t\n\r\u00a0\u2003\u3000\ufeffÉé') , maxLength: 30 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

describe('foldText', () => {
  it('folds accents, case and punctuation', () => {
    expect(foldText('Café Müller-Straße')).toBe('cafe muller strasse');
    expect(foldText("  Joe's  PLUMBING, Inc. ")).toBe('joes plumbing inc');
    expect(foldText('`Back`\tTick\u0000')).toBe('back tick');
  });

  it('answers plain ASCII as the general path does (property)', () => {
    fc.assert(fc.property(cellText, (text) => {
      expect(foldText(text)).toBe(foldTextGeneral(text));
    }), { numRuns: 2_000 });
  });
});

describe('cleanText', () => {
  it('trims, collapses white space and drops NUL; nothing left is null', () => {
    expect(cleanText('  Austin \t TX\n')).toBe('Austin TX');
    expect(cleanText('Aus\u0000tin')).toBe('Austin');
    expect(cleanText('Austin')).toBe('Austin');
    expect(cleanText('a\u00a0b')).toBe('a b');
    expect(cleanText(' \u0000 ')).toBeNull();
    expect(cleanText('')).toBeNull();
    expect(cleanText(null)).toBeNull();
    expect(cleanText(undefined)).toBeNull();
  });

  it('answers tidy text as the general path does (property)', () => {
    fc.assert(fc.property(cellText, (text) => {
      expect(cleanText(text)).toBe(cleanTextGeneral(text));
    }), { numRuns: 2_000 });
  });
});
