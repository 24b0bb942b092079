import { z } from 'zod';

export const AUTH_LINK_PURPOSES = ['sign_in', 'password_reset'] as const;

/** A one-time link to email; the token is minted by the job, so it never sits in the queue. */
export const ZSendAuthLinkPayload = z.object({
  email: z.email(),
  purpose: z.enum(AUTH_LINK_PURPOSES),
  // The workspaces the recipient was in (or allowlisted by) when the link was asked for: in the
  // sandbox, only admins of all of them see the email. Jobs queued before this field say [].
  workspaceIds: z.array(z.uuid()).max(1000).default([]),
});
