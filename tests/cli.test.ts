import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCaller } from '@switchboard/api';
import { testContext } from '@switchboard/api/testing';
import { createSql, findUserByEmail, isInstanceOwner, listAudit, listMemberships, type Sql } from '@switchboard/db';
import { findFreePort } from '@switchboard/db/embedded';
import type { TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestDatabase } from './database.ts';
import { createMember } from './accounts.ts';
import { cleanEnv, ROOT, startProcess, waitForHttp, type Env } from './processes.ts';

let database: TestDatabase;
let sql: Sql;
const SCRIPT_TIMEOUT_MS = 45_000;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'cli-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

function runCli(args: string[], stdin = ''): Promise<{ code: number | null; output: string }> {
  return runScript('scripts/switchboard.ts', args, cleanEnv({ DATABASE_URL: database.url }), stdin);
}

/** Runs a script to its end, or kills it after `SCRIPT_TIMEOUT_MS` so a hang fails the test with its output. */
function runScript(script: string, args: string[], env: Env, stdin = ''): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: env as NodeJS.ProcessEnv });
    const timer = setTimeout(() => child.kill('SIGKILL'), SCRIPT_TIMEOUT_MS);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdin.end(stdin);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

// Every test runs the CLI as a process, which takes seconds on a busy machine.
describe('pnpm switchboard admin create', { timeout: 60_000 }, () => {
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

/** Polls a URL until stopped, keeping every answer that was not a 200. */
function watchStatus(url: string): { stop(): Promise<string[]> } {
  const failures: string[] = [];
  let watching = true;
  const loop = (async () => {
    while (watching) {
      const status = await fetch(url).then((response) => String(response.status), (error: Error) => error.message);
      if (status !== '200') failures.push(`${new Date().toISOString()} ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      watching = false;
      await loop;
      return failures;
    },
  };
}

describe('the CLI while pnpm start runs on the same data directory', () => {
  it('doctor, admin create and db:migrate use the running database and never stop it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-cli-running-'));
    const port = await findFreePort();
    const env = cleanEnv({ SWITCHBOARD_DATA_DIR: dataDir, PORT: String(port), LOG_FORMAT: 'json' });
    const readyz = `http://127.0.0.1:${port}/readyz`;
    const product = startProcess('scripts/start.ts', env);
    // Runs on a timeout too, where a finally block would not: the product must not outlive the test.
    onTestFinished(async () => {
      if (product.child.exitCode === null) product.child.kill('SIGTERM');
      await product.exited;
    });
    await product.waitForOutput(/embedded PostgreSQL created/, 60_000);
    await waitForHttp(readyz, (response) => response.status === 200, 60_000);
    const postmasterLock = async () => (await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n');
    const postmasterPid = async () => (await postmasterLock())[0];
    const pidBefore = await postmasterPid();
    const watch = watchStatus(readyz);
    onTestFinished(() => watch.stop().then(() => undefined));

    const doctor = await runScript('scripts/doctor.ts', [], env);
    // A missing browser is a warning (discovery works without it), so doctor passes on any machine.
    expect(doctor.code).toBe(0);
    expect(doctor.output).toMatch(/Browser for website scraping:\n {2}[✔⚠] /);
    expect(doctor.output).toMatch(/✔ reachable: PostgreSQL [\d.]+ \(embedded .*run by another Switchboard process\)/);
    expect(doctor.output).toMatch(/✔ migrations: (\d+)\/\1 applied/);

    const admin = await runScript(
      'scripts/switchboard.ts',
      ['admin', 'create', '--email', 'owner@running.test', '--workspace', 'Running', '--password-stdin'],
      env,
      'correct horse battery staple\n',
    );
    expect(admin).toMatchObject({ code: 0, output: expect.stringContaining('with admin owner@running.test.') });

    // From a shell that does not know the product's port, the link still points at the running product.
    const { PORT: _port, ...shellWithoutPort } = env;
    const resetLink = await runScript('scripts/switchboard.ts', ['admin', 'reset-link', '--email', 'owner@running.test'], shellWithoutPort);
    expect(resetLink).toMatchObject({ code: 0, output: expect.stringContaining(`http://localhost:${port}/reset-password?token=`) });

    const migrate = await runScript('scripts/migrate.ts', [], env);
    expect(migrate).toMatchObject({ code: 0, output: expect.stringContaining('already running: using it') });

    expect(await watch.stop()).toEqual([]);
    expect(await postmasterPid()).toBe(pidBefore);
    expect((await fetch(readyz)).status).toBe(200);
    // The admin landed in the product's own database.
    const lock = await postmasterLock();
    const password = (await readFile(join(dataDir, 'pg', 'switchboard-password'), 'utf8')).trim();
    const productSql = createSql(`postgres://switchboard:${encodeURIComponent(password)}@127.0.0.1:${lock[3]}/switchboard`, {
      applicationName: 'cli-test',
      max: 1,
    });
    expect(await findUserByEmail(productSql, 'owner@running.test')).not.toBeNull();
    await productSql.end();
    expect(product.child.exitCode).toBeNull();
    expect(product.output()).not.toMatch(/exited unexpectedly/);
  }, 180_000);
});
