import { verifyVapiWebhook } from '@switchboard/core/crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSandboxCall, SANDBOX_CALL_OUTCOME_WEIGHTS, SANDBOX_CALL_OUTCOMES, startSandboxCaller, type SandboxCallOutcome } from './index.ts';

const SECRET = 'sandbox-caller-test-secret-0123';

interface Received {
  at: number;
  auth: ReturnType<typeof verifyVapiWebhook>;
  message: { type: string; status?: string; role?: string; transcript?: string; call: { id: string; status: string }; [field: string]: unknown };
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  // Checks every message with the same verification /webhooks/vapi uses.
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const header = (name: string) => request.headers[name] as string | undefined;
      const auth = verifyVapiWebhook({ hmacSecret: SECRET }, { rawBody, signature: header('x-signature'), timestamp: header('x-timestamp') });
      received.push({ at: Date.now(), auth, message: (JSON.parse(rawBody.toString('utf8')) as { message: Received['message'] }).message });
      response.writeHead(auth.ok ? 200 : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/vapi`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** Places a call the way the Vapi adapter does. */
async function place(baseUrl: string, apiKey: string, callId: string, name = 'Bluebonnet Plumbing'): Promise<{ status: number; body: { id: string; status: string } }> {
  const response = await fetch(`${baseUrl}/call`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ assistantId: 'asst-sandbox', phoneNumberId: 'pn-sandbox', customer: { number: '+15125550100', name }, assistantOverrides: { metadata: { callId } }, name: callId }),
  });
  return { status: response.status, body: (await response.json()) as { id: string; status: string } };
}

/** A call id whose seeded plan has this outcome (and, for an answer, lines to speak). */
function callIdWith(seed: number, outcome: SandboxCallOutcome): string {
  for (let index = 0; index < 1_000; index += 1) {
    const id = `call-${outcome}-${index}`;
    if (planSandboxCall(seed, id).outcome === outcome) return id;
  }
  throw new Error(`no ${outcome} call in 1,000 tries`);
}

describe('planSandboxCall', () => {
  it('plans the same call for the same seed and call id, and another roll for another call id', () => {
    expect(planSandboxCall(7, 'call-a', 'Acme')).toEqual(planSandboxCall(7, 'call-a', 'Acme'));
    const outcomes = new Set(Array.from({ length: 40 }, (_, index) => planSandboxCall(7, `call-${index}`).outcome));
    expect(outcomes.size).toBeGreaterThan(2);
    const reseeded = Array.from({ length: 40 }, (_, index) => planSandboxCall(8, `call-${index}`).outcome);
    expect(reseeded).not.toEqual(Array.from({ length: 40 }, (_, index) => planSandboxCall(7, `call-${index}`).outcome));
  });

  it('gives a realistic outcome mix and timings over 4,000 seeded calls', () => {
    const count = 4_000;
    const tally = Object.fromEntries(SANDBOX_CALL_OUTCOMES.map((outcome) => [outcome, 0])) as Record<SandboxCallOutcome, number>;
    for (let index = 0; index < count; index += 1) {
      const plan = planSandboxCall(3, `call-${index}`, 'Acme Dental');
      tally[plan.outcome] += 1;
      expect(plan.queuedS).toBeGreaterThan(0);
      switch (plan.outcome) {
        case 'answered':
          expect(plan.endedReason).toMatch(/^(customer|assistant)-ended-call$/);
          expect(plan.ringS).toBeGreaterThanOrEqual(4);
          expect(plan.ringS).toBeLessThanOrEqual(20);
          expect(plan.talkS).toBeGreaterThanOrEqual(15);
          expect(plan.talkS).toBeLessThanOrEqual(240);
          expect(plan.lines.at(-1)!.atS).toBeLessThan(plan.talkS);
          expect(plan.interest).not.toBeNull();
          break;
        case 'voicemail':
          expect(plan).toMatchObject({ endedReason: 'voicemail', interest: null });
          expect(plan.talkS).toBeGreaterThanOrEqual(18);
          expect(plan.lines[0]!.text).toContain('Acme Dental');
          break;
        case 'no_answer':
          expect(plan).toMatchObject({ endedReason: 'customer-did-not-answer', talkS: 0, lines: [] });
          expect(plan.ringS).toBeGreaterThanOrEqual(28);
          break;
        case 'busy':
          expect(plan).toMatchObject({ endedReason: 'customer-busy', talkS: 0, lines: [] });
          expect(plan.ringS).toBeLessThanOrEqual(4);
          break;
        case 'failed':
          expect(plan).toMatchObject({ talkS: 0, ringS: 0, lines: [] });
          break;
      }
    }
    for (const outcome of SANDBOX_CALL_OUTCOMES) {
      // Binomial standard deviation at n = 4,000 is under 0.8 points; 2.5 points is well outside noise.
      expect(Math.abs(tally[outcome] / count - SANDBOX_CALL_OUTCOME_WEIGHTS[outcome])).toBeLessThan(0.025);
    }
  });
});

describe('startSandboxCaller', () => {
  it('answers POST /call as Vapi does, plays the call and posts signed messages in order; GET /call/{id} follows along', async () => {
    const caller = await startSandboxCaller({ seed: 5, timeScale: 0.002, webhookUrl: receiverUrl, hmacSecret: SECRET });
    try {
      const callId = callIdWith(5, 'answered');
      const placed = await place(caller.baseUrl, caller.apiKey, callId);
      expect(placed).toMatchObject({ status: 201, body: { status: 'queued' } });
      const vapiCallId = placed.body.id;
      expect(caller.vapi.placedFor(callId)).toBe(1);
      await caller.idle();

      const plan = caller.planFor(vapiCallId)!;
      const messages = received.filter((entry) => entry.message.call.id === vapiCallId);
      expect(messages.every((entry) => entry.auth.ok)).toBe(true);
      const kinds = messages.map(({ message }) => (message.type === 'status-update' ? `status:${message.status}` : message.type));
      expect(kinds).toEqual(['status:ringing', 'status:in-progress', ...plan.lines.map(() => 'transcript'), 'status:ended', 'end-of-call-report']);
      expect(messages.filter(({ message }) => message.type === 'transcript').map(({ message }) => `${message.role}: ${message.transcript}`)).toEqual(plan.lines.map((line) => `${line.role}: ${line.text}`));
      const report = messages.at(-1)!.message;
      expect(report).toMatchObject({
        endedReason: plan.endedReason,
        durationSeconds: plan.talkS,
        cost: 0,
        analysis: { summary: plan.summary, structuredData: plan.structuredData, successEvaluation: plan.successEvaluation },
        artifact: { transcript: expect.stringMatching(/^AI: Hi, this is Sam calling for Bluebonnet Plumbing/) },
      });
      expect(report.artifact).not.toHaveProperty('recordingUrl');
      expect(caller.deliveries.filter((delivery) => delivery.vapiCallId === vapiCallId).every((delivery) => delivery.httpStatus === 200)).toBe(true);

      const got = await fetch(`${caller.baseUrl}/call/${vapiCallId}`, { headers: { authorization: `Bearer ${caller.apiKey}` } });
      expect(await got.json()).toMatchObject({ id: vapiCallId, status: 'ended', endedReason: plan.endedReason, cost: 0, assistantOverrides: { metadata: { callId } } });
    } finally {
      await caller.close();
    }
  });

  it('sends a call that never connects from queued straight to ended, with a report and no transcript', async () => {
    const caller = await startSandboxCaller({ seed: 5, timeScale: 0, webhookUrl: receiverUrl, hmacSecret: SECRET });
    try {
      const busy = (await place(caller.baseUrl, caller.apiKey, callIdWith(5, 'busy'))).body.id;
      const failed = (await place(caller.baseUrl, caller.apiKey, callIdWith(5, 'failed'))).body.id;
      await caller.idle();
      const kinds = (vapiCallId: string) => received.filter((entry) => entry.message.call.id === vapiCallId).map(({ message }) => (message.type === 'status-update' ? `status:${message.status}` : message.type));
      expect(kinds(busy)).toEqual(['status:ringing', 'status:ended', 'end-of-call-report']);
      expect(kinds(failed)).toEqual(['status:ended', 'end-of-call-report']);
      const report = received.find((entry) => entry.message.call.id === busy && entry.message.type === 'end-of-call-report')!.message;
      expect(report).toMatchObject({ endedReason: 'customer-busy', durationSeconds: 0, cost: 0, analysis: { summary: 'The line was busy.' } });
      expect(report.artifact).not.toHaveProperty('transcript');
    } finally {
      await caller.close();
    }
  });

  it('plays calls at its time scale', async () => {
    const callId = callIdWith(5, 'no_answer');
    const plan = planSandboxCall(5, callId);
    const simulatedMs = (plan.queuedS + plan.ringS) * 1000;
    const timeScale = 0.01;
    const caller = await startSandboxCaller({ seed: 5, timeScale, webhookUrl: null, hmacSecret: SECRET });
    try {
      const started = performance.now();
      const vapiCallId = (await place(caller.baseUrl, caller.apiKey, callId)).body.id;
      await caller.idle();
      const elapsedMs = performance.now() - started;
      // 30–47 simulated seconds take 0.3–0.47 s at 1/100; never less, and not seconds more.
      expect(elapsedMs).toBeGreaterThanOrEqual(simulatedMs * timeScale - 5);
      expect(elapsedMs).toBeLessThan(simulatedMs * timeScale + 1_500);
      expect(caller.vapi.call(vapiCallId)).toMatchObject({ status: 'ended', endedReason: 'customer-did-not-answer' });
      expect(caller.deliveries).toEqual([]);
    } finally {
      await caller.close();
    }
  });

  it('stops every call where it is on close, and refuses a negative time scale', async () => {
    const caller = await startSandboxCaller({ seed: 5, timeScale: 1, webhookUrl: receiverUrl, hmacSecret: SECRET });
    const vapiCallId = (await place(caller.baseUrl, caller.apiKey, callIdWith(5, 'answered'))).body.id;
    await caller.close();
    expect(caller.vapi.call(vapiCallId)?.status).toBe('queued');
    await expect(startSandboxCaller({ timeScale: -1, webhookUrl: null, hmacSecret: SECRET })).rejects.toThrow(/time scale/);
  });
});
