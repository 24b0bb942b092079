import { SYSTEM_CONFIG_DEFAULTS } from '@switchboard/core';
import { claimInstanceOwnership, createSql, getSystemConfig, listAudit, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, type TestMember } from '../../../../../tests/accounts.ts';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { createAdmin } from '../../auth/first-run.ts';
import { createCaller } from '../../root.ts';
import { testContext } from '../../testing/context.ts';

let database: TestDatabase;
let sql: Sql;
/** Admin of workspace One and the instance owner. */
let owner: TestMember;
/** Admin of workspace Two, not an owner. */
let twoAdmin: TestMember;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'settings-test' });
  owner = await createMember(sql, { email: 'owner@one.test', role: 'admin', workspaceName: 'One' });
  await claimInstanceOwnership(sql, owner.userId, true);
  twoAdmin = await createMember(sql, { email: 'admin@two.test', role: 'admin', workspaceName: 'Two' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const callerAs = (member: TestMember, name: string) =>
  createCaller(testContext(sql, { user: { id: member.userId, email: member.email, role: 'admin' }, workspace: { id: member.workspaceId, name, slug: name.toLowerCase() } }));
const ownerCaller = () => callerAs(owner, 'One');
const twoCaller = () => callerAs(twoAdmin, 'Two');

describe('settings', () => {
  it('renames the workspace and sets its time zone, refusing unknown zones', async () => {
    expect(await twoCaller().settings.updateWorkspace({ name: 'Two EU', timeZone: 'Europe/Berlin' })).toEqual({ name: 'Two EU', timeZone: 'Europe/Berlin' });
    await expect(twoCaller().settings.updateWorkspace({ name: 'Two EU', timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const [entry] = await listAudit(sql, { workspaceId: twoAdmin.workspaceId, action: 'workspace.update', limit: 1 });
    expect(entry?.summary).toMatchObject({ to: { name: 'Two EU', timeZone: 'Europe/Berlin' } });
    expect(await listAudit(sql, { workspaceId: owner.workspaceId, action: 'workspace.update', limit: 1 })).toEqual([]);
  });

  it('lets the owner change system settings within their ranges, with the typed defaults until then', async () => {
    expect((await ownerCaller().settings.get()).system).toEqual(SYSTEM_CONFIG_DEFAULTS);
    await ownerCaller().settings.updateSystemConfig({ key: 'default_concurrency_cap', value: 3 });
    expect((await getSystemConfig(sql)).default_concurrency_cap).toBe(3);
    await expect(ownerCaller().settings.updateSystemConfig({ key: 'default_concurrency_cap', value: 0 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'default_concurrency_cap must be a whole number in its allowed range.',
    });
  });
});

describe('installation-wide settings', () => {
  it("refuses another workspace's admin, changing nothing", async () => {
    await expect(twoCaller().settings.updateSystemConfig({ key: 'search_daily_quota', value: 0 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only the instance owner can change installation-wide settings.',
    });
    expect((await getSystemConfig(sql)).search_daily_quota).toBe(SYSTEM_CONFIG_DEFAULTS.search_daily_quota);
  });

  it("shows other admins the settings read-only, naming the owner only to the owner's own workspace", async () => {
    // Workspace Two's admin learns an owner exists, never another tenant's address.
    const two = await twoCaller().settings.get();
    expect(two).toMatchObject({ systemEditable: false, owners: [], ownerExists: true });
    expect(JSON.stringify(two)).not.toContain('owner@one.test');
    expect(await ownerCaller().settings.get()).toMatchObject({ systemEditable: true, owners: ['owner@one.test'], ownerExists: true });
  });

  it("puts the owner's change in every workspace's audit log, labelled installation, naming the owner only in their own", async () => {
    await ownerCaller().settings.updateSystemConfig({ key: 'search_daily_quota', value: 40 });
    for (const [caller, actorLabel] of [[ownerCaller(), 'owner@one.test'], [twoCaller(), 'instance owner']] as const) {
      const { entries } = await caller.audit.list({ action: 'system_config.update' });
      expect(entries[0]).toMatchObject({
        scope: 'installation',
        workspaceId: null,
        actorLabel,
        ip: null,
        summary: { key: 'search_daily_quota', from: SYSTEM_CONFIG_DEFAULTS.search_daily_quota, to: 40 },
      });
    }
    // The actor filter matches what is shown, so it is no oracle for the owner's address.
    expect((await twoCaller().audit.list({ actor: 'owner@one' })).entries).toEqual([]);
    expect((await twoCaller().audit.list({ actor: 'instance owner' })).entries.length).toBeGreaterThan(0);
  });

  it("keeps other workspace-less entries (sign-in attempts) out of every workspace's log", async () => {
    await sql`insert into audit_log (workspace_id, actor_label, action) values (null, 'stranger@evil.test', 'auth.sign_in_failed')`;
    const { entries } = await twoCaller().audit.list({ actor: 'stranger@' });
    expect(entries).toEqual([]);
  });
});

describe('instance ownership', () => {
  it('goes to the first admin ever created, and to later ones only when asked for', async () => {
    const fresh = await createTestDatabase();
    const freshSql = createSql(fresh.url, { applicationName: 'settings-test-owner' });
    try {
      const create = (email: string, owner?: boolean) =>
        freshSql.begin((tx) => createAdmin(tx, { email, password: null, workspaceName: email.split('@')[0]!, ...(owner ? { owner } : {}) }, 'cli', null));
      expect((await create('first@one.test')).isOwner).toBe(true);
      expect((await create('second@two.test')).isOwner).toBe(false);
      expect((await create('third@three.test', true)).isOwner).toBe(true);
      const [entry] = await listAudit(freshSql, { workspaceId: (await create('fourth@four.test')).workspaceId, action: 'workspace.create', limit: 1 });
      expect(entry?.summary).toMatchObject({ instanceOwner: false });
    } finally {
      await freshSql.end();
      await fresh.drop();
    }
  });
});
