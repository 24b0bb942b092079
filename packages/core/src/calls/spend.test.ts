import { describe, expect, it } from 'vitest';
import { callBudgetNotice, callBudgetPauseReason, callBudgetPausesCampaign, callBudgetResumeRefusal, callBudgetState, spendAlertDue, spendDay } from './spend.ts';

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

  it('holds every call at $0, saying so in its own words rather than "used up"', () => {
    for (const spent of [0, 3]) {
      expect(callBudgetState(0, spent)).toEqual({ open: false, reason: "No calls are placed: the campaign's call budget is $0. Its queued calls wait until you raise the budget (or clear it for none)." });
    }
  });
});

describe('campaign paused by its call budget', () => {
  it('says so only while the campaign is paused and its budget is reached', () => {
    expect(callBudgetPauseReason('paused', 5, 5)).toBe('Campaign paused: its call budget of $5.00 is reached ($5.00 spent). Raise the call budget, then resume it.');
    expect(callBudgetPauseReason('active', 5, 6)).toBeNull();
    expect(callBudgetPauseReason('paused', 5, 4.99)).toBeNull();
    expect(callBudgetPauseReason('paused', null, 100)).toBeNull();
  });

  it('pauses a campaign when a call’s cost reaches a positive budget, never for a $0 one, which only holds its calls', () => {
    expect(callBudgetPausesCampaign(5, 5)).toBe(true);
    expect(callBudgetPausesCampaign(5, 4.99)).toBe(false);
    expect(callBudgetPausesCampaign(null, 100)).toBe(false);
    expect(callBudgetPausesCampaign(0, 0)).toBe(false);
    expect(callBudgetPausesCampaign(0, 0.4)).toBe(false);
    expect(callBudgetPauseReason('paused', 0, 0.4)).toBeNull();
  });

  it('tells the campaign’s page why it was paused, or that a $0 budget holds its calls whatever its status', () => {
    expect(callBudgetNotice('paused', 5, 6)).toBe(callBudgetPauseReason('paused', 5, 6));
    expect(callBudgetNotice('active', 5, 6)).toBeNull();
    expect(callBudgetNotice('active', null, 6)).toBeNull();
    for (const status of ['draft', 'active', 'paused']) expect(callBudgetNotice(status, 0, 0)).toContain("the campaign's call budget is $0");
  });

  it('refuses to resume until the budget is raised past the spend', () => {
    expect(callBudgetResumeRefusal(5, 5)).toBe("The campaign's call budget of $5.00 is reached ($5.00 spent). Raise the call budget first.");
    expect(callBudgetResumeRefusal(10, 5)).toBeNull();
    expect(callBudgetResumeRefusal(null, 5)).toBeNull();
    // $0 holds calls only: the campaign's other outreach may run (no call's cost paused it).
    expect(callBudgetResumeRefusal(0, 0)).toBeNull();
    expect(callBudgetResumeRefusal(0, 2)).toBeNull();
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
