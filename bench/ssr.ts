import { findFreePort } from '@switchboard/db/embedded';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, ROOT, startProcess, waitForHttp } from '../tests/processes.ts';
import { percentile, round } from './stats.ts';

/** Sequential requests per page, after WARM_UP_REQUESTS untimed ones (first render compiles, caches fill). */
export const REQUESTS_PER_PAGE = Number(process.env.BENCH_PAGE_REQUESTS ?? 30);
const WARM_UP_REQUESTS = 3;

export interface PageTiming {
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  bytes: number;
}

/** The built web server (apps/web/build) in a process of its own, as in production, on a free port. */
export async function startBuiltWebServer(url: string, bench: string): Promise<{ baseUrl: string; ready(): Promise<void>; stop(): Promise<void> }> {
  if (!existsSync(join(ROOT, 'apps/web/build/server/index.js'))) throw new Error(`The ${bench} bench needs the dashboard build: run \`pnpm build\` first.`);
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = startProcess(
    'apps/web/server/main.ts',
    cleanEnv({ DATABASE_URL: url, PORT: String(port), PUBLIC_URL: baseUrl, SWITCHBOARD_SECRET: 'bench-master-secret-that-is-long-enough', LOG_FORMAT: 'json', LOG_LEVEL: 'warn' }),
  );
  return {
    baseUrl,
    /** Started meanwhile (the server migrates and warms up while the caller seeds). */
    async ready() {
      await waitForHttp(`${baseUrl}/readyz`, (response) => response.status === 200, 60_000);
    },
    async stop() {
      server.child.kill('SIGTERM');
      await server.exited;
    },
  };
}

/** `path` rendered REQUESTS_PER_PAGE times one after another with the member's cookie: its times, size, and the last HTML. */
export async function timePage(baseUrl: string, path: string, cookie: string): Promise<{ timing: PageTiming; html: string }> {
  const times: number[] = [];
  let html = '';
  for (let request = 0; request < WARM_UP_REQUESTS + REQUESTS_PER_PAGE; request += 1) {
    const startedAt = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
    html = await response.text();
    const ms = performance.now() - startedAt;
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}:\n${html.slice(0, 500)}`);
    if (request >= WARM_UP_REQUESTS) times.push(ms);
  }
  const timing = { minMs: round(Math.min(...times)), p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), maxMs: round(Math.max(...times)), bytes: Buffer.byteLength(html) };
  return { timing, html };
}
