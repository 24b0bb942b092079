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
