import { describe, expect, it } from 'vitest';
import { formatLeadCount } from './format.ts';

describe('formatLeadCount', () => {
  it('shows an exact count as it is, and an estimate as one, to two significant figures', () => {
    expect(formatLeadCount({ count: 237, exact: true })).toBe('237');
    expect(formatLeadCount({ count: 1_000, exact: true })).toBe('1,000');
    expect(formatLeadCount({ count: 100_412, exact: false })).toBe('about 100,000');
    expect(formatLeadCount({ count: 5_137, exact: false })).toBe('about 5,100');
    expect(formatLeadCount({ count: 1_001, exact: false })).toBe('about 1,000');
    expect(formatLeadCount({ count: 987_654, exact: false })).toBe('about 990,000');
  });
});
