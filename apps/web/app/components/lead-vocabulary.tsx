import type { LeadConfidence, LeadStatus, RejectReason } from '@switchboard/core';
import type { LeadImportField } from '@switchboard/core/lead-import';
import { useRouteLoaderData } from '@remix-run/react';

export interface LeadVocabulary {
  statuses: { value: LeadStatus; label: string }[];
  confidences: LeadConfidence[];
  rejectReasons: { value: RejectReason; label: string }[];
  importFields: { field: LeadImportField; label: string; required: boolean }[];
}

const EMPTY: LeadVocabulary = { statuses: [], confidences: [], rejectReasons: [], importFields: [] };

/** The vocabulary the leads layout's loader sent (see utils/vocabulary.server.ts). */
export function useLeadVocabulary(): LeadVocabulary {
  return useRouteLoaderData<{ vocabulary: LeadVocabulary }>('routes/leads')?.vocabulary ?? EMPTY;
}

export function statusLabel(vocabulary: LeadVocabulary, status: LeadStatus): string {
  return vocabulary.statuses.find((entry) => entry.value === status)?.label ?? status;
}

export function rejectReasonLabel(vocabulary: LeadVocabulary, reason: RejectReason): string {
  return vocabulary.rejectReasons.find((entry) => entry.value === reason)?.label ?? reason;
}
