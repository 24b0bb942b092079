import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors/index.ts';
import {
  ALL_CAMPAIGNS_CAP,
  ALL_MAILBOXES_CAP,
  ALLOWLIST_ENTRIES_CAP,
  API_TOKENS_PER_MEMBER_CAP,
  assertRoomFor,
  OPEN_CAMPAIGNS_CAP,
  OPEN_MAILBOXES_CAP,
} from './creation-caps.ts';

const CAPS = { API_TOKENS_PER_MEMBER_CAP, OPEN_CAMPAIGNS_CAP, ALL_CAMPAIGNS_CAP, OPEN_MAILBOXES_CAP, ALL_MAILBOXES_CAP, ALLOWLIST_ENTRIES_CAP };

describe('assertRoomFor', () => {
  it.each(Object.entries(CAPS))('%s admits one more below the cap and refuses at or above it', (_name, cap) => {
    expect(() => assertRoomFor(cap, 0)).not.toThrow();
    expect(() => assertRoomFor(cap, cap.max - 1)).not.toThrow();
    expect(() => assertRoomFor(cap, cap.max)).toThrow(Invalid);
    expect(() => assertRoomFor(cap, cap.max + 7)).toThrow(Invalid);
  });

  it('says which limit was reached and how to make room', () => {
    expect(() => assertRoomFor(OPEN_CAMPAIGNS_CAP, 200)).toThrow(
      'This workspace has 200 campaigns that are not archived; 200 is the most it can have. Archive one to add another.',
    );
    expect(() => assertRoomFor(API_TOKENS_PER_MEMBER_CAP, 26)).toThrow(
      'You have 26 active API tokens in this workspace; 25 is the most one person can have. Revoke one you no longer use to add another.',
    );
    // Numbers people read have thousands separated.
    expect(() => assertRoomFor(ALL_CAMPAIGNS_CAP, 2_000)).toThrow('This workspace holds 2,000 campaigns, archived ones included; 2,000 is the most it can.');
  });

  it('keeps the archived-included caps above the open ones, so archiving always makes room first', () => {
    expect(ALL_CAMPAIGNS_CAP.max).toBeGreaterThan(OPEN_CAMPAIGNS_CAP.max);
    expect(ALL_MAILBOXES_CAP.max).toBeGreaterThan(OPEN_MAILBOXES_CAP.max);
  });

  it('cannot be loosened at run time', () => {
    expect(Object.isFrozen(OPEN_CAMPAIGNS_CAP)).toBe(true);
  });
});
