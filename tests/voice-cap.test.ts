// The concurrency cap with real processes: two real workers (their entry point, as `pnpm start` runs
// it) place queued calls through the real Vapi SDK at the local Vapi fake, which plays each call out
// with a random ring time, duration and outcome and tells the real web server about it with signed
// webhooks; the workers apply them and place the next calls. One worker is killed with SIGKILL
// mid-run and another started. Sampled throughout: live calls never exceed the cap, in Postgres or at
// Vapi (sampled there, and counted exactly by the fake at each POST /call), and no attempt is placed
// twice (POST /call counted per call at the fake). VOICE_CAP_CALLS sets how many calls (500 by default,
// the run), VOICE_CAP_SEED the seed, and VOICE_CAP_TIME_SCALE how long calls ring and talk
// (0.5 by default: 10–100 ms ringing, 50–450 ms talking).
import { setSystemConfigValue, type Sql } from '@switchboard/db';
import { seedQueuedCalls } from '@switchboard/db/testing';
import type { VapiFake } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seededRandom, until } from './processes.ts';
import { startVoiceStack, type VoiceStack } from './voice-stack.ts';

const CALLS = Number(process.env.VOICE_CAP_CALLS ?? 500);
const TIME_SCALE = Number(process.env.VOICE_CAP_TIME_SCALE ?? 0.5);
const CAP = 8;
const PHONE_NUMBER_ID = 'pn-voice-cap';
// Live calls unchanged this long are asked about (instead of 15 min); one a killed worker claimed but never
// placed is failed "in doubt" once its POST could no longer be answering (30 s).
const STALE_AFTER_MS = 4_000;
// One call in this many has its end never reported by Vapi (no status update, no end-of-call report): reconciliation asks for it.
const LOST_END_EVERY = 100;
const OUTCOMES = [
  { endedReason: 'customer-ended-call', weight: 6 },
  { endedReason: 'customer-did-not-answer', weight: 2 },
  { endedReason: 'customer-busy', weight: 1 },
  { endedReason: 'voicemail', weight: 1 },
];

let stack: VoiceStack;
let sql: Sql;
let vapi: VapiFake;

beforeAll(async () => {
  stack = await startVoiceStack({ name: 'voice-cap-test', hmacSecret: 'voice-cap-hmac-secret-0123456789', phoneNumberId: PHONE_NUMBER_ID, staleAfterMs: STALE_AFTER_MS });
  ({ sql, vapi } = stack);
});

afterAll(() => stack?.close());

const BUDGET_MS = 240_000;

