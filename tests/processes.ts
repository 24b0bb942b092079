import { spawn, type ChildProcess } from 'node:child_process';
import type { Sql } from '@switchboard/db';

export type Env = Record<string, string | undefined>;

export const ROOT = new URL('..', import.meta.url).pathname;

export interface RunningProcess {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** Starts a Switchboard entry point with Node (type stripping) and captures its output. */
export function startProcess(script: string, env: Env, args: string[] = []): RunningProcess {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async waitForOutput(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = output.match(pattern);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before printing ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

/** The environment without anything that would point Switchboard at another database or keys. */
export function cleanEnv(extra: Env = {}): Env {
  const env: Env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(DATABASE_URL|TEST_DATABASE_URL|PORT|HOST|SWITCHBOARD_|LOG_|OPENAI_|RESEND_|VAPI_|GOOGLE_|SMTP_)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export async function waitForHttp(url: string, accept: (response: Response) => boolean, timeoutMs = 30_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (accept(response)) return response;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer as expected within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether any process's command line mentions `fragment` (e.g. a data directory). */
export async function processesMentioning(fragment: string): Promise<string[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.includes(fragment)) found.push(`${pid}: ${commandLine.replaceAll('\0', ' ')}`);
  }
  return found;
}

/** A small seeded generator (mulberry32), so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Probes every 50 ms until it returns a value; throws naming `what` after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts the real worker (its entry point) and resolves once its first heartbeat is recorded: every queue is worked. */
export async function startWorkerProcess(sql: Sql, env: Env, timeoutMs: number): Promise<RunningProcess> {
  const started = startProcess('apps/worker/src/main.ts', env);
  try {
    await until(async () => {
      if (started.child.exitCode !== null) throw new Error(`the worker exited (${started.child.exitCode}):\n${started.output()}`);
      const [row] = await sql<[{ beats: number }]>`select count(*)::int as beats from worker_heartbeats where pid = ${started.child.pid!}`;
      return row.beats > 0 ? true : undefined;
    }, 'the worker’s first heartbeat', timeoutMs);
  } catch (error) {
    // A worker that never came up is not left running after the test.
    if (started.child.exitCode === null) started.child.kill('SIGKILL');
    throw error;
  }
  return started;
}
