import { createHash } from 'node:crypto';
import { CALL_TRANSCRIPT_MAX_LINES, vapiEventKey, ZVapiServerMessage } from '@switchboard/core';
import { claimCallsToDial, createSql, findCall, listCallTranscriptLines, markCallPlaced, storeCallWebhookEvent, type Sql } from '@switchboard/db';
import { seedQueuedCalls, type TestDatabase } from '@switchboard/db/testing';
import { vapiEndOfCallReportBody, vapiHangBody, vapiStatusUpdateBody, vapiTranscriptBody, type VapiCallObject } from '@switchboard/provider-fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../tests/database.ts';
import { applyCallEvent } from './apply-event.ts';

let database: TestDatabase;
let sql: Sql;
const NOW = new Date('2026-11-30T16:00:00Z');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'call-events-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

let sequence = 0;
/** A call claimed for dialing (and, unless told not to, placed at Vapi), with the call object Vapi's messages carry. */
async function dialingCall(options: { placed?: boolean } = {}) {
  sequence += 1;
  const phoneNumberId = `pn-apply-${sequence}`;
  const { workspaceId, callIds } = await seedQueuedCalls(sql, { count: 1, phoneNumberId });
  const callId = callIds[0]!;
  await claimCallsToDial(sql, { workspaceId, phoneNumberId, now: NOW, limit: 1, workspaceCap: 8, phoneNumberCap: 8 });
  const vapiCallId = `vapi-apply-${sequence}`;
  if (options.placed !== false) await markCallPlaced(sql, { workspaceId, callId, vapiCallId, vapiStatus: 'queued' });
  const call: VapiCallObject = { id: vapiCallId, orgId: 'org', type: 'outboundPhoneCall', status: 'queued', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), assistantOverrides: { metadata: { callId } } };
  return { workspaceId, callId, call, current: () => findCall(sql, workspaceId, callId) };
}

/** Stores a message as the web route does (once per event key) and applies it; returns what applying said. */
async function deliver(message: Record<string, unknown>) {
  const raw = JSON.stringify(message);
  const parsed = ZVapiServerMessage.parse(message);
  const eventKey = vapiEventKey(parsed as never, createHash('sha256').update(raw).digest('hex'));
  const stored = await storeCallWebhookEvent(sql, { eventKey, vapiCallId: parsed.message.call?.id ?? null, type: parsed.message.type, payload: message });
  if (!stored.stored) return { stored: false as const };
  return { stored: true as const, eventId: stored.id, applied: await applyCallEvent({ sql }, stored.id) };
}

