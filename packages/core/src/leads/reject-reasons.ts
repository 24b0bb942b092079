export const REJECT_REASONS = ['not_a_fit', 'no_contact_details', 'duplicate', 'outside_target_area', 'bad_data', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const REJECT_REASON_LABELS: Readonly<Record<RejectReason, string>> = Object.freeze({
  not_a_fit: 'Not a fit',
  no_contact_details: 'No contact details',
  duplicate: 'Duplicate',
  outside_target_area: 'Outside the target area',
  bad_data: 'Bad data',
  other: 'Other',
});
