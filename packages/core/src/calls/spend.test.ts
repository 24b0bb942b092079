import { describe, expect, it } from 'vitest';
import { callBudgetState, spendAlertDue, spendDay } from './spend.ts';

describe('call budget', () => {
  it('stays open without a budget, whatever was spent', () => {
    expect(callBudgetState(null, 10_000)).toEqual({ open: true, reason: null });
  });

  it('stays open below the budget and closes, saying why, once the spend reaches it', () => {
    expect(callBudgetState(5, 4.99).open).toBe(true);
    const reached = callBudgetState(5, 5);
    expect(reached.open).toBe(false);
    expect(reached.reason).toBe("Calls paused: the campaign's call budget of $5.00 is used up ($5.00 spent).");
    expect(callBudgetState(5, 7.125).reason).toContain('($7.13 spent)');
  });
});

describe('daily spend alert', () => {
  it('is due once the day passes the threshold, and not again the same day', () => {
    expect(spendAlertDue({ thresholdUsd: 20, spentTodayUsd: 20, alreadyAlertedToday: false })).toBe(false);
    expect(spendAlertDue({ thresholdUsd: 20, spentTodayUsd: 20.01, alreadyAlertedToday: false })).toBe(true);
    expect(spendAlertDue({ thresholdUsd: 20, spentTodayUsd: 50, alreadyAlertedToday: true })).toBe(false);
    expect(spendAlertDue({ thresholdUsd: null, spentTodayUsd: 50, alreadyAlertedToday: false })).toBe(false);
  });

  it('counts days in UTC', () => {
    expect(spendDay(new Date('2026-03-01T23:59:59Z'))).toBe('2026-03-01');
    expect(spendDay(new Date('2026-03-02T00:00:00Z'))).toBe('2026-03-02');
  });
});

describe('the number new calls go out from', () => {
  it('is the workspace key’s number, else the environment’s, else the sandbox’s', async () => {
    const { callPhoneNumberId, SANDBOX_CALL_PHONE_NUMBER_ID } = await import('./phone-number.ts');
    expect(callPhoneNumberId({ workspaceKeyNumber: 'pn-own', environmentNumber: 'pn-env' })).toBe('pn-own');
    expect(callPhoneNumberId({ workspaceKeyNumber: null, environmentNumber: 'pn-env' })).toBe('pn-env');
    expect(callPhoneNumberId({ workspaceKeyNumber: null, environmentNumber: null })).toBe(SANDBOX_CALL_PHONE_NUMBER_ID);
  });
});
