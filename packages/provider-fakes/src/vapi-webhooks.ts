import { createHmac } from 'node:crypto';

/** The server messages Switchboard listens to (Vapi sends more kinds; those are refused unstored). */
export const VAPI_MESSAGE_TYPES = ['status-update', 'end-of-call-report', 'transcript', 'hang'] as const;
export type VapiMessageType = (typeof VAPI_MESSAGE_TYPES)[number];

/** The part of a Vapi call object a webhook carries, as the fake stores it. */
export interface VapiCallObject {
  id: string;
  orgId: string;
  type: string;
  status: string;
  endedReason?: string;
  phoneNumberId?: string;
  assistantId?: string;
  customer?: { number?: string; name?: string };
  assistantOverrides?: { metadata?: Record<string, unknown> };
  metadata?: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  endedAt?: string;
  cost?: number;
  [field: string]: unknown;
}

/** How the receiving server authenticates Vapi: an HMAC credential, or the shared secret in x-vapi-secret. */
export type VapiWebhookAuth = { hmacSecret: string } | { sharedSecret: string };

export interface SignedVapiWebhook {
  body: string;
  headers: Record<string, string>;
}

/** A `status-update` message as Vapi posts it. */
export function vapiStatusUpdateBody(call: VapiCallObject, status: string, options: { endedReason?: string; at?: Date } = {}): Record<string, unknown> {
  const at = options.at ?? new Date();
  return {
    message: {
      type: 'status-update',
      status,
      ...(options.endedReason ? { endedReason: options.endedReason } : {}),
      timestamp: at.getTime(),
      call: { ...call, status, ...(options.endedReason ? { endedReason: options.endedReason } : {}) },
    },
  };
}

export interface VapiCallReport {
  endedReason: string;
  durationSeconds?: number;
  cost?: number;
  transcript?: string;
  summary?: string;
  recordingUrl?: string;
  structuredData?: Record<string, unknown>;
  successEvaluation?: string;
  startedAt?: Date;
  endedAt?: Date;
}

/** An `end-of-call-report` message as Vapi posts it: the artifact, the analysis and the cost. */
export function vapiEndOfCallReportBody(call: VapiCallObject, report: VapiCallReport, at: Date = new Date()): Record<string, unknown> {
  const endedAt = report.endedAt ?? at;
  const startedAt = report.startedAt ?? new Date(endedAt.getTime() - (report.durationSeconds ?? 0) * 1000);
  const analysis = {
    ...(report.summary !== undefined ? { summary: report.summary } : {}),
    ...(report.structuredData ? { structuredData: report.structuredData } : {}),
    ...(report.successEvaluation !== undefined ? { successEvaluation: report.successEvaluation } : {}),
  };
  return {
    message: {
      type: 'end-of-call-report',
      timestamp: at.getTime(),
      endedReason: report.endedReason,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      ...(report.durationSeconds !== undefined ? { durationSeconds: report.durationSeconds, durationMs: Math.round(report.durationSeconds * 1000) } : {}),
      ...(report.cost !== undefined ? { cost: report.cost } : {}),
      analysis,
      artifact: {
        messages: [],
        ...(report.transcript !== undefined ? { transcript: report.transcript } : {}),
        ...(report.recordingUrl !== undefined ? { recordingUrl: report.recordingUrl } : {}),
      },
      call: { ...call, status: 'ended', endedReason: report.endedReason, startedAt: startedAt.toISOString(), endedAt: endedAt.toISOString(), ...(report.cost !== undefined ? { cost: report.cost } : {}) },
    },
  };
}

/** A `transcript` message (partial or final) for one line of the conversation. */
export function vapiTranscriptBody(call: VapiCallObject, line: { role: 'assistant' | 'user'; transcript: string; final?: boolean; at?: Date }): Record<string, unknown> {
  return {
    message: {
      type: 'transcript',
      role: line.role,
      transcriptType: line.final === false ? 'partial' : 'final',
      transcript: line.transcript,
      timestamp: (line.at ?? new Date()).getTime(),
      call,
    },
  };
}

/** A `hang` message: the assistant did not answer for a while. */
export function vapiHangBody(call: VapiCallObject, at: Date = new Date()): Record<string, unknown> {
  return { message: { type: 'hang', timestamp: at.getTime(), call } };
}

/**
 * Signs a body as Vapi's HMAC credential does (`x-signature`: hex HMAC-SHA256 of
 * `{x-timestamp}.{body}`, the timestamp in milliseconds) or sets the shared secret in `x-vapi-secret`.
 */
export function signVapiWebhook(auth: VapiWebhookAuth, body: string, options: { timestamp?: Date } = {}): SignedVapiWebhook {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if ('hmacSecret' in auth) {
    const timestamp = String((options.timestamp ?? new Date()).getTime());
    headers['x-timestamp'] = timestamp;
    headers['x-signature'] = createHmac('sha256', auth.hmacSecret).update(`${timestamp}.${body}`).digest('hex');
  } else {
    headers['x-vapi-secret'] = auth.sharedSecret;
  }
  return { body, headers };
}

/** Posts a signed message to `url` as Vapi would, and returns the receiver's answer. */
export async function deliverVapiWebhook(url: string, auth: VapiWebhookAuth, message: Record<string, unknown>, options: { timestamp?: Date } = {}): Promise<Response> {
  const signed = signVapiWebhook(auth, JSON.stringify(message), options);
  return fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
}
