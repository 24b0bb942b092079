import { formatNumber } from '../text/number.ts';

// Relationship health of a lead in outreach: how the conversation is going, from what was sent and
// placed (emails, calls) and what came back (replies, answered calls). A score people can sort by, a
// status they can filter on, and the few facts behind both in words.
//
// The rule, in points out of 100:
// - Everyone starts at 45: written to, not yet heard from, is neither good nor bad.
// - A response (a reply or an answered call) adds up to 50, halving every 30 days since the last one:
//   someone who answered this week is a live conversation, someone who answered in spring is not.
// - Each email or call after the last response beyond the first costs 10: one follow-up is normal,
//   every further one unanswered says they are not answering.
// - Opens and clicks add a little (at most 10): interest, but not an answer.
// - A bounce, a spam complaint or a request to stop ends the conversation: the score is capped (20,
//   10 and 5) and the relationship is critical whatever else happened.
// - Ghosting: 3 or more touches since the last response, and that response (or, with none, the last
//   touch) more than 14 days ago. They stopped answering; the score is capped below "at risk".
// - Otherwise: healthy from 60, at risk from 30, critical below.
// More of our own touches never raise the score, and a fresh response never lowers it (tested).

export const RELATIONSHIP_HEALTH_STATUSES = ['healthy', 'at_risk', 'critical', 'ghost'] as const;
export type RelationshipHealthStatus = (typeof RELATIONSHIP_HEALTH_STATUSES)[number];

export const RELATIONSHIP_HEALTH_LABELS: Readonly<Record<RelationshipHealthStatus, string>> = Object.freeze({
  healthy: 'Healthy',
  at_risk: 'At risk',
  critical: 'Critical',
  ghost: 'Ghosting',
});

/** How old a stored score may be before the scheduled refresh scores it again even without new activity. */
export const RELATIONSHIP_HEALTH_MAX_AGE_HOURS = 24;

export const RELATIONSHIP_HEALTH_BASE_SCORE = 45;
export const RELATIONSHIP_RESPONSE_MAX_POINTS = 50;
export const RELATIONSHIP_RESPONSE_HALF_LIFE_DAYS = 30;
export const RELATIONSHIP_UNANSWERED_TOUCH_POINTS = 10;
export const RELATIONSHIP_ENGAGEMENT_MAX_POINTS = 10;
export const RELATIONSHIP_GHOST_MIN_TOUCHES = 3;
export const RELATIONSHIP_GHOST_AFTER_DAYS = 14;
export const RELATIONSHIP_HEALTHY_MIN_SCORE = 60;
export const RELATIONSHIP_AT_RISK_MIN_SCORE = 30;
/** The most reasons shown with a score, most important first. */
export const RELATIONSHIP_HEALTH_MAX_REASONS = 4;

const BOUNCE_MAX_SCORE = 20;
const UNSUBSCRIBE_MAX_SCORE = 10;
const COMPLAINT_MAX_SCORE = 5;
const GHOST_MAX_SCORE = RELATIONSHIP_AT_RISK_MIN_SCORE - 1;
const DAY_MS = 86_400_000;

export interface RelationshipSignals {
  emailsSent: number;
  lastEmailSentAt: Date | null;
  emailsOpened: number;
  emailsClicked: number;
  bounces: number;
  complaints: number;
  replies: number;
  lastReplyAt: Date | null;
  autoReplies: number;
  unsubscribeRequested: boolean;
  callsPlaced: number;
  callsAnswered: number;
  lastCallAt: Date | null;
  lastAnsweredCallAt: Date | null;
  /** Emails sent and calls placed after the last response (a reply or an answered call); all of them when there was none. */
  touchesSinceLastResponse: number;
}

export interface RelationshipHealth {
  /** 0–100, an integer. */
  score: number;
  status: RelationshipHealthStatus;
  /** Short sentences, most important first, at most RELATIONSHIP_HEALTH_MAX_REASONS. */
  reasons: string[];
  lastTouchAt: Date | null;
  lastResponseAt: Date | null;
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() >= b.getTime() ? a : b;
}

/** Whole days from `at` to `now`, never negative (a clock a little ahead is "today"). */
function daysBetween(at: Date, now: Date): number {
  return Math.max(0, (now.getTime() - at.getTime()) / DAY_MS);
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}

/** "today", "yesterday", "5 days ago", "3 weeks ago", "4 months ago", "over a year ago". */
export function relationshipAgo(at: Date, now: Date): string {
  const days = Math.floor(daysBetween(at, now));
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  if (days < 365) return `${Math.floor(days / 30)} months ago`;
  return 'over a year ago';
}

