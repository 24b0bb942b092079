// `pnpm start` / `pnpm dev`: one command for the whole product. Starts (or reuses) the database,
// migrates it, builds the dashboard if needed, runs web + worker, and stops all of it on Ctrl-C.
import { providerStatuses, secretValues } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';
import { createSql, loadConfigOrExit, migrate } from '@switchboard/db';
import { resolveDatabase, type ResolvedDatabase } from './lib/database.ts';
import { startChild, stopChildren, type ManagedChild } from './lib/children.ts';
import { resolveMasterSecret } from './lib/master-secret.ts';
import { buildWeb, webBuildIsStale } from './lib/web-build.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const dev = process.argv.includes('--dev');
const config = loadConfigOrExit();
/** What the sandbox means per provider, for the start-up line: only what exists today. */
const SANDBOX_MEANS: Partial<Record<string, string>> = {
  email: 'email stays in the local outbox',
  search: 'search uses the sandbox world',
};
const log = createLogger({ name: 'switchboard', level: config.LOG_LEVEL, format: config.LOG_FORMAT, secrets: secretValues(config) });

let database: ResolvedDatabase | undefined;
let children: ManagedChild[] = [];
let stopping = false;

async function shutdown(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await stopChildren(children, log);
    await database?.stop();
    log.info('stopped');
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  database = await resolveDatabase(config, log);
  const sql = createSql(database.url, { applicationName: 'switchboard-launcher', max: 1 });
  const { applied } = await migrate(sql);
  await sql.end();
  if (applied.length > 0) log.info({ applied }, 'migrations applied');

  if (!dev && webBuildIsStale()) {
    log.info('building the dashboard (first run or changed sources)');
    buildWeb();
  }

  const secret = await resolveMasterSecret(config);
  const env = { ...process.env, DATABASE_URL: database.url, ...(secret ? { SWITCHBOARD_SECRET: secret } : {}) };
  // In watch mode Vite reloads the dashboard itself; Node restarts a process when its server code
  // or a package changes (not on Vite's own temporary files).
  const watch = (...dirs: string[]) => (dev ? dirs.flatMap((dir) => ['--watch-path', `${ROOT}${dir}`]) : []);
  children = [
    startChild('web', `${ROOT}apps/web/server/main.ts`, dev ? ['--dev'] : [], env, watch('apps/web/server', 'packages')),
    startChild('worker', `${ROOT}apps/worker/src/main.ts`, [], env, watch('apps/worker/src', 'packages')),
  ];
  for (const child of children) {
    void child.exited.then((code) => {
      if (stopping) return;
      log.error({ child: child.name, code }, `${child.name} exited unexpectedly; stopping Switchboard`);
      void shutdown(1);
    });
  }
  const statuses = providerStatuses(config);
  const sandboxed = statuses.filter((status) => status.mode === 'sandbox').map((status) => status.provider);
  const notBuilt = statuses.filter((status) => status.mode === 'not_built').map((status) => status.provider);
  log.info(
    { database: database.description, sandbox: sandboxed, notBuilt },
    [
      sandboxed.length > 0 ? `sandbox (no provider keys): ${sandboxed.map((provider) => SANDBOX_MEANS[provider] ?? provider).join(', ')}` : 'email and search live',
      notBuilt.length > 0 ? `${notBuilt.join(', ')}: not built yet` : '',
    ]
      .filter(Boolean)
      .join('; '),
  );
} catch (error) {
  log.fatal({ err: error }, error instanceof Error ? error.message : 'start-up failed');
  await shutdown(1);
}
