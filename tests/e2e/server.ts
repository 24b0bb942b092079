import { findFreePort } from '@switchboard/db/embedded';
import type { TestDatabase } from '@switchboard/db/testing';
import { createTestDatabase } from '../database.ts';
import { cleanEnv, startProcess, waitForHttp, type RunningProcess } from '../processes.ts';

export interface RunningSwitchboard {
  baseUrl: string;
  databaseUrl: string;
  /** Everything the web server and worker printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The real product on its own cloned database: the web server and a worker as separate processes,
 * exactly as `pnpm start` runs them, with `env` added to both (the sandbox caller's settings, say).
 * Expects the dashboard build (`pnpm test` builds it first).
 */
export async function startSwitchboard(options: { env?: Record<string, string> } = {}): Promise<RunningSwitchboard> {
  const database: TestDatabase = await createTestDatabase();
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = cleanEnv({
    DATABASE_URL: database.url,
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    SWITCHBOARD_SECRET: 'e2e-master-secret-that-is-long-enough',
    // As `pnpm start` gives both a made-up one: calls of workspaces without a Vapi key go to the sandbox caller.
    SANDBOX_CALL_WEBHOOK_SECRET: 'e2e-sandbox-call-secret-long-enough',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const processes: RunningProcess[] = [startProcess('apps/web/server/main.ts', env), startProcess('apps/worker/src/main.ts', env)];
  const stop = async () => {
    for (const running of processes) running.child.kill('SIGTERM');
    await Promise.all(processes.map((running) => running.exited));
    await database.drop();
  };
  try {
    await waitForHttp(`${baseUrl}/readyz`, (response) => response.status === 200);
  } catch (error) {
    await stop();
    throw new Error(`Switchboard did not become ready:\n${processes.map((running) => running.output()).join('\n')}`, { cause: error });
  }
  return { baseUrl, databaseUrl: database.url, output: () => processes.map((running) => running.output()).join('\n'), stop };
}
