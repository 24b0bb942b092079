// A worker SIGKILLed between claiming calls (committed `dialing` with their attempt keys) and Vapi's
// answer to their POST /call, with real processes: the fake holds both POSTs open, one never taken by
// Vapi and one taken with its answer lost. The restarted worker places other calls but never asks for
// these two again; the taken one is settled by its webhooks, the other failed "in doubt" by
// reconciliation once its POST could no longer be answering.
import { findCall, setSystemConfigValue, type Sql } from '@switchboard/db';
import { seedQueuedCalls } from '@switchboard/db/testing';
import type { VapiFake } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { until } from './processes.ts';
import { startVoiceStack, type VoiceStack } from './voice-stack.ts';

const PHONE_NUMBER_ID = 'pn-in-doubt';
// A call without a Vapi id is failed as in doubt this long after its claim (Vapi's 20 s timeout + 10 s).
const IN_DOUBT_AFTER_MS = 30_000;

let stack: VoiceStack;
let sql: Sql;
let vapi: VapiFake;

beforeAll(async () => {
  stack = await startVoiceStack({ name: 'voice-in-doubt-test', hmacSecret: 'voice-in-doubt-hmac-secret-0123456', phoneNumberId: PHONE_NUMBER_ID, staleAfterMs: 2_000 });
  ({ sql, vapi } = stack);
});

afterAll(() => stack?.close());

const callIdOf = (body: Record<string, unknown>) => (body.assistantOverrides as { metadata: { callId: string } }).metadata.callId;

it('never places a call twice when its worker is SIGKILLed after the claim and before Vapi answers; webhooks or reconciliation settle it', { timeout: 120_000 }, async () => {
  await setSystemConfigValue(sql, 'default_concurrency_cap', 8);
  await setSystemConfigValue(sql, 'default_cron_cadence', 1);
  const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 2, phoneNumberId: PHONE_NUMBER_ID });
  vapi.inject({ kind: 'hang' });
  vapi.inject({ kind: 'hang', afterPlacing: true });

  const first = await stack.startWorker();
  await stack.enqueue('calls.tick', {});
  await until(async () => (vapi.createRequests === 2 ? true : undefined), 'both POSTs /call held open by the fake', 30_000);
  for (const id of callIds) expect(await findCall(sql, workspaceId, id)).toMatchObject({ status: 'dialing', vapiCallId: null });
  first.child.kill('SIGKILL');
  await first.exited;

  expect(vapi.placed).toHaveLength(1);
  const taken = vapi.placed[0]!;
  const takenId = callIdOf(taken.body);
  const neverTakenId = callIds.find((id) => id !== takenId)!;
  await stack.startWorker();
  // The killed worker's tick never ended to queue the next one; the cron's next minute would, the test does not wait for it.
  await stack.enqueue('calls.tick', {});
  // The restarted worker's ticks place other queued calls, each once, and pass the two claimed ones by.
  const more = await seedQueuedCalls(sql, { count: 2, phoneNumberId: PHONE_NUMBER_ID, workspaceId });
  await until(async () => (more.callIds.every((id) => vapi.placedFor(id) === 1) ? true : undefined), 'the restarted worker placed the new calls', 30_000);
  for (const id of callIds) expect(await findCall(sql, workspaceId, id)).toMatchObject({ status: 'dialing', vapiCallId: null });

  // Vapi plays the call it took: its webhooks name our call id, and settle it with Vapi's id.
  await vapi.progress(taken.call.id, 'ringing');
  await vapi.end(taken.call.id, { endedReason: 'customer-ended-call', durationSeconds: 30, cost: 0.09 });
  await until(async () => ((await findCall(sql, workspaceId, takenId))?.status === 'completed' ? true : undefined), 'the taken call settled by its webhooks', 30_000);
  expect(await findCall(sql, workspaceId, takenId)).toMatchObject({ vapiCallId: taken.call.id, durationS: 30, costUsd: 0.09 });

  // The other: as if its bound had passed since the claim, the next tick fails it as in doubt.
  await sql`update calls set updated_at = now() - make_interval(secs => ${(IN_DOUBT_AFTER_MS + 1_000) / 1000}) where id = ${neverTakenId}`;
  await until(async () => ((await findCall(sql, workspaceId, neverTakenId))?.status === 'failed' ? true : undefined), 'the never-taken call failed by reconciliation', 30_000);
  expect(await findCall(sql, workspaceId, neverTakenId)).toMatchObject({ vapiCallId: null, failure: expect.stringMatching(/^in doubt/) });

  expect(vapi.placedFor(takenId)).toBe(1);
  expect(vapi.placedFor(neverTakenId)).toBe(0);
  // Two held POSTs and one for each new call: none was asked for again.
  expect(vapi.createRequests).toBe(4);
});
