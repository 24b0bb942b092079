import { LEAD_STATUS_LABELS, RELATIONSHIP_HEALTH_LABELS } from '@switchboard/core';
import type { LeadHealthRow } from '@switchboard/db';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A lead's stored health as the API answers it: statuses in words, dates as ISO strings. */
export function healthView(row: LeadHealthRow) {
  return {
    ...row,
    statusLabel: RELATIONSHIP_HEALTH_LABELS[row.status],
    leadStatusLabel: LEAD_STATUS_LABELS[row.leadStatus],
    lastTouchAt: iso(row.lastTouchAt),
    lastResponseAt: iso(row.lastResponseAt),
    computedAt: row.computedAt.toISOString(),
  };
}
