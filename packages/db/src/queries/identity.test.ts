import { hashToken } from '@switchboard/core/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { createSql, type Sql } from '../client.ts';
import type { TestDatabase } from '../testing/index.ts';
import { addAllowlistEntry, allowlistEntriesFor } from './allowlist.ts';
import { appendAudit, listAudit } from './audit-log.ts';
import { consumeOneTimeLink, createOneTimeLink } from './one-time-links.ts';
import { createSession, findSession, revokeUserSessions } from './sessions.ts';
import { recentSignInFailures, recordSignInAttempt } from './sign-in-attempts.ts';
import { addMember, findUserByEmail, upsertUser } from './users.ts';
import { availableSlug, createWorkspace } from './workspaces.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'identity-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('identity storage', () => {
  it('stores users by normalised email and finds them case-insensitively', async () => {
    const user = await upsertUser(sql, { email: '  Jane@Acme.COM ' });
    expect(user.email).toBe('jane@acme.com');
    expect((await findUserByEmail(sql, 'JANE@acme.com'))?.id).toBe(user.id);
    expect((await upsertUser(sql, { email: 'jane@acme.com' })).id).toBe(user.id);
  });

  it('finds allowlist entries by address or domain across workspaces', async () => {
    const workspace = await createWorkspace(sql, { name: 'Acme', slug: await availableSlug(sql, 'Acme') });
    await addAllowlistEntry(sql, { workspaceId: workspace.id, kind: 'domain', value: 'acme.com', role: 'viewer', createdBy: null });
    await addAllowlistEntry(sql, { workspaceId: workspace.id, kind: 'email', value: 'ops@acme.com', role: 'operator', createdBy: null });
    expect((await allowlistEntriesFor(sql, 'Ops@Acme.com')).map((entry) => entry.role).sort()).toEqual(['operator', 'viewer']);
    expect(await allowlistEntriesFor(sql, 'ops@acme.co')).toEqual([]);
    expect(await availableSlug(sql, 'Acme')).toBe('acme-2');
  });

  it('resolves a session to its user and role, and revokes every session of a user', async () => {
    const workspace = await createWorkspace(sql, { name: 'Sessions', slug: 'sessions' });
    const user = await upsertUser(sql, { email: 'sam@sessions.test' });
    await addMember(sql, { workspaceId: workspace.id, userId: user.id, role: 'operator' });
    await createSession(sql, { tokenHash: hashToken('a'), userId: user.id, workspaceId: workspace.id, ip: '10.0.0.1', userAgent: 'test' });
    await createSession(sql, { tokenHash: hashToken('b'), userId: user.id, workspaceId: workspace.id, ip: null, userAgent: null });
    expect(await findSession(sql, hashToken('a'))).toMatchObject({ email: 'sam@sessions.test', role: 'operator', revokedAt: null });
    expect(await sql.begin((tx) => revokeUserSessions(tx, user.id))).toBe(2);
    expect((await findSession(sql, hashToken('b')))?.revokedAt).toBeInstanceOf(Date);
    expect(await findSession(sql, hashToken('unknown'))).toBeNull();
  });

  it('lets a one-time link be used once, for its purpose, before it expires', async () => {
    await createOneTimeLink(sql, { tokenHash: hashToken('link'), purpose: 'sign_in', email: 'jane@acme.com', ttlMs: 60_000 });
    await createOneTimeLink(sql, { tokenHash: hashToken('old'), purpose: 'sign_in', email: 'jane@acme.com', ttlMs: -1_000 });
    expect(await consumeOneTimeLink(sql, hashToken('link'), 'password_reset')).toBeNull();
    const uses = await Promise.all([1, 2, 3].map(() => consumeOneTimeLink(sql, hashToken('link'), 'sign_in')));
    expect(uses.filter(Boolean)).toEqual([{ email: 'jane@acme.com', nextPath: null }]);
    expect(await consumeOneTimeLink(sql, hashToken('old'), 'sign_in')).toBeNull();
  });

  it('keeps the page a sign-in link returns to with the link', async () => {
    await createOneTimeLink(sql, { tokenHash: hashToken('next'), purpose: 'sign_in', email: 'jane@acme.com', ttlMs: 60_000, nextPath: '/leads/import?from=menu' });
    expect(await consumeOneTimeLink(sql, hashToken('next'), 'sign_in')).toEqual({ email: 'jane@acme.com', nextPath: '/leads/import?from=menu' });
  });

  it('counts recent failed sign-ins per account and per IP', async () => {
    await recordSignInAttempt(sql, { email: 'Target@Acme.com', ip: '10.1.1.1', succeeded: false });
    await recordSignInAttempt(sql, { email: 'other@acme.com', ip: '10.1.1.1', succeeded: false });
    await recordSignInAttempt(sql, { email: 'target@acme.com', ip: '10.2.2.2', succeeded: true });
    const failures = await recentSignInFailures(sql, { email: 'target@acme.com', ip: '10.1.1.1', windowMs: 60_000 });
    expect(failures.byAccount).toHaveLength(1);
    expect(failures.byIp).toHaveLength(2);
  });

  it('keeps the audit log append-only', async () => {
    const workspace = await createWorkspace(sql, { name: 'Audit', slug: 'audit' });
    await appendAudit(sql, {
      workspaceId: workspace.id,
      actorUserId: null,
      actorLabel: 'system',
      action: 'allowlist.add',
      targetType: 'allowlist_entry',
      targetId: 'x',
      summary: { value: 'acme.com' },
      ip: '10.0.0.9',
    });
    const [entry] = await listAudit(sql, { workspaceId: workspace.id, limit: 10 });
    expect(entry).toMatchObject({ action: 'allowlist.add', actorLabel: 'system', summary: { value: 'acme.com' }, ip: '10.0.0.9' });
    await expect(sql`update audit_log set action = 'tampered'`).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`).rejects.toThrow(/append-only/);
    expect(await listAudit(sql, { workspaceId: workspace.id, limit: 10, action: 'nothing' })).toEqual([]);
  });
});
