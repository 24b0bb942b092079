import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { spacedRun } from './live-revalidate.ts';

describe('reloads spaced out for streaming topics', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-06-01T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reloads once per gap however many events stream in, the last one included', () => {
    const run = vi.fn();
    const spaced = spacedRun(run);
    spaced.soon(4_000);
    expect(run).toHaveBeenCalledTimes(1);
    // A discovery run: an event every 200 ms for 10 s.
    for (let elapsed = 200; elapsed <= 10_000; elapsed += 200) {
      vi.advanceTimersByTime(200);
      spaced.soon(4_000);
    }
    expect(run).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(4_000);
    // The events after the last reload still get one.
    expect(run).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(60_000);
    expect(run).toHaveBeenCalledTimes(4);
  });

  it('reloads at once for other topics, which also stand for a spaced reload waiting', () => {
    const run = vi.fn();
    const spaced = spacedRun(run);
    spaced.now();
    spaced.soon(4_000);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    spaced.now();
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(10_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('runs nothing after it is cancelled (the page was left)', () => {
    const run = vi.fn();
    const spaced = spacedRun(run);
    spaced.now();
    spaced.soon(4_000);
    spaced.cancel();
    vi.advanceTimersByTime(10_000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
