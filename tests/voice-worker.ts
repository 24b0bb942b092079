import type { Sql } from '@switchboard/db';
import type { VapiFake } from '@switchboard/provider-fakes';
import { cleanEnv, startWorkerProcess, type RunningProcess } from './processes.ts';

/**
 * The real worker (its entry point, as `pnpm start` runs it) placing calls at the Vapi fake with the
 * fake's key and `phoneNumberId`; live calls unchanged for `staleAfterMs` are asked about (instead of 15 min).
 */
export function startVoiceWorker(sql: Sql, options: { databaseUrl: string; vapi: VapiFake; phoneNumberId: string; staleAfterMs: number }): Promise<RunningProcess> {
  return startWorkerProcess(
    sql,
    cleanEnv({
      DATABASE_URL: options.databaseUrl,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      SWITCHBOARD_SECRET: 'voice-test-master-secret-0123456789',
      PUBLIC_URL: 'https://switchboard.example',
      VAPI_API_KEY: options.vapi.apiKey,
      VAPI_BASE_URL: options.vapi.baseUrl,
      VAPI_PHONE_NUMBER_ID: options.phoneNumberId,
      CALL_STALE_AFTER_MS: String(options.staleAfterMs),
      PLAYWRIGHT_CHROMIUM_PATH: '/nonexistent/chromium',
    }),
    60_000,
  );
}

/** SIGKILLs every worker still running, for afterAll. */
export async function killWorkers(workers: readonly RunningProcess[]): Promise<void> {
  for (const worker of workers) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
  }
}