describe('applying Vapi messages', () => {
  it('walks a call through ringing and in progress to completed, stamping each step', async () => {
    const { call, current } = await dialingCall();
    await deliver(vapiStatusUpdateBody(call, 'queued', { at: at(1) }));
    expect((await current())?.status).toBe('dialing');
    await deliver(vapiStatusUpdateBody(call, 'ringing', { at: at(2) }));
    await deliver(vapiStatusUpdateBody(call, 'in-progress', { at: at(10) }));
    expect(await current()).toMatchObject({ status: 'in_progress', vapiStatus: 'in-progress', ringingAt: at(2), answeredAt: at(10) });
    const ended = await deliver(vapiStatusUpdateBody(call, 'ended', { endedReason: 'customer-ended-call', at: at(70) }));
    expect(ended.stored && ended.applied).toMatchObject({ status: 'completed', changed: true });
    expect(await current()).toMatchObject({ status: 'completed', endedReason: 'customer-ended-call', endedAt: at(70) });
  });

  it('never moves a call backwards when messages arrive out of order', async () => {
    const { call, current } = await dialingCall();
    await deliver(vapiEndOfCallReportBody(call, { endedReason: 'customer-busy', durationSeconds: 0, cost: 0.01, endedAt: at(20) }, at(21)));
    expect((await current())?.status).toBe('busy');
    const late = await deliver(vapiStatusUpdateBody(call, 'ringing', { at: at(3) }));
    expect(late.stored && late.applied).toMatchObject({ status: 'busy', changed: false, outcome: 'Kept busy: "ringing" is not news for a call that is busy.' });
    await deliver(vapiStatusUpdateBody(call, 'in-progress', { at: at(5) }));
    await deliver(vapiStatusUpdateBody(call, 'ended', { endedReason: 'customer-ended-call', at: at(20) }));
    expect(await current()).toMatchObject({ status: 'busy', ringingAt: null, endedReason: 'customer-busy', costUsd: 0.01 });

    // Answered before it rang (the ringing update came late): it stays in progress.
    const second = await dialingCall();
    await deliver(vapiStatusUpdateBody(second.call, 'in-progress', { at: at(10) }));
    await deliver(vapiStatusUpdateBody(second.call, 'ringing', { at: at(2) }));
    expect((await second.current())?.status).toBe('in_progress');
  });

  it('applies a duplicate delivery at most once, and a second job on the same event does nothing', async () => {
    const { call, current } = await dialingCall();
    const first = await deliver(vapiStatusUpdateBody(call, 'ringing', { at: at(2) }));
    expect(await deliver(vapiStatusUpdateBody(call, 'ringing', { at: at(4) }))).toEqual({ stored: false });
    if (!first.stored) throw new Error('not stored');
    expect(await applyCallEvent({ sql }, first.eventId)).toMatchObject({ outcome: 'Already applied.', changed: false });
    expect(await current()).toMatchObject({ status: 'ringing', ringingAt: at(2) });
  });

  it('stores the end-of-call report: transcript, summary, recording, analysis, duration and cost', async () => {
    const { call, current } = await dialingCall();
    await deliver(vapiStatusUpdateBody(call, 'in-progress', { at: at(5) }));
    // The status update that ends the call comes first; the report after it still fills the call in.
    await deliver(vapiStatusUpdateBody(call, 'ended', { endedReason: 'assistant-ended-call', at: at(65) }));
    const report = await deliver(vapiEndOfCallReportBody(call, {
      endedReason: 'assistant-ended-call', durationSeconds: 60, cost: 0.1834, transcript: 'AI: Hi, this is Ann.\nUser: Hello.', summary: 'Asked for a callback on Friday.',
      recordingUrl: 'https://storage.vapi.ai/rec.wav', structuredData: { callback: 'friday' }, successEvaluation: 'true', startedAt: at(5), endedAt: at(65),
    }, at(66)));
    expect(report.stored && report.applied).toMatchObject({ status: 'completed', changed: true });
    expect(await current()).toMatchObject({
      status: 'completed', endedReason: 'assistant-ended-call', durationS: 60, costUsd: 0.1834, transcript: 'AI: Hi, this is Ann.\nUser: Hello.',
      summary: 'Asked for a callback on Friday.', recordingUrl: 'https://storage.vapi.ai/rec.wav',
      analysis: { summary: 'Asked for a callback on Friday.', structuredData: { callback: 'friday' }, successEvaluation: 'true' }, answeredAt: at(5), endedAt: at(65),
    });
  });

  it('finds a call by our id in the metadata when the webhook beats POST /call’s answer, and keeps Vapi’s id', async () => {
    const { callId, call, current } = await dialingCall({ placed: false });
    const applied = await deliver(vapiStatusUpdateBody(call, 'ringing', { at: at(2) }));
    expect(applied.stored && applied.applied).toMatchObject({ callId, status: 'ringing' });
    expect(await current()).toMatchObject({ status: 'ringing', vapiCallId: call.id });
  });

  it('ends a call whose report or message carries numbers or times past what can be stored, keeping those fields empty', async () => {
    const { call, current } = await dialingCall();
    const odd = await deliver({ ...vapiStatusUpdateBody(call, 'ringing'), message: { ...(vapiStatusUpdateBody(call, 'ringing').message as object), timestamp: -8.64e15 } });
    expect(odd.stored && odd.applied).toMatchObject({ status: 'ringing', changed: true });
    const report = vapiEndOfCallReportBody(call, { endedReason: 'customer-ended-call', durationSeconds: 1e12, cost: 1e12, endedAt: at(60) }, at(61));
    (report.message as Record<string, unknown>).startedAt = '1970-01-01T00:00:00Z';
    const ended = await deliver(report);
    expect(ended.stored && ended.applied).toMatchObject({ status: 'completed', changed: true });
    expect(await current()).toMatchObject({ status: 'completed', costUsd: null, durationS: null, endedAt: at(60) });
    const lapsed = await dialingCall();
    const years = vapiEndOfCallReportBody(lapsed.call, { endedReason: 'customer-ended-call', endedAt: at(60) }, at(61));
    (years.message as Record<string, unknown>).startedAt = '1970-01-01T00:00:00Z';
    (years.message as Record<string, unknown>).endedAt = '-200000-01-01T00:00:00Z';
    const settled = await deliver(years);
    expect(settled.stored && settled.applied).toMatchObject({ status: 'completed', changed: true });
    expect(await lapsed.current()).toMatchObject({ status: 'completed', durationS: null });
  });

  it('moves no call for an unknown call, a transcript line, a hang or a status that says nothing', async () => {
    const stranger: VapiCallObject = { id: 'vapi-nobody', orgId: 'org', type: 'outboundPhoneCall', status: 'ringing', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() };
    const unknown = await deliver(vapiStatusUpdateBody(stranger, 'ringing'));
    expect(unknown.stored && unknown.applied).toMatchObject({ callId: null, changed: false, outcome: 'No call matches Vapi call vapi-nobody; nothing to apply.' });
    const { call, current } = await dialingCall();
    for (const message of [vapiTranscriptBody(call, { role: 'assistant', transcript: 'Hi!' }), vapiHangBody(call), vapiStatusUpdateBody(call, 'scheduled')]) {
      const applied = await deliver(message);
      expect(applied.stored && applied.applied).toMatchObject({ changed: false });
    }
    expect((await current())?.status).toBe('dialing');
    const [{ processed }] = await sql<[{ processed: number }]>`select count(*)::int as processed from call_webhook_events where vapi_call_id = ${call.id} and processed_at is not null`;
    expect(processed).toBe(3);
  });
});

