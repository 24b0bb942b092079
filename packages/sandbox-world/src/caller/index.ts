import { setTimeout as sleep } from 'node:timers/promises';
import { deliverVapiWebhook, startVapiFake, vapiTranscriptBody, type VapiCallObject, type VapiFake } from '@switchboard/provider-fakes';
import { planSandboxCall, sandboxTranscript, type SandboxCallPlan } from './plan.ts';

export { planSandboxCall, sandboxTranscript, SANDBOX_CALL_OUTCOMES, SANDBOX_CALL_OUTCOME_WEIGHTS } from './plan.ts';
export type { SandboxCallInterest, SandboxCallOutcome, SandboxCallPlan, SandboxTranscriptLine } from './plan.ts';

/** The key the sandbox caller's API accepts (as Vapi does, it wants a Bearer key). */
export const SANDBOX_CALLER_API_KEY = 'sandbox-vapi-key';
export const DEFAULT_SANDBOX_CALLER_SEED = 11;

export interface SandboxCallerOptions {
  seed?: number;
  /** Real seconds per simulated second: 1 plays calls in real time, 0.01 a hundred times faster, 0 at once. */
  timeScale?: number;
  /** Where to post the calls' server messages (the web server's /webhooks/vapi); null posts none, and GET /call still tells. */
  webhookUrl: string | null;
  /** Signs them as Vapi's HMAC credential does (`x-signature` over `{x-timestamp}.{body}`). */
  hmacSecret: string;
  apiKey?: string;
  /** Told of every message posted and the receiver's answer (or why there was none). */
  onDelivery?: (delivery: SandboxWebhookDelivery) => void;
}

export interface SandboxWebhookDelivery {
  vapiCallId: string;
  type: 'status-update' | 'transcript' | 'end-of-call-report';
  /** The status a status update reported. */
  status?: string;
  /** The receiver's HTTP status, or null when it could not be reached. */
  httpStatus: number | null;
  error?: string;
}

export interface SandboxCaller {
  /** Give this to the Vapi adapter as its base URL. */
  baseUrl: string;
  apiKey: string;
  seed: number;
  timeScale: number;
  /** The Vapi fake underneath: every POST /call it took, and each call as GET /call answers. */
  vapi: VapiFake;
  /** The script a placed call is playing, by Vapi's call id. */
  planFor(vapiCallId: string): SandboxCallPlan | undefined;
  /** Every message posted so far, oldest first. */
  readonly deliveries: readonly SandboxWebhookDelivery[];
  /** Resolves once every call placed so far has ended and its report is posted. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Our call id from the metadata the adapter sends, so a call's roll does not depend on the order calls are placed in. */
function callKeyOf(call: VapiCallObject): string {
  const id = call.assistantOverrides?.metadata?.callId ?? call.metadata?.callId;
  return typeof id === 'string' ? id : call.id;
}

/**
 * The sandbox caller: a local stand-in for Vapi that takes the same requests (it is the Vapi fake,
 * so POST /call and GET /call/{id} answer as Vapi does) and plays each call it takes as a seeded
 * script — ringing, an answer, voicemail, no answer, a busy line or a failure — posting the signed
 * status updates, transcript lines and end-of-call report Vapi would. Its calls cost nothing (the
 * reports say 0) and have no recording. Listens on 127.0.0.1.
 */
export async function startSandboxCaller(options: SandboxCallerOptions): Promise<SandboxCaller> {
  const seed = options.seed ?? DEFAULT_SANDBOX_CALLER_SEED;
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale >= 0) || !Number.isFinite(timeScale)) throw new Error(`The sandbox caller's time scale must be a number of at least 0, not ${timeScale}`);
  const auth = { hmacSecret: options.hmacSecret };
  const plans = new Map<string, SandboxCallPlan>();
  const deliveries: SandboxWebhookDelivery[] = [];
  const playing = new Set<Promise<void>>();
  const stop = new AbortController();

  const wait = (simulatedS: number) => sleep(Math.max(0, simulatedS * 1000 * timeScale), undefined, { signal: stop.signal });

  const record = async (delivery: Omit<SandboxWebhookDelivery, 'httpStatus' | 'error'>, post: () => Promise<Response | null>): Promise<void> => {
    let entry: SandboxWebhookDelivery;
    try {
      const answer = await post();
      if (!answer) return;
      // Drained so the connection is free for the next message.
      await answer.arrayBuffer();
      entry = { ...delivery, httpStatus: answer.status };
    } catch (error) {
      entry = { ...delivery, httpStatus: null, error: error instanceof Error ? error.message : String(error) };
    }
    deliveries.push(entry);
    options.onDelivery?.(entry);
  };

  const play = async (call: VapiCallObject): Promise<void> => {
    const plan = planSandboxCall(seed, callKeyOf(call), call.customer?.name);
    plans.set(call.id, plan);
    const progress = (status: string, endedReason?: string) =>
      record({ vapiCallId: call.id, type: 'status-update', status }, () => vapi.progress(call.id, status, endedReason ? { endedReason } : {}));
    await wait(plan.queuedS);
    let startedAt: Date | undefined;
    if (plan.outcome !== 'failed') {
      await progress('ringing');
      await wait(plan.ringS);
    }
    if (plan.talkS > 0) {
      await progress('in-progress');
      startedAt = new Date();
      let elapsedS = 0;
      for (const line of plan.lines) {
        await wait(line.atS - elapsedS);
        elapsedS = line.atS;
        const url = options.webhookUrl;
        if (url) await record({ vapiCallId: call.id, type: 'transcript' }, () => deliverVapiWebhook(url, auth, vapiTranscriptBody(vapi.call(call.id) ?? call, { role: line.role, transcript: line.text })));
      }
      await wait(plan.talkS - elapsedS);
    }
    await progress('ended', plan.endedReason);
    await record({ vapiCallId: call.id, type: 'end-of-call-report' }, () =>
      vapi.end(call.id, {
        endedReason: plan.endedReason,
        durationSeconds: plan.talkS,
        cost: 0,
        ...(startedAt ? { startedAt } : {}),
        ...(plan.lines.length > 0 ? { transcript: sandboxTranscript(plan.lines) } : {}),
        summary: plan.summary,
        structuredData: plan.structuredData,
        successEvaluation: plan.successEvaluation,
      }),
    );
  };

  const vapi = await startVapiFake({
    apiKey: options.apiKey ?? SANDBOX_CALLER_API_KEY,
    onPlaced(call) {
      const run = play(call).catch((error: unknown) => {
        // Closing stops every call where it is; anything else is a bug in the script.
        if (!stop.signal.aborted) throw error;
      });
      playing.add(run);
      void run.finally(() => playing.delete(run));
    },
  });
  if (options.webhookUrl) vapi.setServer(options.webhookUrl, auth);

  return {
    baseUrl: vapi.baseUrl,
    apiKey: vapi.apiKey,
    seed,
    timeScale,
    vapi,
    planFor: (vapiCallId) => plans.get(vapiCallId),
    deliveries,
    async idle() {
      while (playing.size > 0) await Promise.all(playing);
    },
    async close() {
      stop.abort();
      await Promise.allSettled(playing);
      await vapi.close();
    },
  };
}
