import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesMentioning } from '../../../../tests/processes.ts';
import { createSql } from '../client.ts';
import { findRunningCluster } from './running-cluster.ts';
import { findFreePort, startEmbeddedPostgres } from './start.ts';

async function freshDir(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'switchboard-embedded-')), 'pg');
}

async function untilNoProcessMentions(fragment: string, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await processesMentioning(fragment);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Each test starts PostgreSQL once or twice: seconds alone, far longer on a busy two-core machine.
const CLUSTER_TEST_TIMEOUT_MS = 90_000;

describe('startEmbeddedPostgres', { timeout: CLUSTER_TEST_TIMEOUT_MS }, () => {
  it('creates a cluster with a generated password, then reuses it with the same password', async () => {
    const dir = await freshDir();
    const first = await startEmbeddedPostgres({ dir });
    expect(first.freshCluster).toBe(true);
    expect(first.url).not.toContain(':password@');
    const sql = createSql(first.url, { applicationName: 'embedded-test', max: 1 });
    await sql`create table kept (value text)`;
    await sql`insert into kept values ('still here')`;
    await sql.end();
    await first.stop();
    expect(await untilNoProcessMentions(dir)).toEqual([]);

    const second = await startEmbeddedPostgres({ dir });
    expect(second.freshCluster).toBe(false);
    expect(second.url.split('@')[0]).toBe(first.url.split('@')[0]);
    const again = createSql(second.url, { applicationName: 'embedded-test', max: 1 });
    expect(await again`select value from kept`).toEqual([{ value: 'still here' }]);
    await again.end();
    await second.stop();
    expect(await untilNoProcessMentions(dir)).toEqual([]);
  });

  it('fails with a clear message and leaves nothing running when the port is taken', async () => {
    const dir = await freshDir();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      await expect(startEmbeddedPostgres({ dir, port })).rejects.toThrow(/PostgreSQL did not start/);
      expect(await untilNoProcessMentions(dir)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('stops PostgreSQL when the process that started it is killed outright', async () => {
    const dir = await freshDir();
    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(new URL('./start.ts', import.meta.url).pathname)};
      await startEmbeddedPostgres({ dir: ${JSON.stringify(dir)} });
      console.log('ready');
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      parent.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
    });
    expect((await processesMentioning(dir)).length).toBeGreaterThan(0);
    parent.kill('SIGKILL');
    expect(await untilNoProcessMentions(dir)).toEqual([]);
  });

  it('connects to the PostgreSQL already running in the directory, and leaves it running when done', async () => {
    const dir = await freshDir();
    const owner = await startEmbeddedPostgres({ dir });
    try {
      const shared = await startEmbeddedPostgres({ dir });
      expect(shared).toMatchObject({ startedHere: false, freshCluster: false, port: owner.port, url: owner.url });
      await shared.stop();
      const sql = createSql(owner.url, { applicationName: 'embedded-test', max: 1 });
      expect(await sql`select 1 as alive`).toEqual([{ alive: 1 }]);
      await sql.end();
    } finally {
      await owner.stop();
    }
    expect(await untilNoProcessMentions(dir)).toEqual([]);
  });

  it('waits for the PostgreSQL another process runs to stop, then starts its own, when told to wait', async () => {
    const dir = await freshDir();
    const other = await startEmbeddedPostgres({ dir });
    const own = startEmbeddedPostgres({ dir, whenRunning: 'wait' });
    let settled = false;
    void own.finally(() => (settled = true)).catch(() => undefined);
    // Still waiting while the other one runs: it neither shares nor stops it.
    const sql = createSql(other.url, { applicationName: 'embedded-test', max: 1 });
    expect(await sql`select 1 as alive`).toEqual([{ alive: 1 }]);
    await sql.end();
    expect(settled).toBe(false);
    await other.stop();
    const started = await own;
    expect(started.startedHere).toBe(true);
    await started.stop();
    expect(await untilNoProcessMentions(dir)).toEqual([]);
  });

  it('refuses with a clear message, and signals nothing, when a live process holds the directory but does not answer', async () => {
    const dir = await freshDir();
    await mkdir(dir, { recursive: true });
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const deadPort = await findFreePort();
      await writeFile(join(dir, 'postmaster.pid'), `${holder.pid}\n${dir}\n0\n${deadPort}\n/tmp\n127.0.0.1\n0 0\nready\n`);
      await writeFile(join(dir, 'switchboard-password'), 'not-used\n');
      await expect(findRunningCluster(dir, { waitMs: 500 })).rejects.toThrow(
        new RegExp(`A PostgreSQL \\(pid ${holder.pid}\\) holds .* but does not accept connections on port ${deadPort}`),
      );
      expect(holder.exitCode).toBeNull();
      expect(holder.signalCode).toBeNull();
    } finally {
      holder.kill();
    }
  });

  it('treats a lock file whose process is gone as stale', async () => {
    const dir = await freshDir();
    await mkdir(dir, { recursive: true });
    const gone = spawn('true');
    await new Promise((resolve) => gone.once('exit', resolve));
    await writeFile(join(dir, 'postmaster.pid'), `${gone.pid}\n${dir}\n0\n5432\n`);
    expect(await findRunningCluster(dir, { waitMs: 500 })).toBeNull();
  });
});