describe('live transcripts and hangs', () => {
  const lines = (workspaceId: string, callId: string) => listCallTranscriptLines(sql, { workspaceId, callId, limit: 1000 });
  const said = (rows: { role: string; text: string }[]) => rows.map((row) => `${row.role}: ${row.text}`);

  it('adds each final line once, in the order it was said whatever order it came in, and ignores partials', async () => {
    const { workspaceId, callId, call, current } = await dialingCall();
    await deliver(vapiStatusUpdateBody(call, 'in-progress', { at: at(5) }));
    const first = await deliver(vapiTranscriptBody(call, { role: 'assistant', transcript: 'Hi, this is Sam.', at: at(6) }));
    expect(first.stored && first.applied).toMatchObject({ callId, status: 'in_progress', changed: false, noted: true, outcome: 'Added an assistant line to the live transcript.' });
    // The third line arrives before the second.
    await deliver(vapiTranscriptBody(call, { role: 'assistant', transcript: 'Does Friday suit you?', at: at(12) }));
    const partial = await deliver(vapiTranscriptBody(call, { role: 'user', transcript: 'Hel', final: false, at: at(8) }));
    expect(partial.stored && partial.applied).toMatchObject({ noted: false, outcome: expect.stringContaining('partial') });
    await deliver(vapiTranscriptBody(call, { role: 'user', transcript: 'Hello?', at: at(8) }));
    expect(said(await lines(workspaceId, callId))).toEqual(['assistant: Hi, this is Sam.', 'user: Hello?', 'assistant: Does Friday suit you?']);
    expect((await lines(workspaceId, callId))[1]?.saidAt).toEqual(at(8));
    expect((await current())?.status).toBe('in_progress');
  });

  it('makes a duplicate line a no-op, whether the same body again or the same line resent with another body', async () => {
    const { workspaceId, callId, call } = await dialingCall();
    const line = vapiTranscriptBody(call, { role: 'user', transcript: 'Yes, Friday works.', at: at(9) });
    const first = await deliver(line);
    expect(await deliver(line)).toEqual({ stored: false });
    if (!first.stored) throw new Error('not stored');
    expect(await applyCallEvent({ sql }, first.eventId)).toMatchObject({ outcome: 'Already applied.' });
    // Vapi resends the line with a live artifact that has grown: another event, the same line.
    const resent = await deliver({ message: { ...(line.message as object), artifact: { messages: [{ role: 'user' }] } } });
    expect(resent.stored && resent.applied).toMatchObject({ noted: false, outcome: 'Kept a transcript line that was added already.' });
    expect(said(await lines(workspaceId, callId))).toEqual(['user: Yes, Friday works.']);
  });

  it('leaves the report’s transcript alone when a line straggles in after it, and the line is not added', async () => {
    const { workspaceId, callId, call, current } = await dialingCall();
    await deliver(vapiStatusUpdateBody(call, 'in-progress', { at: at(5) }));
    await deliver(vapiTranscriptBody(call, { role: 'assistant', transcript: 'Hi, this is Sam.', at: at(6) }));
    await deliver(vapiEndOfCallReportBody(call, { endedReason: 'customer-ended-call', durationSeconds: 10, transcript: 'AI: Hi, this is Sam.\nUser: Bye.', endedAt: at(15) }, at(16)));
    const late = await deliver(vapiTranscriptBody(call, { role: 'user', transcript: 'Bye.', at: at(14) }));
    expect(late.stored && late.applied).toMatchObject({ status: 'completed', noted: false, outcome: expect.stringContaining('end-of-call report') });
    expect(await current()).toMatchObject({ status: 'completed', transcript: 'AI: Hi, this is Sam.\nUser: Bye.' });
    expect(said(await lines(workspaceId, callId))).toEqual(['assistant: Hi, this is Sam.']);
  });

  it('keeps at most the bound of lines per call', async () => {
    const { workspaceId, callId, call } = await dialingCall();
    await sql`
      insert into call_transcript_lines (workspace_id, call_id, role, text, said_at)
      select ${workspaceId}, ${callId}, 'user', 'line ' || n, ${at(0)}::timestamptz + n * interval '1 second' from generate_series(1, ${CALL_TRANSCRIPT_MAX_LINES}) n`;
    const over = await deliver(vapiTranscriptBody(call, { role: 'assistant', transcript: 'One more.', at: at(9_999) }));
    expect(over.stored && over.applied).toMatchObject({ noted: false, outcome: expect.stringContaining(`holds ${CALL_TRANSCRIPT_MAX_LINES} lines`) });
    expect(await lines(workspaceId, callId)).toHaveLength(CALL_TRANSCRIPT_MAX_LINES);
  });

  it('counts the assistant’s hangs on the call, keeping the latest moment', async () => {
    const { call, current } = await dialingCall();
    const hang = await deliver(vapiHangBody(call, at(30)));
    expect(hang.stored && hang.applied).toMatchObject({ noted: true, changed: false });
    await deliver(vapiHangBody(call, at(20)));
    expect(await current()).toMatchObject({ status: 'dialing', assistantHangs: 2, lastAssistantHangAt: at(30) });
  });
});

