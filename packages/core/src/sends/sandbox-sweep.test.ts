import { describe, expect, it } from 'vitest';
import { planSandboxRecipient, type SandboxRecipientEvent } from './sandbox-recipient.ts';
import { SANDBOX_SWEEP_GRACE_MS, SANDBOX_SWEEP_WINDOW_MS, sandboxOutcomeOverdueAfterMs, sandboxSweepRange } from './sandbox-sweep.ts';

const sendIds = Array.from({ length: 2000 }, (_, index) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`);
const OUTCOMES: readonly SandboxRecipientEvent[] = ['delivered', 'bounced', 'complained'];
// SANDBOX_EMAIL_TIME_SCALE is positive and at most 10.
const TIME_SCALES = [0.01, 0.5, 1, 3, 10];

describe('sandboxOutcomeOverdueAfterMs', () => {
  it('never takes an email for lost before its planned outcome plus the grace for its job’s retries, at any time scale', () => {
    for (const timeScale of TIME_SCALES) {
      const overdue = sandboxOutcomeOverdueAfterMs(timeScale);
      for (const sendId of sendIds) {
        const outcome = planSandboxRecipient({ seed: 11, sendId, timeScale }).find(({ event }) => OUTCOMES.includes(event))!;
        expect(overdue - outcome.afterMs, `${sendId} at scale ${timeScale}`).toBeGreaterThanOrEqual(SANDBOX_SWEEP_GRACE_MS);
      }
    }
  });

  it('is a few minutes at scale 1 and grows with the time scale', () => {
    expect(sandboxOutcomeOverdueAfterMs(1)).toBe(90_000 + SANDBOX_SWEEP_GRACE_MS);
    expect(sandboxOutcomeOverdueAfterMs(10)).toBe(900_000 + SANDBOX_SWEEP_GRACE_MS);
  });
});

describe('sandboxSweepRange', () => {
  it('reads emails sent within the window and already overdue, a non-empty range at every time scale', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    for (const timeScale of TIME_SCALES) {
      const { sentAfter, sentBefore } = sandboxSweepRange(now, timeScale);
      expect(now.getTime() - sentAfter.getTime()).toBe(SANDBOX_SWEEP_WINDOW_MS);
      expect(now.getTime() - sentBefore.getTime()).toBe(sandboxOutcomeOverdueAfterMs(timeScale));
      expect(sentAfter.getTime()).toBeLessThan(sentBefore.getTime());
    }
  });
});
