import { z } from 'zod';
import type { CallReport } from './report.ts';

/** The server messages Switchboard applies; Vapi sends more kinds (speech updates, tool calls …), which are refused unstored. */
export const VAPI_APPLIED_MESSAGE_TYPES = ['status-update', 'end-of-call-report', 'transcript', 'hang'] as const;
export type VapiAppliedMessageType = (typeof VAPI_APPLIED_MESSAGE_TYPES)[number];

const ZMetadata = z.record(z.string(), z.unknown()).nullish();

// Only the fields read here are checked; the whole body stays in the stored event.
const ZVapiCallObject = z.looseObject({
  id: z.string().min(1).max(200),
  status: z.string().max(50).nullish(),
  endedReason: z.string().max(200).nullish(),
  metadata: ZMetadata,
  assistantOverrides: z.looseObject({ metadata: ZMetadata }).nullish(),
});

/** A Vapi server message: `{ message: { type, call, … } }`. */
export const ZVapiServerMessage = z.object({
  message: z.looseObject({
    type: z.string().min(1).max(100),
    timestamp: z.union([z.number(), z.string()]).nullish(),
    call: ZVapiCallObject.nullish(),
    status: z.string().max(50).nullish(),
    endedReason: z.string().max(200).nullish(),
  }),
});
export type VapiServerMessage = z.infer<typeof ZVapiServerMessage>;

export function isAppliedVapiMessageType(type: string): type is VapiAppliedMessageType {
  return (VAPI_APPLIED_MESSAGE_TYPES as readonly string[]).includes(type);
}

/** Our call id as we sent it in the assistant overrides' metadata (or a top-level metadata), if the message carries it. */
export function callIdFromVapiMessage(message: VapiServerMessage): string | null {
  const call = message.message.call;
  for (const metadata of [call?.assistantOverrides?.metadata, call?.metadata]) {
    const id = metadata?.callId;
    if (typeof id === 'string' && id.length > 0 && id.length <= 100) return id;
  }
  return null;
}

// What a call's report may say and still be stored (a column's numeric range, Postgres' dates): a value
// past these is unreadable, not an error, so one odd field never keeps the call from ending.
/** No call lasts longer than this (Vapi ends calls after 12 hours at most). */
const CALL_DURATION_MAX_S = 7 * 24 * 3600;
/** No call costs more than this. */
const CALL_COST_MAX_USD = 100_000;
const EARLIEST_CALL_TIME = Date.UTC(2000, 0, 1);
const LATEST_CALL_TIME = Date.UTC(2200, 0, 1);

/** `at` when it is a time a call can have happened at, else null. */
function callTime(at: Date): Date | null {
  const ms = at.getTime();
  return Number.isNaN(ms) || ms < EARLIEST_CALL_TIME || ms > LATEST_CALL_TIME ? null : at;
}

/** When the message says it happened (Vapi's timestamp, in ms or as ISO text), else null. */
export function vapiMessageTime(message: VapiServerMessage): Date | null {
  const { timestamp } = message.message;
  if (timestamp === null || timestamp === undefined) return null;
  const at = typeof timestamp === 'number' ? new Date(timestamp) : new Date(Number.isNaN(Number(timestamp)) ? timestamp : Number(timestamp));
  return callTime(at);
}

/**
 * The key a message is stored once under. Vapi gives a message no id, so it is built from the call and
 * what the message says: a status update once per status (and ended reason), one end-of-call report per
 * call; transcript lines and hangs by the body's hash (a replay is the same body).
 */
export function vapiEventKey(message: VapiServerMessage & { message: { call: { id: string } } }, bodySha256: string): string {
  const { type, call, status, endedReason } = message.message;
  if (type === 'status-update') {
    const reported = status ?? call.status ?? '';
    return `${call.id}:status-update:${reported}:${reported === 'ended' ? (endedReason ?? call.endedReason ?? '') : ''}`;
  }
  if (type === 'end-of-call-report') return `${call.id}:end-of-call-report`;
  return `${call.id}:${type}:${bodySha256}`;
}

// Each field on its own: one unreadable field is left out, not the whole report.
const lenient = <T extends z.ZodType>(schema: T) => schema.nullish().catch(null);
const ZVapiReport = z.looseObject({
  endedReason: lenient(z.string()),
  durationSeconds: lenient(z.number().nonnegative().max(CALL_DURATION_MAX_S)),
  durationMs: lenient(z.number().nonnegative().max(CALL_DURATION_MAX_S * 1000)),
  cost: lenient(z.number().nonnegative().max(CALL_COST_MAX_USD)),
  transcript: lenient(z.string()),
  summary: lenient(z.string()),
  recordingUrl: lenient(z.string()),
  startedAt: lenient(z.string()),
  endedAt: lenient(z.string()),
  analysis: lenient(z.record(z.string(), z.unknown())),
  artifact: lenient(z.looseObject({ transcript: lenient(z.string()), recordingUrl: lenient(z.string()) })),
});

const RECORDING_URL_MAX_CHARS = 2000;

function date(value: string | null | undefined): Date | null {
  if (!value) return null;
  return callTime(new Date(value));
}

function httpUrl(value: string | null | undefined): string | null {
  if (!value || value.length > RECORDING_URL_MAX_CHARS) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Reads an end-of-call report: the artifact's transcript and recording (the older top-level fields
 * when there is no artifact), the analysis (summary, structured data, success evaluation) and the
 * cost. A field that is missing or unreadable is null; only an http(s) recording link is kept.
 */
export function vapiCallReport(message: Record<string, unknown>): CallReport {
  const parsed = ZVapiReport.safeParse(message);
  const r: z.infer<typeof ZVapiReport> = parsed.success ? parsed.data : {};
  const startedAt = date(r.startedAt);
  const endedAt = date(r.endedAt);
  const spanS = startedAt && endedAt ? Math.max(0, (endedAt.getTime() - startedAt.getTime()) / 1000) : null;
  const durationS =
    r.durationSeconds ?? (r.durationMs !== null && r.durationMs !== undefined ? r.durationMs / 1000 : spanS !== null && spanS <= CALL_DURATION_MAX_S ? spanS : null);
  const summary = r.analysis?.summary;
  return {
    endedReason: r.endedReason?.slice(0, 200) ?? null,
    durationS,
    costUsd: r.cost ?? null,
    transcript: r.artifact?.transcript ?? r.transcript ?? null,
    summary: typeof summary === 'string' ? summary : (r.summary ?? null),
    recordingUrl: httpUrl(r.artifact?.recordingUrl ?? r.recordingUrl),
    analysis: r.analysis ?? null,
    startedAt,
    endedAt,
  };
}
