// Resend reports bounces with the SES-style classification: `Permanent` (the address does not exist,
// the domain refuses it), `Transient` (mailbox full, greylisting) or `Undetermined`.

export type BounceKind = 'hard' | 'soft';

/**
 * Only a permanent bounce is hard: it suppresses the address and marks the lead bounced. A transient or
 * undetermined one may deliver on a later try, so it only counts as a delay.
 */
export function bounceKind(bounce: { type?: string | null | undefined } | null | undefined): BounceKind {
  return bounce?.type?.trim().toLowerCase() === 'permanent' ? 'hard' : 'soft';
}