function touchNoun(signals: RelationshipSignals, count: number): string {
  if (signals.callsPlaced === 0) return plural(count, 'email');
  if (signals.emailsSent === 0) return plural(count, 'call');
  return `${formatNumber(count)} ${count === 1 ? 'email or call' : 'emails and calls'}`;
}

function statusForScore(score: number): RelationshipHealthStatus {
  if (score >= RELATIONSHIP_HEALTHY_MIN_SCORE) return 'healthy';
  if (score >= RELATIONSHIP_AT_RISK_MIN_SCORE) return 'at_risk';
  return 'critical';
}

/** The lead's relationship health at `now` from its outreach signals (see the rule above). */
export function assessRelationshipHealth(signals: RelationshipSignals, now: Date): RelationshipHealth {
  const lastTouchAt = latest(signals.lastEmailSentAt, signals.lastCallAt);
  const lastResponseAt = latest(signals.lastReplyAt, signals.lastAnsweredCallAt);
  const touches = Math.max(0, signals.touchesSinceLastResponse);

  const responsePoints = lastResponseAt
    ? RELATIONSHIP_RESPONSE_MAX_POINTS * 0.5 ** (daysBetween(lastResponseAt, now) / RELATIONSHIP_RESPONSE_HALF_LIFE_DAYS)
    : 0;
  const unansweredPoints = RELATIONSHIP_UNANSWERED_TOUCH_POINTS * Math.max(0, touches - 1);
  const engagementPoints = Math.min(RELATIONSHIP_ENGAGEMENT_MAX_POINTS, 2 * Math.max(0, signals.emailsOpened) + 4 * Math.max(0, signals.emailsClicked));
  let score = Math.round(Math.min(100, Math.max(0, RELATIONSHIP_HEALTH_BASE_SCORE + responsePoints - unansweredPoints + engagementPoints)));

  const stops: string[] = [];
  let cap = 100;
  if (signals.complaints > 0) {
    stops.push(signals.complaints === 1 ? 'An email was marked as spam' : `${signals.complaints} emails were marked as spam`);
    cap = Math.min(cap, COMPLAINT_MAX_SCORE);
  }
  if (signals.unsubscribeRequested) {
    stops.push('Asked not to be contacted again');
    cap = Math.min(cap, UNSUBSCRIBE_MAX_SCORE);
  }
  if (signals.bounces > 0) {
    stops.push(signals.bounces === 1 ? 'An email bounced' : `${signals.bounces} emails bounced`);
    cap = Math.min(cap, BOUNCE_MAX_SCORE);
  }

  const quietSince = lastResponseAt ?? lastTouchAt;
  const ghosting = touches >= RELATIONSHIP_GHOST_MIN_TOUCHES && quietSince !== null && daysBetween(quietSince, now) > RELATIONSHIP_GHOST_AFTER_DAYS;

  let status: RelationshipHealthStatus;
  if (stops.length > 0) {
    score = Math.min(score, cap);
    status = 'critical';
  } else if (ghosting) {
    score = Math.min(score, GHOST_MAX_SCORE);
    status = 'ghost';
  } else {
    status = statusForScore(score);
  }

  const answeredByCall = signals.lastAnsweredCallAt !== null && (signals.lastReplyAt === null || signals.lastAnsweredCallAt.getTime() > signals.lastReplyAt.getTime());
  const reasons = [...stops];
  if (touches >= 2 || (touches >= 1 && !lastResponseAt)) {
    const since = lastResponseAt ? `since the last ${answeredByCall ? 'answered call' : 'reply'}` : 'with no reply yet';
    reasons.push(`${touchNoun(signals, touches)} unanswered ${since}`);
  }
  if (lastResponseAt) {
    reasons.push(`${answeredByCall ? 'Answered a call' : 'Replied'} ${relationshipAgo(lastResponseAt, now)}`);
  } else if (signals.autoReplies > 0) {
    reasons.push(signals.autoReplies === 1 ? 'Only an auto-reply so far' : `Only auto-replies so far (${signals.autoReplies})`);
  }
  if (signals.emailsClicked > 0) reasons.push(`Clicked a link in ${plural(signals.emailsClicked, 'email')}`);
  else if (signals.emailsOpened > 0) reasons.push(`Opened ${plural(signals.emailsOpened, 'email')}`);
  if (lastTouchAt && reasons.length === 0) reasons.push(`Last contacted ${relationshipAgo(lastTouchAt, now)}`);

  return { score, status, reasons: reasons.slice(0, RELATIONSHIP_HEALTH_MAX_REASONS), lastTouchAt, lastResponseAt };
}
