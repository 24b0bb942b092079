// `pnpm dev` (scripts/start.ts) with no Vapi key and no sandbox secret set: it makes one up for the
// run and gives it to the web server and the worker, so calls queued through the API are placed at
// the worker's sandbox caller and its signed webhooks are taken by /webhooks/vapi until every call
// has ended. The campaign names no Vapi assistant and the workspace no phone number.
import { readFile } from 'node:fs/promises';
import { FINAL_CALL_STATUSES } from '@switchboard/core';
import { createSql, type Sql } from '@switchboard/db';
import { findFreePort } from '@switchboard/db/embedded';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMember, type TestMember } from './accounts.ts';
import { createTestDatabase } from './database.ts';
import { cleanEnv, startProcess, until, waitForHttp, type RunningProcess } from './processes.ts';

const LEADS = 6;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sql: Sql;
let admin: TestMember;
let run: RunningProcess | undefined;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'voice-sandbox-start-test', max: 2 });
  admin = await createMember(sql, { email: 'calls@sandbox-start.test', role: 'admin' });
});

afterAll(async () => {
  if (run && run.child.exitCode === null) {
    run.child.kill('SIGTERM');
    await run.exited;
  }
  await sql.end();
  await database.drop();
});

async function api(method: 'GET' | 'POST', path: string, input?: object): Promise<unknown> {
  const query = method === 'GET' && input ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
  const response = await fetch(`${base}/api/trpc/${path}${query}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: admin.cookie },
    ...(method === 'POST' ? { body: JSON.stringify(input) } : {}),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body}`);
  return (JSON.parse(body) as { result: { data: unknown } }).result.data;
}

/** The processes start.ts forked (web and worker), by their parent's pid. */
async function childrenOf(parentPid: number): Promise<number[]> {
  const { readdir } = await import('node:fs/promises');
  const found: number[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // The fields after the command's closing parenthesis: state, then the parent's pid.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === parentPid) found.push(Number(pid));
  }
  return found;
}

async function environmentOf(pid: number): Promise<Map<string, string>> {
  const raw = await readFile(`/proc/${pid}/environ`, 'utf8');
  return new Map(raw.split('\0').filter(Boolean).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

it('places a keyless workspace’s queued calls at the sandbox caller and settles each from its signed webhooks', async () => {
  const [campaign] = await sql<{ id: string }[]>`
    insert into campaigns (workspace_id, name, status, time_zone) values (${admin.workspaceId}, 'Sandbox calls', 'active', 'America/Chicago') returning id`;
  const campaignId = campaign!.id;
  await sql`
    insert into leads (workspace_id, campaign_id, name, country, region, phone, status)
    select ${admin.workspaceId}, ${campaignId}, 'Sandbox lead ' || n, 'US', 'Texas', '+1512555' || lpad(n::text, 4, '0'), 'approved'
    from generate_series(1, ${LEADS}::int) n`;

  const port = await findFreePort();
  base = `http://127.0.0.1:${port}`;
  run = startProcess(
    'scripts/start.ts',
    cleanEnv({
      DATABASE_URL: database.url,
      PORT: String(port),
      LOG_FORMAT: 'json',
      SWITCHBOARD_SECRET: 'voice-sandbox-start-master-secret-0123456789',
      SANDBOX_CALL_WEBHOOK_SECRET: undefined,
      // Calls of a few simulated minutes play out in about a second.
      SANDBOX_CALL_TIME_SCALE: '0.005',
    }),
    ['--dev'],
  );
  await run.waitForOutput(/voice calls are simulated by the sandbox caller/, 60_000);
  await waitForHttp(`${base}/readyz`, (response) => response.status === 200, 60_000);
  // The worker's heartbeat says what it runs: the System page shows voice in the sandbox.
  await until(
    async () => {
      const status = (await api('GET', 'system.status')) as { liveness: string; providers: { provider: string; mode: string; via: string }[] };
      return status.liveness === 'alive' ? status : undefined;
    },
    'a live worker',
    30_000,
  );
  const status = (await api('GET', 'system.status')) as { providers: { provider: string; mode: string; via: string }[] };
  expect(status.providers.find((provider) => provider.provider === 'voice')).toEqual({ provider: 'voice', mode: 'sandbox', via: 'Sandbox caller — simulated calls, no real phone calls' });

  // The same made-up secret in both processes, and nowhere in what was printed.
  const children = await childrenOf(run.child.pid!);
  expect(children).toHaveLength(2);
  const secrets = await Promise.all(children.map(async (pid) => (await environmentOf(pid)).get('SANDBOX_CALL_WEBHOOK_SECRET')));
  expect(secrets[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(secrets[1]).toBe(secrets[0]);

  // Open every hour so the test does not depend on the clock; no assistant, one attempt each.
  const everyHour = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startHour: 0, endHour: 24 };
  await api('POST', 'calls.updateSettings', { campaignId, assistantId: null, maxAttempts: 1, spacingMinutes: 60, callWindow: everyHour });
  expect(await api('POST', 'calls.queueForCampaign', { campaignId, confirm: true })).toEqual({ queued: LEADS, more: false, waitsForActivation: false, waitsForBudget: false, notQueued: [] });

  const calls = await until(
    async () => {
      const rows = await sql<{ id: string; status: string; phoneNumberId: string; vapiCallId: string | null; endedAt: Date | null; failure: string | null }[]>`
        select id, status, phone_number_id as "phoneNumberId", vapi_call_id as "vapiCallId", ended_at as "endedAt", failure
        from calls where campaign_id = ${campaignId}`;
      return rows.length === LEADS && rows.every((row) => (FINAL_CALL_STATUSES as readonly string[]).includes(row.status)) ? rows : undefined;
    },
    'every call ended',
    30_000,
  );
  for (const call of calls) {
    // Placed at the sandbox caller (a Vapi call id) and ended by its report, never failed for want of setup.
    expect(call).toMatchObject({ phoneNumberId: 'sandbox', vapiCallId: expect.any(String), endedAt: expect.any(Date) });
    expect(call.failure ?? '').not.toMatch(/assistant|Vapi number/);
  }
  const [reports] = await sql<{ count: number }[]>`
    select count(*)::int as count from call_webhook_events where type = 'end-of-call-report' and vapi_call_id = any(${calls.map((call) => call.vapiCallId!)})`;
  expect(reports!.count).toBe(LEADS);

  run.child.kill('SIGTERM');
  expect(await run.exited).toBe(0);
  expect(run.output()).not.toContain(secrets[0]!);
}, 120_000);
