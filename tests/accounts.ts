import { startSession, SESSION_COOKIE } from '@switchboard/api';
import { hashPassword } from '@switchboard/api/testing';
import type { Role } from '@switchboard/core';
import { addAllowlistEntry, addMember, availableSlug, createWorkspace, setPasswordHash, upsertUser, type Sql } from '@switchboard/db';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestMember {
  userId: string;
  email: string;
  workspaceId: string;
  /** A Cookie header value for a live session of this member. */
  cookie: string;
}

/** An allowlisted member with a password and a live session, in a new or given workspace. */
export async function createMember(
  sql: Sql,
  input: { email: string; role: Role; workspaceId?: string; workspaceName?: string },
): Promise<TestMember> {
  const workspaceId =
    input.workspaceId ??
    (await createWorkspace(sql, { name: input.workspaceName ?? 'Acme', slug: await availableSlug(sql, input.workspaceName ?? 'Acme') })).id;
  await addAllowlistEntry(sql, { workspaceId, kind: 'email', value: input.email, role: input.role, createdBy: null });
  const user = await upsertUser(sql, { email: input.email });
  await setPasswordHash(sql, user.id, await hashPassword(TEST_PASSWORD));
  await addMember(sql, { workspaceId, userId: user.id, role: input.role });
  const token = await sql.begin((tx) => startSession(tx, { userId: user.id, workspaceId, ip: null, userAgent: 'vitest' }));
  return { userId: user.id, email: user.email, workspaceId, cookie: `${SESSION_COOKIE}=${token}` };
}
