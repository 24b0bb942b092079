import { appendAudit, createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createCaller } from '../../root.ts';
import { testContext } from '../../testing/context.ts';

let database: TestDatabase;
let sql: Sql;
let admin: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'audit-test' });
  admin = await createMember(sql, { email: 'admin@acme.test', role: 'admin' });
  const other = await createMember(sql, { email: 'other@other.test', role: 'admin', workspaceName: 'Other' });
  for (const [workspaceId, actorLabel, action] of [
    [admin.workspaceId, 'admin@acme.test', 'allowlist.add'],
    [admin.workspaceId, 'ops@acme.test', 'auth.sign_in'],
    [admin.workspaceId, 'admin@acme.test', 'member.role_change'],
    [other.workspaceId, 'other@other.test', 'allowlist.add'],
  ] as const) {
    await appendAudit(sql, { workspaceId, actorUserId: null, actorLabel, action });
  }
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

describe('audit.list', () => {
  const caller = () =>
    createCaller(testContext(sql, { user: { id: admin.userId, email: admin.email, role: 'admin' }, workspace: { id: admin.workspaceId, name: 'Acme', slug: 'acme' } }));

  it("shows this workspace's entries newest first, filtered by actor, action and date", async () => {
    const all = await caller().audit.list({});
    expect(all.entries.map((entry) => entry.action)).toEqual(['member.role_change', 'auth.sign_in', 'allowlist.add']);
    expect((await caller().audit.list({ actor: 'ops@' })).entries.map((entry) => entry.action)).toEqual(['auth.sign_in']);
    // `%` and `_` are the characters typed, not wildcards: no actor's label contains them.
    expect((await caller().audit.list({ actor: '%' })).entries).toEqual([]);
    expect((await caller().audit.list({ actor: '_' })).entries).toEqual([]);
    expect((await caller().audit.list({ action: 'allowlist.add' })).entries).toHaveLength(1);
    const today = new Date().toISOString().slice(0, 10);
    expect((await caller().audit.list({ from: today, to: today })).entries).toHaveLength(3);
    expect((await caller().audit.list({ to: '2000-01-01' })).entries).toHaveLength(0);
  });

  it('pages with a cursor', async () => {
    const first = await caller().audit.list({ limit: 2 });
    expect(first.entries).toHaveLength(2);
    const second = await caller().audit.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.entries.map((entry) => entry.action)).toEqual(['allowlist.add']);
    expect(second.nextCursor).toBeNull();
  });

  it('keeps newest-first order across pages once ids reach two digits', async () => {
    for (let index = 0; index < 12; index += 1) {
      await appendAudit(sql, { workspaceId: admin.workspaceId, actorUserId: null, actorLabel: 'bulk@acme.test', action: `bulk.step_${index}` });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await caller().audit.list({ actor: 'bulk@', limit: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...page.entries.map((entry) => entry.action));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, index) => `bulk.step_${11 - index}`));
  });

  it('refuses a malformed date with a message', async () => {
    await expect(caller().audit.list({ from: 'yesterday' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
