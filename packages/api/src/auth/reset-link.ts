import { normalizeEmail, NotFound } from '@switchboard/core';
import { generateToken, hashToken } from '@switchboard/core/crypto';
import { createOneTimeLink, findUserByEmail, type Sql } from '@switchboard/db';
import { assertAllowlisted, workspacesOpenedBy } from './admission.ts';
import { recordEntry } from '../audit/record.ts';

// As long as an emailed reset link lasts (apps/worker/src/jobs/auth.send-link.ts).
export const RESET_LINK_TTL_MS = 60 * 60 * 1000;

/**
 * A one-time password-reset link token for an existing, allowlisted account, handed to whoever runs
 * `pnpm switchboard admin reset-link` on the server: the way back in for a locked-out admin when no
 * email provider is set up. Every workspace the link opens gets an audit entry.
 */
export async function issuePasswordResetLink(sql: Sql, input: { email: string; issuedBy: string }): Promise<string> {
  const email = normalizeEmail(input.email);
  const user = await findUserByEmail(sql, email);
  if (!user) throw new NotFound(`There is no account for ${email}. Create one with: pnpm switchboard admin create`);
  await assertAllowlisted(sql, email);
  const token = generateToken();
  const workspaceIds = await workspacesOpenedBy(sql, email);
  await sql.begin(async (tx) => {
    await createOneTimeLink(tx, { tokenHash: hashToken(token), purpose: 'password_reset', email, ttlMs: RESET_LINK_TTL_MS });
    for (const workspaceId of workspaceIds) {
      await recordEntry(tx, {
        workspaceId,
        actorUserId: null,
        actorLabel: input.issuedBy,
        action: 'auth.reset_link_issued',
        targetType: 'user',
        targetId: user.id,
        summary: { email },
        ip: null,
      });
    }
  });
  return token;
}