describe('a campaign reaching its call budget', () => {
  /** Two placed calls of one active campaign with a call budget, with the call objects their reports carry. */
  async function budgetedCalls(budgetUsd: number) {
    sequence += 1;
    const phoneNumberId = `pn-budget-${sequence}`;
    const { workspaceId, campaignId, callIds } = await seedQueuedCalls(sql, { count: 2, phoneNumberId });
    await sql`update campaigns set call_budget_usd = ${budgetUsd} where id = ${campaignId}`;
    await claimCallsToDial(sql, { workspaceId, phoneNumberId, now: NOW, limit: 2, workspaceCap: 8, phoneNumberCap: 8 });
    const calls = await Promise.all(
      callIds.map(async (callId, index) => {
        const vapiCallId = `vapi-budget-${sequence}-${index}`;
        await markCallPlaced(sql, { workspaceId, callId, vapiCallId, vapiStatus: 'queued' });
        return { id: vapiCallId, orgId: 'org', type: 'outboundPhoneCall', status: 'queued', createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), assistantOverrides: { metadata: { callId } } } satisfies VapiCallObject;
      }),
    );
    const status = async () => (await sql<{ status: string }[]>`select status from campaigns where id = ${campaignId}`)[0]?.status;
    const pauses = () => sql<{ actorLabel: string; summary: Record<string, unknown> }[]>`
      select actor_label as "actorLabel", summary from audit_log where target_type = 'campaign' and target_id = ${campaignId} and action = 'campaign.pause'`;
    return { calls, status, pauses };
  }
  const report = (call: VapiCallObject, cost: number) => vapiEndOfCallReportBody(call, { endedReason: 'customer-ended-call', durationSeconds: 30, cost, endedAt: at(40) }, at(41));

  it('stays active under the budget, and pauses once, as "system", when a report’s cost reaches it', async () => {
    const { calls, status, pauses } = await budgetedCalls(1);
    const under = await deliver(report(calls[0]!, 0.4));
    expect(under.stored && under.applied).toMatchObject({ pausedCampaign: false });
    expect(await status()).toBe('active');
    expect(await pauses()).toHaveLength(0);

    const reached = await deliver(report(calls[1]!, 0.6));
    expect(reached.stored && reached.applied).toMatchObject({ pausedCampaign: true, status: 'completed' });
    expect(reached.stored && reached.applied?.outcome).toContain('The campaign reached its call budget and was paused.');
    expect(await status()).toBe('paused');
    expect(await pauses()).toEqual([{ actorLabel: 'system', summary: expect.objectContaining({ from: 'active', to: 'paused', reason: 'call budget reached', budgetUsd: 1, spentUsd: 1 }) }]);
  });

  it('pauses exactly once when two reports that reach it together land at the same time', async () => {
    const { calls, status, pauses } = await budgetedCalls(1);
    const applied = await Promise.all([deliver(report(calls[0]!, 0.6)), deliver(report(calls[1]!, 0.6))]);
    // Neither cost alone reaches the budget: the second report sees the first's cost and pauses the campaign.
    expect(applied.map((one) => one.stored && one.applied?.pausedCampaign).sort()).toEqual([false, true]);
    expect(await status()).toBe('paused');
    expect(await pauses()).toHaveLength(1);
  });
});
