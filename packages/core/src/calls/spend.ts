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

/** Budget the campaign has (null = none) against what its calls cost so far. Reached at equality: the next call would pass it. */
export function callBudgetState(budgetUsd: number | null, spentUsd: number): CallBudgetState {
  if (budgetUsd === null) return { open: true, reason: null };
  if (spentUsd < budgetUsd) return { open: true, reason: null };
  return { open: false, reason: `Calls paused: the campaign's call budget of ${formatUsd(budgetUsd)} is used up (${formatUsd(spentUsd)} spent).` };
}

/**
 * Why a campaign is paused when its calls reached its call budget (the worker pauses it the moment they
 * do). Derived from "paused and budget reached", not stored: raising the budget makes it untrue at once.
 */
export function callBudgetPauseReason(campaignStatus: string, budgetUsd: number | null, spentUsd: number): string | null {
  if (campaignStatus !== 'paused' || budgetUsd === null || spentUsd < budgetUsd) return null;
  return `Campaign paused: its call budget of ${formatUsd(budgetUsd)} is reached (${formatUsd(spentUsd)} spent). Raise the call budget, then resume it.`;
}

/** Why resuming a campaign is refused while its calls' cost is at or past its budget (null: it may resume). */
export function callBudgetResumeRefusal(budgetUsd: number | null, spentUsd: number): string | null {
  if (callBudgetState(budgetUsd, spentUsd).open) return null;
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
