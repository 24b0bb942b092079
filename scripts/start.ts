// `pnpm start` / `pnpm dev`: one command for the whole product. Starts (or reuses) the database,
// migrates it, builds the dashboard if needed, runs web + worker, and stops all of it on Ctrl-C.
// package.json runs it with `exec`, so no shell sits between pnpm and this process: on Ctrl-C, dash
// kills itself with SIGINT once its child exits, whatever the exit code, and pnpm then reports
// "ELIFECYCLE Command failed" after a clean stop.
import { providerStatuses, secretValues, type Provider } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createSql, loadConfigOrExit, migrate } from '@switchboard/db';
import { resolveDatabase, type ResolvedDatabase } from './lib/database.ts';
import { startChild, stopChildren, type ManagedChild } from './lib/children.ts';
import { resolveMasterSecret } from './lib/master-secret.ts';
import { forgetRunningAddress, recordRunningAddress } from './lib/running-address.ts';
import { sandboxCallSecret } from './lib/sandbox-call-secret.ts';
import { buildWeb, webBuildIsStale } from './lib/web-build.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const dev = process.argv.includes('--dev');
const config = loadConfigOrExit();
/** What the sandbox means per provider, for the start-up line: only what exists today. */
const SANDBOX_MEANS: Record<Provider, string> = {
  email: 'email stays in the local outbox, where a simulated recipient answers it (nobody real receives it)',
  search: 'search uses the sandbox world',
  ai: 'AI writing uses the sandbox writer',
  voice: 'voice calls are simulated by the sandbox caller (no real phone calls)',
};
const log = createLogger({ name: 'switchboard', level: config.LOG_LEVEL, format: config.LOG_FORMAT, secrets: secretValues(config) });

let database: ResolvedDatabase | undefined;
let children: ManagedChild[] = [];
let stopping = false;
let stopRequestedAt = 0;
// One Ctrl-C can arrive twice: the terminal signals the whole foreground group, and pnpm forwards
// its own copy. Only a repeat after this long is someone asking to stop at once.
const REPEATED_SIGNAL_WINDOW_MS = 1_000;

async function shutdown(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await stopChildren(children, log);
    await forgetRunningAddress(config).catch(() => undefined);
    await database?.stop();
    log.info('stopped');
  }
  process.exit(exitCode);
}

// A stop that was asked for ends with exit code 0, so `pnpm start` does not report a failure.
function onStopSignal(signal: NodeJS.Signals): void {
  if (!stopping) {
    stopRequestedAt = Date.now();
    void shutdown(0);
  } else if (Date.now() - stopRequestedAt > REPEATED_SIGNAL_WINDOW_MS) {
    log.warn({ signal }, 'second signal: exiting now; web, worker and PostgreSQL stop on their own');
    process.exit(130);
  }
}

process.on('SIGINT', onStopSignal);
process.on('SIGTERM', onStopSignal);

try {
  // The product owns its database: one a CLI command started is waited out, not shared.
  database = await resolveDatabase(config, log, { whenRunning: 'wait' });
  const sql = createSql(database.url, { applicationName: 'switchboard-launcher', max: 1 });
  const { applied } = await migrate(sql);
  await sql.end();
  if (applied.length > 0) log.info({ applied }, 'migrations applied');

  if (!dev && webBuildIsStale()) {
    log.info('building the dashboard (first run or changed sources)');
    buildWeb();
  }

  const secret = await resolveMasterSecret(config);
  // With no Vapi key, calls go to the worker's sandbox caller, whose webhooks the web server must trust.
  const callSecret = sandboxCallSecret(config);
  const env = { ...process.env, DATABASE_URL: database.url, SANDBOX_CALL_WEBHOOK_SECRET: callSecret, ...(secret ? { SWITCHBOARD_SECRET: secret } : {}) };
  // In watch mode Vite reloads the dashboard itself; Node restarts a process when its server code
  // or a package changes (not on Vite's own temporary files).
  const watch = (...dirs: string[]) => (dev ? dirs.flatMap((dir) => ['--watch-path', `${ROOT}${dir}`]) : []);
  children = [
    startChild('web', `${ROOT}apps/web/server/main.ts`, dev ? ['--dev'] : [], env, watch('apps/web/server', 'packages')),
    startChild('worker', `${ROOT}apps/worker/src/main.ts`, [], env, watch('apps/worker/src', 'packages')),
  ];
  // For CLI commands from other shells (reset links): written once the web server is on its way.
  await recordRunningAddress(config);
  for (const child of children) {
    void child.exited.then((code) => {
      if (stopping) return;
      log.error({ child: child.name, code }, `${child.name} exited unexpectedly; stopping Switchboard`);
      void shutdown(1);
    });
  }
  const statuses = providerStatuses({ ...config, SANDBOX_CALL_WEBHOOK_SECRET: callSecret });
  const sandboxed = statuses.filter((status) => status.mode === 'sandbox').map((status) => status.provider);
  log.info(
    { database: database.description, sandbox: sandboxed },
    sandboxed.length > 0 ? `sandbox (no provider keys): ${sandboxed.map((provider) => SANDBOX_MEANS[provider]).join(', ')}` : 'email, voice calls, search and AI writing live',
  );
} catch (error) {
  log.fatal({ err: error }, error instanceof Error ? error.message : 'start-up failed');
  await shutdown(1);
}
