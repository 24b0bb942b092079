import { describe, expect, it } from 'vitest';
import { callIdFromVapiMessage, isAppliedVapiMessageType, vapiCallReport, vapiEventKey, vapiMessageTime, ZVapiServerMessage } from './vapi-message.ts';

const call = { id: 'vapi-1', status: 'ringing', assistantOverrides: { metadata: { callId: 'ours-1' } } };

describe('Vapi server messages', () => {
  it('reads the type, the call and our call id from the metadata we sent', () => {
    const message = ZVapiServerMessage.parse({ message: { type: 'status-update', status: 'ringing', timestamp: 1_764_000_000_000, call, extra: true } });
    expect(callIdFromVapiMessage(message)).toBe('ours-1');
    expect(vapiMessageTime(message)?.getTime()).toBe(1_764_000_000_000);
    // A time no call happened at (and Postgres cannot store, for the first) is no time.
    for (const timestamp of [-8.64e15, 0, 8.64e15]) expect(vapiMessageTime(ZVapiServerMessage.parse({ message: { type: 'hang', timestamp, call } }))).toBeNull();
    expect(callIdFromVapiMessage(ZVapiServerMessage.parse({ message: { type: 'hang', call: { id: 'v', metadata: { callId: 'top' } } } }))).toBe('top');
    expect(callIdFromVapiMessage(ZVapiServerMessage.parse({ message: { type: 'hang', call: { id: 'v' } } }))).toBeNull();
    expect(ZVapiServerMessage.safeParse({ type: 'status-update' }).success).toBe(false);
    expect(isAppliedVapiMessageType('end-of-call-report')).toBe(true);
    expect(isAppliedVapiMessageType('speech-update')).toBe(false);
  });

  it('keys a status update by call, status and reason; a report once per call; other messages by their body', () => {
    const key = (body: unknown, hash = 'h1') => vapiEventKey(ZVapiServerMessage.parse(body) as never, hash);
    expect(key({ message: { type: 'status-update', status: 'ringing', timestamp: 1, call } })).toBe(key({ message: { type: 'status-update', status: 'ringing', timestamp: 2, call } }, 'h2'));
    expect(key({ message: { type: 'status-update', status: 'ended', endedReason: 'customer-busy', call } })).toBe('vapi-1:status-update:ended:customer-busy');
    // The call object's reason (from a later state) does not make a repeated ringing update new.
    expect(key({ message: { type: 'status-update', status: 'ringing', call: { ...call, endedReason: 'customer-busy' } } })).toBe('vapi-1:status-update:ringing:');
    expect(key({ message: { type: 'end-of-call-report', call } }, 'a')).toBe(key({ message: { type: 'end-of-call-report', call } }, 'b'));
    expect(key({ message: { type: 'transcript', call } }, 'a')).not.toBe(key({ message: { type: 'transcript', call } }, 'b'));
  });

  it('reads an end-of-call report: artifact first, analysis, cost, duration', () => {
    const report = vapiCallReport({
      type: 'end-of-call-report',
      endedReason: 'customer-ended-call',
      cost: 0.21,
      durationMs: 61_500,
      startedAt: '2026-11-30T16:00:00.000Z',
      endedAt: '2026-11-30T16:01:01.500Z',
      transcript: 'old',
      artifact: { transcript: 'AI: Hi\nUser: Hello', recordingUrl: 'https://storage.vapi.ai/call.wav' },
      analysis: { summary: 'Wants a quote.', structuredData: { interested: true }, successEvaluation: 'true' },
    });
    expect(report).toEqual({
      endedReason: 'customer-ended-call',
      durationS: 61.5,
      costUsd: 0.21,
      transcript: 'AI: Hi\nUser: Hello',
      summary: 'Wants a quote.',
      recordingUrl: 'https://storage.vapi.ai/call.wav',
      analysis: { summary: 'Wants a quote.', structuredData: { interested: true }, successEvaluation: 'true' },
      startedAt: new Date('2026-11-30T16:00:00.000Z'),
      endedAt: new Date('2026-11-30T16:01:01.500Z'),
    });
    expect(vapiCallReport({ startedAt: '2026-11-30T16:00:00Z', endedAt: '2026-11-30T16:00:30Z', recordingUrl: 'javascript:alert(1)' })).toMatchObject({ durationS: 30, recordingUrl: null, transcript: null });
    expect(vapiCallReport({ cost: 'a lot', endedReason: 'voicemail' })).toMatchObject({ costUsd: null, endedReason: 'voicemail' });
    // Past what a call can cost, last or be timed at (and what the columns hold): unreadable, not stored.
    expect(vapiCallReport({ cost: 1e12, durationSeconds: 1e12, startedAt: '-200000-01-01T00:00:00Z', endedAt: '+200000-01-01T00:00:00Z' })).toMatchObject({ costUsd: null, durationS: null, startedAt: null, endedAt: null });
    expect(vapiCallReport({ durationMs: 1e15, startedAt: '1970-01-01T00:00:00Z', endedAt: '2026-11-30T16:00:00Z' })).toMatchObject({ durationS: null, startedAt: null });
    expect(vapiCallReport({ startedAt: '2026-11-20T16:00:00Z', endedAt: '2026-11-30T16:00:00Z' })).toMatchObject({ durationS: null });
    expect(vapiCallReport({ cost: 100_000, durationSeconds: 43_200 })).toMatchObject({ costUsd: 100_000, durationS: 43_200 });
  });
});
