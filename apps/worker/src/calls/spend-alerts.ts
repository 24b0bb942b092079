// The workspace daily call spend alert: the first tick after a UTC day's call cost passes a workspace's
// threshold writes one alert row for that day (its key makes it once a day, whichever worker gets there
// first); the board lists the workspace's alerts.
import { spendAlertDue, spendDay } from '@switchboard/core';
import { recordCallSpendAlert, workspaceCallSpendToday, type Sql } from '@switchboard/db';

export async function raiseCallSpendAlerts(sql: Sql, now: Date): Promise<{ workspaceId: string; spentUsd: number }[]> {
  const raised: { workspaceId: string; spentUsd: number }[] = [];
  for (const row of await workspaceCallSpendToday(sql, now)) {
    if (!spendAlertDue({ thresholdUsd: row.thresholdUsd, spentTodayUsd: row.spentTodayUsd, alreadyAlertedToday: row.alerted })) continue;
    const day = spendDay(now);
    if (await recordCallSpendAlert(sql, { workspaceId: row.workspaceId, day, thresholdUsd: row.thresholdUsd, spentUsd: row.spentTodayUsd })) {
      raised.push({ workspaceId: row.workspaceId, spentUsd: row.spentTodayUsd });
    }
  }
  return raised;
}
