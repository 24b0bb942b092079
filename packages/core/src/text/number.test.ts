import { describe, expect, it } from 'vitest';
import { formatNumber } from './number.ts';

describe('formatNumber', () => {
  it('separates thousands with commas whatever the machine’s locale', () => {
    expect(formatNumber(2000)).toBe('2,000');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(999)).toBe('999');
  });
});
