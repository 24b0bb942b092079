import { Conflict, Invalid, normalizeEmail, passwordProblem, type Role } from '@switchboard/core';
import { generateToken, hashToken } from '@switchboard/core/crypto';
import {
  addAllowlistEntry,
  addMember,
  claimInstanceOwnership,
  availableSlug,
  consumeOneTimeLink,
  createOneTimeLink,
  createWorkspace,
  findUserByEmail,
  recordSignIn,
  setPasswordHash,
  upsertUser,
  type Sql,
  type TransactionSql,
} from '@switchboard/db';
import type { RequestOrigin } from '../context.ts';
import { hashPassword } from './password-hashing.ts';
import { startSession } from './sessions.ts';
import { recordEntry } from '../audit/record.ts';

export const SETUP_LINK_TTL_MS = 30 * 60 * 1000;

export async function hasAnyUser(sql: Sql | TransactionSql): Promise<boolean> {
  const [row]: [{ exists: boolean }?] = await sql`select exists (select 1 from users) as exists`;
  return row?.exists ?? false;
}

/** On an empty database, a one-time setup token (30 minutes); null once anyone has an account. */
export async function createSetupToken(sql: Sql): Promise<string | null> {
  if (await hasAnyUser(sql)) return null;
  const token = generateToken();
  await createOneTimeLink(sql, { tokenHash: hashToken(token), purpose: 'setup', email: null, ttlMs: SETUP_LINK_TTL_MS });
  return token;
}

export interface NewAdmin {
  email: string;
  password: string | null;
  workspaceName: string;
  /** Make them an instance owner even when the installation has one (`admin create --owner`). */
  owner?: boolean;
}

/**
 * Creates a workspace with `email` as its admin: the account, the membership and the allowlist entry
 * that lets them sign in. Shared by the setup page and the `switchboard admin create` command.
 */
export async function createAdmin(
  tx: TransactionSql,
  admin: NewAdmin,
  actorLabel: string,
  ip: string | null,
): Promise<{ userId: string; workspaceId: string; isOwner: boolean }> {
  const email = normalizeEmail(admin.email);
  if (admin.password !== null) {
    const problem = passwordProblem(admin.password, email);
    if (problem) throw new Invalid(problem);
  }
  const name = admin.workspaceName.trim();
  if (name.length === 0) throw new Invalid('Give the workspace a name.');
  const workspace = await createWorkspace(tx, { name, slug: await availableSlug(tx, name) });
  const user = await upsertUser(tx, { email });
  if (admin.password !== null) await setPasswordHash(tx, user.id, await hashPassword(admin.password));
  const role: Role = 'admin';
  await addMember(tx, { workspaceId: workspace.id, userId: user.id, role });
  await addAllowlistEntry(tx, { workspaceId: workspace.id, kind: 'email', value: email, role, createdBy: user.id });
  // The first admin ever created owns the installation; later ones only when asked for.
  const isOwner = await claimInstanceOwnership(tx, user.id, admin.owner ?? false);
  await recordEntry(tx, {
    workspaceId: workspace.id,
    actorUserId: actorLabel === email ? user.id : null,
    actorLabel,
    action: 'workspace.create',
    targetType: 'workspace',
    targetId: workspace.id,
    summary: { name, admin: email, instanceOwner: isOwner },
    ip,
  });
  return { userId: user.id, workspaceId: workspace.id, isOwner };
}

/** Uses the setup token: first admin, first workspace, and a signed-in session for them. */
export async function completeSetup(sql: Sql, input: NewAdmin & { token: string } & RequestOrigin): Promise<{ sessionToken: string; workspaceId: string }> {
  return sql.begin(async (tx) => {
    // Serialises concurrent setups: only the first can find the database empty.
    await tx`lock table users in share row exclusive mode`;
    if (await hasAnyUser(tx)) throw new Conflict('Switchboard is already set up. Sign in instead.');
    if (!(await consumeOneTimeLink(tx, hashToken(input.token), 'setup'))) {
      throw new Invalid('This setup link has expired or was already used. Restart Switchboard to print a new one.');
    }
    if (await findUserByEmail(tx, input.email)) throw new Conflict('That email already has an account.');
    const created = await createAdmin(tx, input, normalizeEmail(input.email), input.ip);
    const sessionToken = await startSession(tx, { userId: created.userId, workspaceId: created.workspaceId, ip: input.ip, userAgent: input.userAgent });
    // Setup signs the admin in: it counts as their first sign-in, on the Members page and in the audit log.
    await recordSignIn(tx, created.userId);
    const email = normalizeEmail(input.email);
    await recordEntry(tx, {
      workspaceId: created.workspaceId,
      actorUserId: created.userId,
      actorLabel: email,
      action: 'auth.sign_in',
      summary: { method: 'setup' },
      ip: input.ip,
    });
    return { sessionToken, workspaceId: created.workspaceId };
  });
}
