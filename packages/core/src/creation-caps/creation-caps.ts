import { Invalid } from '../errors/index.ts';
import { formatNumber } from '../text/number.ts';

/**
 * How many of a thing a workspace (or one person in it) may hold, and what to tell someone who asks
 * for one more. Callers count under an advisory lock in the same transaction as the insert, so
 * parallel or batched calls cannot all pass the check.
 */
export interface CreationCap {
  readonly max: number;
  /** The refusal: what limit was reached and what to do to make room. */
  readonly refusal: (existing: number, max: number) => string;
}

function creationCap(max: number, refusal: CreationCap['refusal']): CreationCap {
  return Object.freeze({ max, refusal });
}

/**
 * Live (unrevoked, unexpired) API tokens per person per workspace: one per script or integration is
 * plenty, and every live token is a credential to audit. Revoked and expired ones do not count.
 */
export const API_TOKENS_PER_MEMBER_CAP = creationCap(
  25,
  (existing, max) => `You have ${formatNumber(existing)} active API tokens in this workspace; ${formatNumber(max)} is the most one person can have. Revoke one you no longer use to add another.`,
);

/**
 * Campaigns not archived, per workspace. Archived ones do not count: archiving is how people make
 * room, and an archived campaign discovers, sends and calls nothing.
 */
export const OPEN_CAMPAIGNS_CAP = creationCap(
  200,
  (existing, max) => `This workspace has ${formatNumber(existing)} campaigns that are not archived; ${formatNumber(max)} is the most it can have. Archive one to add another.`,
);

/**
 * Every campaign, archived ones included: the Campaigns list shows them all, so creating and
 * archiving in a loop must not grow it without end.
 */
export const ALL_CAMPAIGNS_CAP = creationCap(
  2_000,
  (existing, max) => `This workspace holds ${formatNumber(existing)} campaigns, archived ones included; ${formatNumber(max)} is the most it can. Change the target of an existing campaign instead of adding one.`,
);

/** Mailboxes not archived, per workspace: each sends up to its daily limit, and the rotation reads them all. */
export const OPEN_MAILBOXES_CAP = creationCap(
  50,
  (existing, max) => `This workspace has ${formatNumber(existing)} mailboxes that are not archived; ${formatNumber(max)} is the most it can have. Archive one you no longer send from to add another.`,
);

/** Every mailbox, archived ones included (an archived mailbox keeps its address and its history). */
export const ALL_MAILBOXES_CAP = creationCap(
  500,
  (existing, max) => `This workspace holds ${formatNumber(existing)} mailboxes, archived ones included; ${formatNumber(max)} is the most it can. Send from an existing mailbox instead of adding one.`,
);

/**
 * Allowlist entries per workspace. A domain entry admits everyone at that domain, so a long list is
 * a mistake more often than a need; removing an entry deletes it, so every entry counts.
 */
export const ALLOWLIST_ENTRIES_CAP = creationCap(
  500,
  (existing, max) => `This workspace's allowlist has ${formatNumber(existing)} entries; ${formatNumber(max)} is the most it can have. Remove one, or allow a whole domain instead of single addresses.`,
);

/** Throws Invalid (a 400 with the cap's sentence) when `existing` already fills the cap. */
export function assertRoomFor(cap: CreationCap, existing: number): void {
  if (existing >= cap.max) throw new Invalid(cap.refusal(existing, cap.max));
}
