import { describe, expect, it } from 'vitest';
import { DomainPacer } from './domain-pacer.ts';

describe('DomainPacer', () => {
  it('lets the first request to a domain go at once and spaces the next ones', async () => {
    const pacer = new DomainPacer();
    const starts: number[] = [];
    for (let request = 0; request < 3; request += 1) {
      await pacer.turn('acme.com', 40);
      starts.push(performance.now());
      pacer.finished('acme.com');
    }
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(38);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(38);
  });

  it('counts the gap from the end of a slow request', async () => {
    const pacer = new DomainPacer();
    await pacer.turn('acme.com', 30);
    // The request itself takes a while.
    await new Promise((resolve) => setTimeout(resolve, 50));
    pacer.finished('acme.com');
    expect(pacer.waitFor('acme.com', 30)).toBeGreaterThanOrEqual(25);
  });

  it('queues concurrent callers for one domain and leaves other domains alone', async () => {
    const pacer = new DomainPacer();
    const starts: Record<string, number[]> = { a: [], b: [] };
    const began = performance.now();
    await Promise.all(
      ['a', 'a', 'a', 'b'].map(async (domain) => {
        await pacer.turn(domain, 40);
        starts[domain]!.push(performance.now() - began);
      }),
    );
    const a = starts.a!.sort((x, y) => x - y);
    // Measured from the start, not between resumptions: a late first resumption (a busy event loop)
    // would shrink the gap without the pacer being wrong. Timers never fire early, so these hold.
    expect(a[1]!).toBeGreaterThanOrEqual(38);
    expect(a[2]!).toBeGreaterThanOrEqual(78);
    // The other domain does not wait behind this one's pacing.
    expect(starts.b![0]!).toBeLessThan(a[1]!);
  });

  it('stops waiting when the signal aborts', async () => {
    const pacer = new DomainPacer();
    await pacer.turn('acme.com', 10_000);
    const controller = new AbortController();
    const waiting = pacer.turn('acme.com', 10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});
