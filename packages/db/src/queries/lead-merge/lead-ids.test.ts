import { describe, expect, it } from 'vitest';
import { timeOrderedLeadId } from './lead-ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedLeadId', () => {
  it('makes version 7 UUIDs that carry the millisecond they were made in', () => {
    const id = timeOrderedLeadId(Date.UTC(2030, 0, 1));
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1));
  });

  it('sorts ids in the order they were made, even thousands in one millisecond', () => {
    const nowMs = Date.UTC(2031, 5, 1);
    const ids = Array.from({ length: 10_000 }, () => timeOrderedLeadId(nowMs));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });

  it('never goes back when the clock does', () => {
    const later = timeOrderedLeadId(Date.UTC(2032, 0, 1, 0, 0, 1));
    const earlier = timeOrderedLeadId(Date.UTC(2032, 0, 1));
    expect(earlier > later).toBe(true);
  });
});
