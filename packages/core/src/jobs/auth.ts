import { z } from 'zod';
import { SIGN_IN_NEXT_MAX_LENGTH } from '../identity/sign-in-limits.ts';

export const AUTH_LINK_PURPOSES = ['sign_in', 'password_reset'] as const;

/** A one-time link to email; the token is minted by the job, so it never sits in the queue. */
export const ZSendAuthLinkPayload = z.object({
  email: z.email(),
  purpose: z.enum(AUTH_LINK_PURPOSES),
  // The workspaces the recipient was in (or allowlisted by) when the link was asked for: in the
  // sandbox, only admins of all of them see the email. Jobs queued before this field say [].
  workspaceIds: z.array(z.uuid()).max(1000).default([]),
  // The page a sign-in link returns to, stored with the link; the web checks it again when the link is used.
  nextPath: z.string().max(SIGN_IN_NEXT_MAX_LENGTH).nullable().default(null),
});
