import { RateLimited } from '../errors/index.ts';
import { formatNumber } from '../text/number.ts';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Fresh discovery runs per campaign in any 24 hours. Each start plans every query × location × page
 * again (up to a few thousand tasks and jobs), so a start-pause-start loop must not repeat without
 * end; resuming a paused run starts nothing new and is not counted.
 */
export const DISCOVERY_STARTS_PER_CAMPAIGN = Object.freeze({ max: 10, windowMs: 24 * HOUR_MS });

/**
 * Throws RateLimited when the campaign's runs started within the window (newest first, at most `max`
 * of them) already fill it, saying when the next start is possible.
 */
export function assertDiscoveryStartAllowed(recentStarts: readonly Date[], now: Date): void {
  const { max, windowMs } = DISCOVERY_STARTS_PER_CAMPAIGN;
  const oldestCounted = recentStarts[max - 1];
  if (!oldestCounted) return;
  const retryAfterS = Math.max(1, Math.ceil((oldestCounted.getTime() + windowMs - now.getTime()) / 1000));
  const hours = Math.ceil(retryAfterS / 3600);
  throw new RateLimited(
    `Discovery was started ${formatNumber(max)} times for this campaign in the last 24 hours, the most it can be. Resume a paused run, or start again in ${hours === 1 ? 'an hour' : `${hours} hours`}.`,
    retryAfterS,
  );
}
