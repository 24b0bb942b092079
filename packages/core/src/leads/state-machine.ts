import { defineStateMachine } from '../state-machine/define.ts';

export const LEAD_STATUSES = [
  'discovered',
  'enriched',
  'pending_review',
  'approved',
  'rejected',
  'in_outreach',
  'replied',
  'bounced',
  'unsubscribed',
  'converted',
  'closed',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const LEAD_STATUS_LABELS: Readonly<Record<LeadStatus, string>> = Object.freeze({
  discovered: 'Discovered',
  enriched: 'Enriched',
  pending_review: 'Pending review',
  approved: 'Approved',
  rejected: 'Rejected',
  in_outreach: 'In outreach',
  replied: 'Replied',
  bounced: 'Bounced',
  unsubscribed: 'Unsubscribed',
  converted: 'Converted',
  closed: 'Closed',
});

export const LEAD_EVENTS = [
  'enrich',
  'queue_for_review',
  'approve',
  'reject',
  'reopen',
  'start_outreach',
  'mark_replied',
  'mark_bounced',
  'mark_unsubscribed',
  'convert',
  'close',
] as const;
export type LeadEvent = (typeof LEAD_EVENTS)[number];

/** How an event reads after "cannot be": "A lead that is approved cannot be rejected." */
export const LEAD_EVENT_LABELS: Readonly<Record<LeadEvent, string>> = Object.freeze({
  enrich: 'enriched',
  queue_for_review: 'queued for review',
  approve: 'approved',
  reject: 'rejected',
  reopen: 'reopened',
  start_outreach: 'moved to outreach',
  mark_replied: 'marked as replied',
  mark_bounced: 'marked as bounced',
  mark_unsubscribed: 'marked as unsubscribed',
  convert: 'marked as converted',
  close: 'closed',
});

// Nothing reaches outreach without a human approval: only `approve` leads to approved, and only
// approved leads can start outreach.
const TRANSITIONS: Readonly<Record<LeadEvent, { from: readonly LeadStatus[]; to: LeadStatus }>> = Object.freeze({
  enrich: { from: ['discovered'], to: 'enriched' },
  queue_for_review: { from: ['discovered', 'enriched'], to: 'pending_review' },
  approve: { from: ['pending_review'], to: 'approved' },
  reject: { from: ['pending_review'], to: 'rejected' },
  reopen: { from: ['approved', 'rejected'], to: 'pending_review' },
  start_outreach: { from: ['approved'], to: 'in_outreach' },
  mark_replied: { from: ['in_outreach'], to: 'replied' },
  mark_bounced: { from: ['in_outreach'], to: 'bounced' },
  mark_unsubscribed: { from: ['in_outreach', 'replied'], to: 'unsubscribed' },
  convert: { from: ['in_outreach', 'replied'], to: 'converted' },
  close: { from: LEAD_STATUSES.filter((status) => status !== 'closed' && status !== 'converted'), to: 'closed' },
});

const machine = defineStateMachine({
  noun: 'lead',
  transitions: TRANSITIONS,
  eventLabels: LEAD_EVENT_LABELS,
  statusLabel: (status) => LEAD_STATUS_LABELS[status].toLowerCase(),
});

export const canTransitionLead = machine.canTransition;
/** The status a lead moves to; throws `Invalid` with a sentence a person can read when it cannot. */
export const transitionLead = machine.transition;
/** The statuses an event applies to, for SQL that checks the current state: `where status = any(...)`. */
export const leadStatusesAllowing = machine.statusesAllowing;
/** The status an event leads to, whatever the current one. */
export const leadEventTarget = machine.target;