it(`never has more than ${CAP} live calls, places each of ${CALLS} calls at most once, across 2 worker processes and a SIGKILL`, { timeout: BUDGET_MS + 60_000 }, async () => {
  const seed = Number(process.env.VOICE_CAP_SEED ?? Date.now() % 1_000_000);
  const random = seededRandom(seed);
  const context = `seed ${seed} (VOICE_CAP_SEED)`;
  await setSystemConfigValue(sql, 'default_concurrency_cap', CAP);
  // A tick every second besides the wake-ups when a call ends (instead of once a minute).
  await setSystemConfigValue(sql, 'default_cron_cadence', 1);
  const { workspaceId, campaignId } = await seedQueuedCalls(sql, { count: CALLS, phoneNumberId: PHONE_NUMBER_ID });

  // The fake plays each placed call out: rings after 20–200 ms, ends 100–900 ms later (times TIME_SCALE) with a weighted outcome.
  let liveAtVapi = 0;
  let maxAtVapi = 0;
  let played = 0;
  const lostEnds = new Map<string, string>();
  const playing: Promise<void>[] = [];
  const totalWeight = OUTCOMES.reduce((sum, outcome) => sum + outcome.weight, 0);
  const pickOutcome = () => {
    let roll = random() * totalWeight;
    for (const outcome of OUTCOMES) if ((roll -= outcome.weight) < 0) return outcome.endedReason;
    return OUTCOMES[0]!.endedReason;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const play = async (vapiCallId: string, index: number) => {
    liveAtVapi += 1;
    maxAtVapi = Math.max(maxAtVapi, liveAtVapi);
    const endedReason = pickOutcome();
    const ringMs = (20 + random() * 180) * TIME_SCALE;
    const talkMs = (100 + random() * 800) * TIME_SCALE;
    await sleep(ringMs);
    await vapi.progress(vapiCallId, 'ringing').catch(() => null);
    await sleep(talkMs);
    liveAtVapi -= 1;
    if (index % LOST_END_EVERY === LOST_END_EVERY - 1) {
      lostEnds.set(vapiCallId, endedReason);
      await vapi.progress(vapiCallId, 'ended', { endedReason, deliver: false });
      return;
    }
    await vapi.end(vapiCallId, { endedReason, durationSeconds: endedReason === 'customer-ended-call' ? Math.round(talkMs) / 10 : 0, cost: 0.05 }).catch(() => null);
  };
  let stopPlaying = false;
  const player = (async () => {
    while (!stopPlaying) {
      while (played < vapi.placed.length) playing.push(play(vapi.placed[played]!.call.id, played++));
      await sleep(10);
    }
  })();

  // Samples live calls in Postgres every 25 ms.
  let maxLive = 0;
  let samples = 0;
  let stopSampling = false;
  const sampler = (async () => {
    while (!stopSampling) {
      const [row] = await sql<[{ live: number }]>`select count(*)::int as live from calls where workspace_id = ${workspaceId} and status in ('dialing', 'ringing', 'in_progress')`;
      maxLive = Math.max(maxLive, row.live);
      samples += 1;
      await sleep(25);
    }
  })();

  const ended = async () => {
    const [row] = await sql<[{ ended: number }]>`select count(*)::int as ended from calls where campaign_id = ${campaignId} and attempt = 1 and status not in ('queued', 'dialing', 'ringing', 'in_progress')`;
    return row.ended;
  };

  const [first] = await Promise.all([stack.startWorker(), stack.startWorker()]);
  await stack.enqueue('calls.tick', {});
  // Kill one worker once a third of the calls ended, while calls are live, and start another.
  await until(async () => ((await ended()) >= CALLS / 3 ? true : undefined), `a third of the calls ended (${context})`, BUDGET_MS);
  first.child.kill('SIGKILL');
  await first.exited;
  await stack.startWorker();

  await until(async () => ((await ended()) >= CALLS ? true : undefined), `every first attempt ended (${context})`, BUDGET_MS);
  stopPlaying = true;
  stopSampling = true;
  await Promise.all([player, sampler]);
  await Promise.all(playing);

  // Retries are queued 4 hours out (the default spacing): none was placed here.
  const rows = await sql<{ id: string; attempt: number; status: string; failure: string | null; vapiCallId: string | null }[]>`
    select id, attempt, status, failure, vapi_call_id as "vapiCallId" from calls where campaign_id = ${campaignId}`;
  const firstAttempts = rows.filter((row) => row.attempt === 1);
  expect(firstAttempts, context).toHaveLength(CALLS);
  expect(maxLive, `${context}: most live calls in Postgres over ${samples} samples`).toBeLessThanOrEqual(CAP);
  expect(maxLive, context).toBe(CAP);
  expect(maxAtVapi, `${context}: most calls live at Vapi at once`).toBeLessThanOrEqual(CAP);
  // The fake's own count, at each POST /call it takes: never over the cap, and back to none once all ended.
  expect(vapi.mostLiveCalls, `${context}: most calls live at the fake when one was placed`).toBeLessThanOrEqual(CAP);
  expect(vapi.mostLiveCalls, context).toBeGreaterThan(1);
  expect(vapi.liveCalls, context).toBe(0);
  for (const row of rows) expect(vapi.placedFor(row.id), `${context}: POST /call for call ${row.id}`).toBeLessThanOrEqual(1);
  // Every POST /call placed a distinct call: none was asked twice.
  expect(vapi.createRequests, context).toBe(vapi.placed.length);
  expect(new Set(vapi.placed.map((placed) => (placed.body.assistantOverrides as { metadata: { callId: string } }).metadata.callId)).size, context).toBe(vapi.placed.length);
  // A call never placed was one the killed worker had claimed: failed as in doubt, not dialed again.
  for (const row of firstAttempts.filter((call) => vapi.placedFor(call.id) === 0)) expect(row, context).toMatchObject({ status: 'failed', failure: expect.stringMatching(/^in doubt/) });
  const retries = rows.filter((row) => row.attempt === 2);
  expect(retries.every((row) => row.status === 'queued'), context).toBe(true);
  expect(retries.length, context).toBe(firstAttempts.filter((row) => row.status === 'no_answer' || row.status === 'busy').length);
  // A call whose end was never reported was settled by reconciliation (GET /call) with Vapi's outcome.
  expect(lostEnds.size, context).toBe(Math.floor(vapi.placed.length / LOST_END_EVERY));
  for (const [vapiCallId, endedReason] of lostEnds) {
    const [settled] = await sql<{ endedReason: string | null; reconciled: boolean }[]>`
      select ended_reason as "endedReason", exists (select 1 from call_webhook_events e where e.call_id = c.id and e.payload->>'source' = 'reconciliation') as reconciled
      from calls c where vapi_call_id = ${vapiCallId}`;
    expect(settled, `${context}: call ${vapiCallId} whose end was lost`).toEqual({ endedReason, reconciled: true });
  }
});
