import { spawn } from 'node:child_process';
import { createCaller } from '@switchboard/api';
import { testContext } from '@switchboard/api/testing';
import { createSql, findUserByEmail, isInstanceOwner, listAudit, listMemberships, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './database.ts';
import { createMember } from './accounts.ts';
import { cleanEnv, ROOT } from './processes.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'cli-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

function runCli(args: string[], stdin = ''): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/switchboard.ts', ...args], {
      cwd: ROOT,
      env: cleanEnv({ DATABASE_URL: database.url }) as NodeJS.ProcessEnv,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdin.end(stdin);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('pnpm switchboard admin create', () => {
  it('creates a workspace with its admin, password from standard input', async () => {
    const run = await runCli(['admin', 'create', '--email', 'Ops@Acme.test', '--workspace', 'Acme', '--password-stdin'], 'correct horse battery staple\n');
    expect(run).toMatchObject({ code: 0 });
    expect(run.output).toMatch(/Created workspace "Acme" \(.+\) with admin ops@acme\.test\./);
    const user = await findUserByEmail(sql, 'ops@acme.test');
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await listMemberships(sql, user!.id)).toEqual([expect.objectContaining({ workspaceName: 'Acme', role: 'admin' })]);
    // The first admin ever created owns the installation.
    expect(run.output).toContain('They are an instance owner');
    expect(await isInstanceOwner(sql, user!.id)).toBe(true);
  });

  it('makes a later admin an instance owner only with --owner', async () => {
    const plain = await runCli(['admin', 'create', '--email', 'plain@two.test', '--workspace', 'Two']);
    expect(plain).toMatchObject({ code: 0 });
    expect(plain.output).not.toContain('instance owner');
    expect(await isInstanceOwner(sql, (await findUserByEmail(sql, 'plain@two.test'))!.id)).toBe(false);
    const owner = await runCli(['admin', 'create', '--email', 'boss@three.test', '--workspace', 'Three', '--owner']);
    expect(owner).toMatchObject({ code: 0, output: expect.stringContaining('They are an instance owner') });
    expect(await isInstanceOwner(sql, (await findUserByEmail(sql, 'boss@three.test'))!.id)).toBe(true);
    // Two CLI start-ups: slow on a busy machine.
  }, 60_000);

  it('explains what is wrong with bad arguments or a weak password', async () => {
    expect(await runCli(['admin', 'create', '--workspace', 'Acme'])).toMatchObject({ code: 2, output: expect.stringContaining('--email must be an email address') });
    expect(await runCli(['admin', 'delete'])).toMatchObject({ code: 2, output: expect.stringContaining('Unknown command: admin delete') });
    const weak = await runCli(['admin', 'create', '--email', 'weak@acme.test', '--workspace', 'Weak', '--password-stdin'], 'short\n');
    expect(weak).toEqual({ code: 1, output: 'Use at least 12 characters.\n' });
    expect(await findUserByEmail(sql, 'weak@acme.test')).toBeNull();
  });
});

describe('pnpm switchboard admin reset-link', () => {
  it('prints a one-time link that sets a new password for a locked-out admin, and says when there is no account', async () => {
    await createMember(sql, { email: 'locked@acme.test', role: 'admin', workspaceName: 'Locked Out' });
    const run = await runCli(['admin', 'reset-link', '--email', 'Locked@Acme.test']);
    expect(run).toMatchObject({ code: 0 });
    const token = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(run.output)?.[1];
    expect(token).toBeDefined();
    const context = testContext(sql);
    await createCaller(context).auth.resetPassword({ token: token!, password: 'my brand new password' });
    expect(context.cookieLog).toEqual([expect.stringMatching(/^set:/)]);
    const user = await findUserByEmail(sql, 'locked@acme.test');
    const [membership] = await listMemberships(sql, user!.id);
    expect((await listAudit(sql, { workspaceId: membership!.workspaceId, limit: 5 })).map((entry) => entry.action)).toContain('auth.reset_link_issued');
    expect(await runCli(['admin', 'reset-link', '--email', 'nobody@acme.test'])).toMatchObject({
      code: 1,
      output: expect.stringContaining('There is no account for nobody@acme.test.'),
    });
    // Two CLI runs, each starting Node and checking migrations.
  }, 60_000);
});
