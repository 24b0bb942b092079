import { SYSTEM_CONFIG_DEFAULTS } from '@switchboard/core';
import { createSql, getSystemConfig, listAudit, type Sql } from '@switchboard/db';
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
  sql = createSql(database.url, { applicationName: 'settings-test' });
  admin = await createMember(sql, { email: 'admin@acme.test', role: 'admin' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const caller = () =>
  createCaller(testContext(sql, { user: { id: admin.userId, email: admin.email, role: 'admin' }, workspace: { id: admin.workspaceId, name: 'Acme', slug: 'acme' } }));

describe('settings', () => {
  it('renames the workspace and sets its time zone, refusing unknown zones', async () => {
    expect(await caller().settings.updateWorkspace({ name: 'Acme EU', timeZone: 'Europe/Berlin' })).toEqual({ name: 'Acme EU', timeZone: 'Europe/Berlin' });
    await expect(caller().settings.updateWorkspace({ name: 'Acme EU', timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const [entry] = await listAudit(sql, { workspaceId: admin.workspaceId, action: 'workspace.update', limit: 1 });
    expect(entry?.summary).toMatchObject({ to: { name: 'Acme EU', timeZone: 'Europe/Berlin' } });
  });

  it('changes system settings within their ranges, with the typed defaults until then', async () => {
    expect((await caller().settings.get()).system).toEqual(SYSTEM_CONFIG_DEFAULTS);
    await caller().settings.updateSystemConfig({ key: 'default_concurrency_cap', value: 3 });
    expect((await getSystemConfig(sql)).default_concurrency_cap).toBe(3);
    await expect(caller().settings.updateSystemConfig({ key: 'default_concurrency_cap', value: 0 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'default_concurrency_cap must be a whole number in its allowed range.',
    });
  });
});
