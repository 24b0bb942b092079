import { generateToken, hashToken } from '@switchboard/core/crypto';
import { createOneTimeLink } from '@switchboard/db';
import { sendEmailOnce } from '../adapters/email/index.ts';
import { defineQueueJob } from './define-queue-job.ts';

const LINKS = {
  sign_in: { ttlMs: 15 * 60 * 1000, path: '/auth/link', subject: 'Your Switchboard sign-in link' },
  password_reset: { ttlMs: 60 * 60 * 1000, path: '/reset-password', subject: 'Set your Switchboard password' },
} as const;

/**
 * Emails a one-time link. The token is minted here, only once the send is certain, so it is never
 * stored anywhere but in the email itself (the database keeps its hash).
 */
export const sendAuthLinkJob = defineQueueJob('auth.send-link', {
  retry: { limit: 3, delaySeconds: 5, backoff: true },
  expireInSeconds: 60,
  // A link that could not go out within ten minutes is better asked for again.
  retentionSeconds: 600,
  async handler(payload, { sql, email, publicUrl, jobId, log }) {
    const link = LINKS[payload.purpose];
    const outcome = await sendEmailOnce(
      sql,
      email,
      {
        to: payload.email,
        subject: link.subject,
        text: '',
        idempotencyKey: `auth-link:${jobId}`,
        workspaceId: null,
        recipientWorkspaceIds: payload.workspaceIds,
      },
      async () => {
        const token = generateToken();
        await createOneTimeLink(sql, { tokenHash: hashToken(token), purpose: payload.purpose, email: payload.email, ttlMs: link.ttlMs, nextPath: payload.nextPath });
        const minutes = link.ttlMs / 60_000;
        const url = `${publicUrl}${link.path}?token=${token}`;
        const text = [
          payload.purpose === 'sign_in' ? 'Sign in to Switchboard with this link:' : 'Set your Switchboard password with this link:',
          '',
          url,
          '',
          `It works once, for ${minutes} minutes. If you did not ask for it, ignore this email.`,
        ].join('\n');
        return { text, secretLink: url };
      },
    );
    if (outcome === 'in_doubt') log.warn('an earlier attempt may have sent this link; not sending it again');
  },
});
