import { describe, expect, it } from 'vitest';
import { RateLimited } from '../errors/index.ts';
import { assertDiscoveryStartAllowed, DISCOVERY_STARTS_PER_CAMPAIGN } from './discovery-starts.ts';

const now = new Date('2026-03-02T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe('assertDiscoveryStartAllowed', () => {
  it('allows a start while fewer than the most runs were started in the window', () => {
    expect(() => assertDiscoveryStartAllowed([], now)).not.toThrow();
    const nine = Array.from({ length: DISCOVERY_STARTS_PER_CAMPAIGN.max - 1 }, (_, index) => minutesAgo(index));
    expect(() => assertDiscoveryStartAllowed(nine, now)).not.toThrow();
  });

  it('refuses the next start with the seconds until the oldest counted run leaves the window', () => {
    // Newest first: the oldest of the ten was started 23 hours ago, so room comes in an hour.
    const ten = Array.from({ length: DISCOVERY_STARTS_PER_CAMPAIGN.max }, (_, index) => minutesAgo(index === 9 ? 23 * 60 : index));
    let refusal: unknown;
    try {
      assertDiscoveryStartAllowed(ten, now);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RateLimited);
    expect(refusal).toMatchObject({
      retryAfterSeconds: 3600,
      message: 'Discovery was started 10 times for this campaign in the last 24 hours, the most it can be. Resume a paused run, or start again in an hour.',
    });
  });

  it('never suggests waiting less than a second', () => {
    const ten = Array.from({ length: DISCOVERY_STARTS_PER_CAMPAIGN.max }, () => minutesAgo(24 * 60));
    expect(() => assertDiscoveryStartAllowed(ten, now)).toThrow(expect.objectContaining({ retryAfterSeconds: 1 }));
  });
});
