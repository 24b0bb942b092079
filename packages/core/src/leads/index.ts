export { LEAD_SOURCE_KINDS, ZLeadCandidate, ZContactCandidate, type LeadSourceKind, type LeadCandidate, type ContactCandidate } from './candidate.ts';
export {
  isDirectoryHost,
  normalizeDomain,
  normalizePhone,
  normalizeLeadEmail,
  emailDomainOf,
  normalizeBusinessName,
  postalCodeFrom,
  nameLocationKey,
  leadKeys,
  type NameLocation,
  type LeadKeys,
} from './keys.ts';
export { countryCode } from './country.ts';
// Under a specific name: a bare `cleanText` would collide with other areas' helpers in the core index.
export { cleanText as cleanLeadText } from './text.ts';
export {
  LEAD_STATUSES,
  LEAD_STATUS_LABELS,
  LEAD_EVENTS,
  LEAD_EVENT_LABELS,
  canTransitionLead,
  transitionLead,
  leadStatusesAllowing,
  leadEventTarget,
  type LeadStatus,
  type LeadEvent,
} from './state-machine.ts';
export { REJECT_REASONS, REJECT_REASON_LABELS, type RejectReason } from './reject-reasons.ts';
export {
  SCORE_REASON_CODES,
  SCORE_REASON_LABELS,
  ZScoreWeights,
  ZScoreWeightOverrides,
  DEFAULT_SCORE_WEIGHTS,
  LEAD_CONFIDENCES,
  CONFIDENCE_THRESHOLDS,
  confidenceFor,
  scoreLead,
  resolveScoreWeights,
  type ScoreReasonCode,
  type ScoreWeights,
  type LeadFacts,
  type ScoreReason,
  type LeadConfidence,
  type LeadScore,
  type ScoreOptions,
} from './score.ts';
export { MAX_SOCIAL_LINKS, mergeLeadFields, candidateFields, type LeadFields, type LeadFieldName, type LeadFieldUpdate } from './merge.ts';
export {
  prepareLeadCandidate,
  leadCandidateKeyStrings,
  groupLeadCandidates,
  sharedLeadKeys,
  candidateMatchStrength,
  type PreparedLeadCandidate,
  type KeyedLeadCandidate,
} from './group-candidates.ts';
export {
  businessNameWords,
  businessNamesAgree,
  leadMatchStrength,
  LEAD_KEY_KIND_LABELS,
  describeLeadKeys,
  type LeadKeyKind,
  type LeadMatchStrength,
} from './match-strength.ts';
