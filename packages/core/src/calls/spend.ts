/**
 * What voice calls cost, and the limits on it: a campaign's call budget (summed cost of all its calls)
 * and a workspace's daily spend alert. Costs are US dollars as Vapi reports them.
 */

export interface CallBudgetState {
  /** Whether the campaign may place more calls. */
  open: boolean;
  /** Why not, in the words the campaign's page shows; null while open. */
  reason: string | null;
}

const ZERO_BUDGET_REASON = "No calls are placed: the campaign's call budget is $0. Its queued calls wait until you raise the budget (or clear it for none).";

/**
 * A call budget of $0 holds the campaign's calls: none is placed, its queued calls (its own and its
 * sequence's call steps') wait until the budget is raised or cleared, and nothing else stops. Unlike a
 * budget its calls used up, it pauses nothing and blocks no activation: no call's cost reached it.
 */
export function isZeroCallBudget(budgetUsd: number | null): boolean {
  return budgetUsd !== null && budgetUsd <= 0;
}

/** Budget the campaign has (null = none) against what its calls cost so far. Reached at equality: the next call would pass it. */
export function callBudgetState(budgetUsd: number | null, spentUsd: number): CallBudgetState {
  if (budgetUsd === null) return { open: true, reason: null };
  if (isZeroCallBudget(budgetUsd)) return { open: false, reason: ZERO_BUDGET_REASON };
  if (spentUsd < budgetUsd) return { open: true, reason: null };
  return { open: false, reason: `Calls paused: the campaign's call budget of ${formatUsd(budgetUsd)} is used up (${formatUsd(spentUsd)} spent).` };
}

/** Whether a call's cost took the campaign to its call budget, so the worker pauses the campaign: a positive budget used up (never a $0 one, which only holds its calls). */
export function callBudgetPausesCampaign(budgetUsd: number | null, spentUsd: number): boolean {
  return budgetUsd !== null && !isZeroCallBudget(budgetUsd) && spentUsd >= budgetUsd;
}

/**
 * Why a campaign is paused when its calls reached its call budget (the worker pauses it the moment they
 * do). Derived from "paused and budget reached", not stored: raising the budget makes it untrue at once.
 */
export function callBudgetPauseReason(campaignStatus: string, budgetUsd: number | null, spentUsd: number): string | null {
  if (campaignStatus !== 'paused' || !callBudgetPausesCampaign(budgetUsd, spentUsd)) return null;
  return `Campaign paused: its call budget of ${formatUsd(budgetUsd ?? 0)} is reached (${formatUsd(spentUsd)} spent). Raise the call budget, then resume it.`;
}

/** What the campaign's page says about its call budget: why it is paused, or that a $0 budget holds its calls (null: nothing to say). */
export function callBudgetNotice(campaignStatus: string, budgetUsd: number | null, spentUsd: number): string | null {
  if (isZeroCallBudget(budgetUsd)) return ZERO_BUDGET_REASON;
  return callBudgetPauseReason(campaignStatus, budgetUsd, spentUsd);
}

/** Why resuming a campaign is refused while its calls' cost is at or past its (positive) budget (null: it may resume). */
export function callBudgetResumeRefusal(budgetUsd: number | null, spentUsd: number): string | null {
  if (!callBudgetPausesCampaign(budgetUsd, spentUsd)) return null;
  return `The campaign's call budget of ${formatUsd(budgetUsd ?? 0)} is reached (${formatUsd(spentUsd)} spent). Raise the call budget first.`;
}

/**
 * Whether a workspace's daily call spend alert should be raised now: the day's spend passed the
 * threshold and no alert was raised for that day yet (once per day).
 */
export function spendAlertDue(input: { thresholdUsd: number | null; spentTodayUsd: number; alreadyAlertedToday: boolean }): boolean {
  if (input.thresholdUsd === null || input.alreadyAlertedToday) return false;
  return input.spentTodayUsd > input.thresholdUsd;
}

/** The UTC calendar day a moment falls on (YYYY-MM-DD): spend is summed and alerted per UTC day. */
export function spendDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function formatUsd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}
