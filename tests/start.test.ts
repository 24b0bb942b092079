import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSql } from '@switchboard/db';
import { findFreePort } from '@switchboard/db/embedded';
import { describe, expect, it } from 'vitest';
import { cleanEnv, processesMentioning, ROOT, startProcess, waitForHttp } from './processes.ts';

const SECRET_KEY = 'sk-never-log-me-9c41b7d2e5f8';
// util-linux `script` gives `pnpm start` a terminal, so Ctrl-C reaches it as it does a person's.
const hasScript = spawnSync('script', ['--version']).status === 0;

async function connectToEmbedded(dataDir: string, port: number) {
  const password = (await readFile(join(dataDir, 'pg', 'switchboard-password'), 'utf8')).trim();
  return createSql(`postgres://switchboard:${encodeURIComponent(password)}@127.0.0.1:${port}/switchboard`, {
    applicationName: 'start-test',
    max: 1,
  });
}

describe('pnpm start', () => {
  it('runs web and worker on the embedded database, stops cleanly on Ctrl-C and keeps the data', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-start-'));
    const port = await findFreePort();
    const env = cleanEnv({ SWITCHBOARD_DATA_DIR: dataDir, PORT: String(port), LOG_FORMAT: 'json', LOG_LEVEL: 'debug', OPENAI_API_KEY: SECRET_KEY });
    const base = `http://127.0.0.1:${port}`;

    const first = startProcess('scripts/start.ts', env);
    const [, pgPort] = await first.waitForOutput(/"port":(\d+).*embedded PostgreSQL created/, 60_000);
    await waitForHttp(`${base}/readyz`, (response) => response.status === 200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const sql = await connectToEmbedded(dataDir, Number(pgPort));
    // A live worker: its heartbeat went through the queue and was recorded.
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const [fresh] = await sql`select 1 from worker_heartbeats where last_seen_at > now() - interval '15 seconds'`;
      if (fresh) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await sql`select 1 from worker_heartbeats where last_seen_at > now() - interval '15 seconds'`).toHaveLength(1);
    await sql`insert into workspaces (name, slug) values ('Kept across restarts', 'kept')`;
    await sql.end();

    // Recorded for CLI commands from other shells while it runs, and gone once it stopped.
    expect((await readFile(join(dataDir, 'running-address'), 'utf8')).trim()).toBe(`http://localhost:${port}`);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(await processesMentioning(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'running-address'))).toBe(false);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();

    const second = startProcess('scripts/start.ts', env);
    const [, secondPgPort] = await second.waitForOutput(/"port":(\d+).*embedded PostgreSQL started/, 60_000);
    await waitForHttp(`${base}/readyz`, (response) => response.status === 200);
    const again = await connectToEmbedded(dataDir, Number(secondPgPort));
    const rows = await again`select name from workspaces where slug = 'kept'`;
    await again.end();
    expect(rows).toEqual([{ name: 'Kept across restarts' }]);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(await processesMentioning(dataDir)).toEqual([]);

    const output = first.output() + second.output();
    expect(output).toContain(
      'sandbox (no provider keys): email stays in the local outbox, where a simulated recipient answers it (nobody real receives it), voice calls are simulated by the sandbox caller (no real phone calls), search uses the sandbox world',
    );
    expect(output).not.toMatch(/not built/);
    // An empty database: the console offers the one-time link that creates the first admin.
    expect(first.output()).toMatch(new RegExp(`http://localhost:${port}/setup\\?token=[A-Za-z0-9_-]{43}`));
    expect(output).not.toContain(SECRET_KEY);
  }, 120_000);

  it('stops everything it started, PostgreSQL included, when start-up fails halfway', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-start-'));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const run = startProcess('scripts/start.ts', cleanEnv({ SWITCHBOARD_DATA_DIR: dataDir, PORT: String(port), LOG_FORMAT: 'json' }));
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`port ${port} is already in use; set PORT to a free port`);
      expect(await processesMentioning(dataDir)).toEqual([]);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('stops at once with one line naming a bad variable', async () => {
    const run = startProcess('scripts/start.ts', cleanEnv({ PORT: 'abc' }));
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toBe('Invalid configuration: PORT must be an integer port number from 1 to 65535 (got "abc")');
  });

  it.skipIf(!hasScript)('ends with exit code 0 and no pnpm failure when Ctrl-C is pressed in a terminal', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-start-'));
    const port = await findFreePort();
    const env = cleanEnv({ SWITCHBOARD_DATA_DIR: dataDir, PORT: String(port), LOG_FORMAT: 'json' });
    // `exec`: the terminal's foreground job is pnpm itself, as when a person types `pnpm start`. Without it a
    // non-interactive /bin/sh (dash, where SHELL is unset) sits between and dies of the same SIGINT (exit 130).
    const terminal = spawn('script', ['-qfec', 'exec pnpm start', '/dev/null'], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: 'pipe' });
    let output = '';
    terminal.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => terminal.once('exit', (code) => resolve(code)));
    try {
      await waitForHttp(`http://127.0.0.1:${port}/readyz`, (response) => response.status === 200, 60_000);
      // What the terminal sends for Ctrl-C: its line discipline signals the foreground process group.
      terminal.stdin.write('\x03');
      expect(await exited).toBe(0);
    } finally {
      if (terminal.exitCode === null) terminal.kill('SIGTERM');
    }
    expect(output).toContain('"msg":"stopped"');
    expect(output).not.toMatch(/ELIFECYCLE|Command failed/);
    expect(await processesMentioning(dataDir)).toEqual([]);
  }, 120_000);
});
