import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LONE_SURROGATE_MESSAGE, NUL_MESSAGE, safeText, textProblem } from './safe-text.ts';

// Any UTF-16 code unit, lone surrogates and NUL included, weighted towards the surrogate range.
const codeUnit = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.constant(0)).map((unit) => String.fromCharCode(unit));
const anyUtf16 = fc.string({ unit: codeUnit, maxLength: 12 });

describe('textProblem', () => {
  it('accepts ordinary text, emoji and other astral characters', () => {
    for (const value of ['', 'Acme GmbH', 'Zürich', '東京', 'plumbers 🚰', '👩‍👩‍👧', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢']) expect(textProblem(value)).toBeNull();
  });

  it('names NUL and lone surrogates at either end', () => {
    expect(textProblem('a\u0000b')).toBe(NUL_MESSAGE);
    expect(textProblem('\uD83D')).toBe(LONE_SURROGATE_MESSAGE);
    expect(textProblem('x\uDE00')).toBe(LONE_SURROGATE_MESSAGE);
    expect(textProblem('\uDE00\uD83D')).toBe(LONE_SURROGATE_MESSAGE);
  });

  it('refuses exactly what Postgres would refuse or UTF-8 would silently change', () => {
    fc.assert(
      fc.property(anyUtf16, (value) => {
        const storable = !value.includes('\u0000') && Buffer.from(value, 'utf8').toString('utf8') === value;
        expect(textProblem(value) === null).toBe(storable);
      }),
    );
  });
});

describe('safeText', () => {
  it('chains like z.string() and reports the problem as the issue message', () => {
    const name = safeText().trim().min(1).max(10);
    expect(name.parse('  Acme ')).toBe('Acme');
    expect(name.safeParse('Ac\u0000me').error?.issues.map((issue) => issue.message)).toEqual([NUL_MESSAGE]);
    expect(name.safeParse('').success).toBe(false);
  });
});
