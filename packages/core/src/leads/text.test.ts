import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, foldAnyText, foldText, tidyText } from './text.ts';

// Cells as files hold them: mostly ASCII, with the white space and punctuation the fast paths must notice.
const cellText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'aZ09 .,-&\'`’´ß\u0000\t\n\r\u00a0\u2003\u3000\ufeffÉé'), maxLength: 30 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

describe('foldText', () => {
  it('folds accents, case and punctuation', () => {
    expect(foldText('Café Müller-Straße')).toBe('cafe muller strasse');
    expect(foldText("  Joe's  PLUMBING, Inc. ")).toBe('joes plumbing inc');
    expect(foldText('`Back`\tTick\u0000')).toBe('back tick');
  });

  it('answers plain ASCII as the path for any script does (property)', () => {
    fc.assert(fc.property(cellText, (text) => {
      expect(foldText(text)).toBe(foldAnyText(text));
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
      expect(cleanText(text)).toBe(tidyText(text) || null);
    }), { numRuns: 2_000 });
  });
});
