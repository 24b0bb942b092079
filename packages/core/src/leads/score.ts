import { z } from 'zod';
import { emailDomainOf } from './keys.ts';
import { foldText } from './text.ts';

export const SCORE_REASON_CODES = [
  'own_domain_email',
  'phone',
  'website_reachable',
  'contact_form',
  'rating',
  'reviews',
  'category_match',
  'fresh',
] as const;
export type ScoreReasonCode = (typeof SCORE_REASON_CODES)[number];

/** How much each reason can add. Only ratios matter: the score is points over the maximum possible. */
const weight = z.number().int().min(0).max(100);
export const ZScoreWeights = z.object({
  own_domain_email: weight,
  phone: weight,
  website_reachable: weight,
  contact_form: weight,
  rating: weight,
  reviews: weight,
  category_match: weight,
  fresh: weight,
}) satisfies z.ZodType<Record<ScoreReasonCode, number>>;
export type ScoreWeights = z.infer<typeof ZScoreWeights>;

/** A campaign's overrides: any subset of the weights. */
export const ZScoreWeightOverrides = ZScoreWeights.partial();

// Reaching a person is what outreach needs, so contact details weigh most; reputation and fit follow.
export const DEFAULT_SCORE_WEIGHTS: Readonly<ScoreWeights> = Object.freeze({
  own_domain_email: 25,
  phone: 15,
  website_reachable: 15,
  contact_form: 10,
  rating: 10,
  reviews: 10,
  category_match: 10,
  fresh: 5,
});

export const SCORE_REASON_LABELS: Readonly<Record<ScoreReasonCode, string>> = Object.freeze({
  own_domain_email: 'Email on its own domain',
  phone: 'Phone number',
  website_reachable: 'Website reachable',
  contact_form: 'Contact form',
  rating: 'Rating',
  reviews: 'Reviews',
  category_match: 'Category matches the campaign',
  fresh: 'Seen recently',
});

export interface LeadFacts {
  domain: string | null;
  emails: string[];
  phone: string | null;
  websiteReachable: boolean | null;
  hasContactForm: boolean | null;
  rating: number | null;
  reviewCount: number | null;
  category: string | null;
  lastSeenAt: Date;
}

export interface ScoreReason {
  code: ScoreReasonCode;
  label: string;
  points: number;
  max: number;
}

export type LeadConfidence = 'high' | 'medium' | 'low';
export const LEAD_CONFIDENCES = ['high', 'medium', 'low'] as const satisfies readonly LeadConfidence[];

export interface LeadScore {
  /** 0..100, an integer. */
  score: number;
  confidence: LeadConfidence;
  reasons: ScoreReason[];
}

export interface ScoreOptions {
  weights?: Partial<ScoreWeights>;
  /** The campaign's target categories; without any, category match is left out of the score. */
  targetCategories?: string[];
  now: Date;
}

// An address at a free-mail provider still reaches someone, so it earns part of the points.
const OTHER_DOMAIN_EMAIL_SHARE = 0.4;
// Ratings below this earn nothing; at RATING_FULL and above, everything.
const RATING_FLOOR = 3;
const RATING_FULL = 4.5;
const REVIEWS_FOR_FULL_POINTS = 100;
const FRESH_FULL_DAYS = 30;
const FRESH_ZERO_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

export const CONFIDENCE_THRESHOLDS = Object.freeze({ high: 70, medium: 40 });

export function confidenceFor(score: number): LeadConfidence {
  if (score >= CONFIDENCE_THRESHOLDS.high) return 'high';
  if (score >= CONFIDENCE_THRESHOLDS.medium) return 'medium';
  return 'low';
}

function isOwnDomain(email: string, domain: string): boolean {
  const emailDomain = emailDomainOf(email);
  return emailDomain === domain || emailDomain.endsWith(`.${domain}`) || domain.endsWith(`.${emailDomain}`);
}

function categoryMatches(category: string, targets: string[]): string | null {
  // Most leads are scored without target categories (an import outside a campaign): nothing to fold.
  if (targets.length === 0) return null;
  const folded = foldText(category);
  if (folded === '') return null;
  for (const target of targets) {
    const wanted = foldText(target);
    if (wanted !== '' && (folded.includes(wanted) || wanted.includes(folded))) return target;
  }
  return null;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** Each reason's share of its weight (0..1) and how it reads. */
function assess(facts: LeadFacts, targets: string[], now: Date): Record<ScoreReasonCode, { share: number; label: string }> {
  const ownEmail = facts.domain ? facts.emails.find((email) => isOwnDomain(email, facts.domain!)) : undefined;
  const emailLabel = ownEmail
    ? `Email on its own domain (${ownEmail})`
    : facts.emails.length > 0
      ? `Email only on another domain (${facts.emails[0]})`
      : 'No email found';
  const rating = facts.rating;
  const reviews = Math.max(0, facts.reviewCount ?? 0);
  const match = facts.category ? categoryMatches(facts.category, targets) : null;
  const ageDays = Math.max(0, (now.getTime() - facts.lastSeenAt.getTime()) / DAY_MS);
  return {
    own_domain_email: { share: ownEmail ? 1 : facts.emails.length > 0 ? OTHER_DOMAIN_EMAIL_SHARE : 0, label: emailLabel },
    phone: { share: facts.phone ? 1 : 0, label: facts.phone ? `Phone number (${facts.phone})` : 'No phone number' },
    website_reachable: {
      share: facts.websiteReachable ? 1 : 0,
      label: facts.websiteReachable === null ? 'Website not checked' : facts.websiteReachable ? 'Website reachable' : 'Website unreachable',
    },
    contact_form: { share: facts.hasContactForm ? 1 : 0, label: facts.hasContactForm ? 'Contact form on the website' : 'No contact form found' },
    rating: {
      share: rating === null ? 0 : clamp01((rating - RATING_FLOOR) / (RATING_FULL - RATING_FLOOR)),
      label: rating === null ? 'No rating' : `Rated ${rating.toFixed(1)}`,
    },
    reviews: {
      share: clamp01(Math.log10(1 + reviews) / Math.log10(1 + REVIEWS_FOR_FULL_POINTS)),
      label: facts.reviewCount === null ? 'No reviews' : `${reviews} review${reviews === 1 ? '' : 's'}`,
    },
    category_match: {
      share: match ? 1 : 0,
      label: match ? `Category matches “${match}”` : facts.category ? `Category “${facts.category}” is not a target` : 'No category',
    },
    fresh: {
      share: clamp01((FRESH_ZERO_DAYS - ageDays) / (FRESH_ZERO_DAYS - FRESH_FULL_DAYS)),
      label: ageDays < 1 ? 'Seen today' : `Seen ${Math.floor(ageDays)} day${Math.floor(ageDays) === 1 ? '' : 's'} ago`,
    },
  };
}

/** The weights a campaign scores with: its overrides over the defaults. */
export function resolveScoreWeights(overrides?: Partial<ScoreWeights>): ScoreWeights {
  const weights: ScoreWeights = { ...DEFAULT_SCORE_WEIGHTS };
  for (const code of SCORE_REASON_CODES) {
    const override = overrides?.[code];
    if (typeof override === 'number' && Number.isFinite(override)) weights[code] = Math.max(0, override);
  }
  return weights;
}

/** A lead's quality 0..100 with the reasons that make it up, under a campaign's weights. */
export function scoreLead(facts: LeadFacts, options: ScoreOptions): LeadScore {
  const weights = resolveScoreWeights(options.weights);
  const targets = options.targetCategories ?? [];
  const assessed = assess(facts, targets, options.now);
  const reasons: ScoreReason[] = [];
  for (const code of SCORE_REASON_CODES) {
    // Without target categories there is nothing to match, so the reason neither adds nor costs.
    if (code === 'category_match' && targets.length === 0) continue;
    const max = weights[code];
    reasons.push({ code, label: assessed[code].label, points: Math.round(max * assessed[code].share * 10) / 10, max });
  }
  const possible = reasons.reduce((sum, reason) => sum + reason.max, 0);
  const earned = reasons.reduce((sum, reason) => sum + reason.points, 0);
  const score = possible === 0 ? 0 : Math.min(100, Math.max(0, Math.round((earned / possible) * 100)));
  return { score, confidence: confidenceFor(score), reasons };
}
