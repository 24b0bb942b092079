import { createSql, type ProviderKeyResolver, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { startResendFake, startSmtpFake, type ResendFake, type SmtpFake } from '@switchboard/provider-fakes';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { emailWithFailover } from './failover.ts';
import { emailSenderForWorkspace } from './select.ts';
import { resendEmail, retryAfterSeconds } from './resend.ts';
import { sendEmailOnce } from './send-once.ts';
import { smtpEmail } from './smtp.ts';
import { EmailInDoubt, EmailRefused, type DeliveryTarget, type MarketingEmailMessage } from './types.ts';

let resend: ResendFake;
let smtp: SmtpFake;
let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  [resend, smtp, database] = await Promise.all([startResendFake(), startSmtpFake(), createTestDatabase()]);
  sql = createSql(database.url, { applicationName: 'email-providers-test' });
});

afterEach(() => resend.clearFailures());

afterAll(async () => {
  await Promise.all([resend.close(), smtp.close()]);
  await sql.end();
  await database.drop();
});

// The adapters only need the target for the sandbox outbox.
const target = {} as DeliveryTarget;
let sequence = 0;

function outreach(overrides: Partial<MarketingEmailMessage> = {}): MarketingEmailMessage {
  sequence += 1;
  return {
    to: `lead${sequence}@example.test`,
    from: { name: 'Ada at Acme', address: 'ada@acme.test' },
    replyTo: 'ada@acme.test',
    subject: 'Quick question',
    text: 'Hi there',
    html: '<p>Hi there</p>',
    messageId: `<send-${sequence}@mail.acme.test>`,
    unsubscribe: { url: `https://switchboard.example.com/u/token-${sequence}`, mailto: `unsubscribe+token-${sequence}@acme.test` },
    tags: { send_id: `0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c${String(sequence).padStart(2, '0')}` },
    idempotencyKey: `send:${sequence}`,
    ...overrides,
  };
}

const resendSender = (timeoutMs?: number) =>
  resendEmail({ apiKey: resend.apiKey, from: 'Switchboard <team@example.test>', baseUrl: resend.baseUrl, ...(timeoutMs ? { timeoutMs } : {}) });
const smtpSender = () => smtpEmail({ url: smtp.url, from: 'Switchboard <team@example.test>' });

/** What the send failed with; 'sent' when it did not fail, which every assertion below refuses. */
const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'sent', (error: unknown) => error);

describe('Resend adapter (real SDK, real HTTP, local fake)', () => {
  it('sends the mailbox, both parts, our Message-ID, one-click unsubscribe headers, tags and the idempotency key', async () => {
    const message = outreach();
    const sent = await resendSender().send(message, target);
    const accepted = resend.accepted.find((email) => email.idempotencyKey === message.idempotencyKey);
    expect(sent.providerMessageId).toBe(accepted?.id);
    expect(accepted?.body).toMatchObject({
      from: 'Ada at Acme <ada@acme.test>',
      to: message.to,
      reply_to: 'ada@acme.test',
      subject: 'Quick question',
      text: 'Hi there',
      html: '<p>Hi there</p>',
      headers: {
        'Message-ID': message.messageId,
        'List-Unsubscribe': `<${message.unsubscribe.url}>, <mailto:${message.unsubscribe.mailto}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      tags: [{ name: 'send_id', value: message.tags.send_id }],
    });
  });

  it('is accepted once however often the same message is sent with its key', async () => {
    const message = outreach();
    const first = await resendSender().send(message, target);
    const again = await resendSender().send(message, target);
    expect(again.providerMessageId).toBe(first.providerMessageId);
    expect(resend.accepted.filter((email) => email.idempotencyKey === message.idempotencyKey)).toHaveLength(1);
    expect(resend.idempotencyKeyRequests.get(message.idempotencyKey)).toBe(2);
  });

  it('reports a 429 as retriable with the wait Resend asked for', async () => {
    resend.inject({ kind: 'rate_limit', retryAfterSeconds: 7 });
    const error = await failure(resendSender().send(outreach(), target));
    expect(error).toBeInstanceOf(EmailRefused);
    expect(error).toMatchObject({ provider: 'resend', statusCode: 429, retriable: true, retryAfterSeconds: 7 });
  });

  it('reports a 500 as retriable', async () => {
    resend.inject({ kind: 'server_error' });
    const error = await failure(resendSender().send(outreach(), target));
    expect(error).toBeInstanceOf(EmailRefused);
    expect(error).toMatchObject({ statusCode: 500, retriable: true, retryAfterSeconds: null, reason: 'An unexpected error occurred.' });
  });

  it('reports a 422 as permanent with Resend’s reason', async () => {
    resend.inject({ kind: 'validation', message: 'Invalid `to` field. The email address needs to follow the `email@example.com` format.' });
    const error = await failure(resendSender().send(outreach(), target));
    expect(error).toBeInstanceOf(EmailRefused);
    expect(error).toMatchObject({ statusCode: 422, retriable: false, reason: 'Invalid `to` field. The email address needs to follow the `email@example.com` format.' });
  });

  it('reports a key reused with another body as permanent (409), without a second email', async () => {
    const message = outreach();
    await resendSender().send(message, target);
    const error = await failure(resendSender().send({ ...message, subject: 'A different subject' }, target));
    expect(error).toMatchObject({ statusCode: 409, retriable: false });
    expect(resend.accepted.filter((email) => email.idempotencyKey === message.idempotencyKey)).toHaveLength(1);
  });

  it('reports no answer within the timeout as retriable and in doubt; the retry with the same key gets the same email', async () => {
    const message = outreach();
    resend.inject({ kind: 'hang', afterAccepting: true }, { to: message.to });
    const error = await failure(resendSender(300).send(message, target));
    expect(error).toBeInstanceOf(EmailInDoubt);
    expect(error).toMatchObject({ provider: 'resend', statusCode: null, retriable: true, reason: 'No answer from Resend within 0.3 s' });
    const retried = await resendSender().send(message, target);
    const accepted = resend.accepted.filter((email) => email.idempotencyKey === message.idempotencyKey);
    expect(accepted).toHaveLength(1);
    expect(retried.providerMessageId).toBe(accepted[0]?.id);
  });

  it('reports an unreachable Resend as retriable and in doubt', async () => {
    const closed = await startResendFake();
    await closed.close();
    const sender = resendEmail({ apiKey: closed.apiKey, from: 'team@example.test', baseUrl: closed.baseUrl });
    expect(await failure(sender.send(outreach(), target))).toMatchObject({ name: 'EmailInDoubt', retriable: true, statusCode: null });
  });

  it('refuses a header value with a line break before calling Resend', async () => {
    const before = resend.requestCount;
    const error = await failure(resendSender().send(outreach({ subject: 'Hi\r\nBcc: everyone@example.test' }), target));
    expect(error).toMatchObject({ name: 'EmailRefused', retriable: false });
    expect(resend.requestCount).toBe(before);
  });
});

describe('retryAfterSeconds', () => {
  it('reads Retry-After in seconds or as a date, else the rate-limit reset', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    expect(retryAfterSeconds({ 'retry-after': '3' }, now)).toBe(3);
    expect(retryAfterSeconds({ 'Retry-After': 'Tue, 01 Dec 2026 12:00:30 GMT' }, now)).toBe(30);
    expect(retryAfterSeconds({ 'ratelimit-reset': '2', 'ratelimit-remaining': '0' }, now)).toBe(2);
    expect(retryAfterSeconds({ 'ratelimit-limit': '2' }, now)).toBeNull();
    expect(retryAfterSeconds(null, now)).toBeNull();
  });
});

describe('SMTP adapter (nodemailer against a local SMTP server)', () => {
  it('sends our Message-ID, both parts, the unsubscribe headers and the send id', async () => {
    const message = outreach();
    await smtpSender().send(message, target);
    const received = smtp.messages.find((email) => email.to.includes(message.to));
    expect(received?.from).toBe('ada@acme.test');
    expect(received?.headers.get('message-id')).toEqual([message.messageId]);
    expect(received?.headers.get('list-unsubscribe')).toEqual([`<${message.unsubscribe.url}>, <mailto:${message.unsubscribe.mailto}>`]);
    expect(received?.headers.get('list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click']);
    expect(received?.headers.get('x-switchboard-tag')).toEqual([`send_id=${message.tags.send_id}`]);
    expect(received?.headers.get('content-type')?.[0]).toMatch(/^multipart\/alternative/);
  });

  it.each([
    [451, 'data'],
    [421, 'rcpt'],
  ] as const)('reports a %i reply (at %s) as retriable', async (code, stage) => {
    smtp.inject({ code, stage });
    const error = await failure(smtpSender().send(outreach(), target));
    expect(error).toBeInstanceOf(EmailRefused);
    expect(error).toMatchObject({ provider: 'smtp', statusCode: code, retriable: true });
  });

  it('reports no reply after the message was sent as in doubt (the server may have taken it)', async () => {
    smtp.inject({ hangAfterData: true });
    const error = await failure(smtpEmail({ url: smtp.url, from: 'team@example.test', socketTimeoutMs: 300 }).send(outreach(), target));
    expect(error).toBeInstanceOf(EmailInDoubt);
    expect(error).toMatchObject({ provider: 'smtp', retriable: true, providerDeduplicates: false });
  });

  it('reports a server that cannot be reached as a retriable refusal (nothing was sent)', async () => {
    const gone = await startSmtpFake();
    await gone.close();
    const error = await failure(smtpEmail({ url: gone.url, from: 'team@example.test' }).send(outreach(), target));
    expect(error).toBeInstanceOf(EmailRefused);
    expect(error).toMatchObject({ provider: 'smtp', retriable: true });
  });

  it('reports a 550 as permanent with the server’s reason', async () => {
    smtp.inject({ code: 550, stage: 'rcpt', message: 'No such user here' });
    const error = await failure(smtpSender().send(outreach(), target));
    expect(error).toMatchObject({ statusCode: 550, retriable: false });
    expect((error as EmailRefused).reason).toContain('No such user here');
  });
});

describe('failover from Resend to SMTP', () => {
  // Only the cases where Resend hangs wait for the timeout: elsewhere it is long enough that a loaded
  // machine's slow answer is still an answer (a timeout there left the SMTP fault it injected for the next case).
  const sender = (resendTimeoutMs = 5_000) => emailWithFailover(resendSender(resendTimeoutMs), smtpSender());
  const HANG_TIMEOUT_MS = 300;

  it.each([
    ['a 429', { kind: 'rate_limit', retryAfterSeconds: 5 }],
    ['a 500', { kind: 'server_error' }],
  ] as const)('sends through SMTP when Resend answers %s', async (_label, injected) => {
    const message = outreach();
    resend.inject(injected, { to: message.to });
    const sent = await sender().send(message, target);
    expect(sent).toMatchObject({ provider: 'smtp', failedOver: { from: 'resend' } });
    expect(resend.accepted.some((email) => email.idempotencyKey === message.idempotencyKey)).toBe(false);
    const received = smtp.messages.filter((email) => email.to.includes(message.to));
    expect(received).toHaveLength(1);
    expect(received[0]?.headers.get('list-unsubscribe-post')).toEqual(['List-Unsubscribe=One-Click']);
  });

  it('does not fail over on a permanent refusal', async () => {
    const message = outreach();
    resend.inject({ kind: 'validation', message: 'Invalid `from` field.' }, { to: message.to });
    expect(await failure(sender().send(message, target))).toMatchObject({ provider: 'resend', retriable: false });
    expect(smtp.messages.some((email) => email.to.includes(message.to))).toBe(false);
  });

  it('does not fail over when Resend did not answer (it may have taken the message)', async () => {
    const message = outreach();
    resend.inject({ kind: 'hang', afterAccepting: true }, { to: message.to });
    expect(await failure(sender(HANG_TIMEOUT_MS).send(message, target))).toBeInstanceOf(EmailInDoubt);
    expect(smtp.messages.some((email) => email.to.includes(message.to))).toBe(false);
  });

  it('keeps Resend’s retry-after when SMTP also says not now', async () => {
    const message = outreach();
    resend.inject({ kind: 'rate_limit', retryAfterSeconds: 9 }, { to: message.to });
    smtp.inject({ code: 451, stage: 'rcpt' });
    expect(await failure(sender().send(message, target))).toMatchObject({ provider: 'resend', retriable: true, retryAfterSeconds: 9 });
  });

  it('sends an email Resend did not answer for once: the next run asks Resend again under the same key', async () => {
    const message = { ...outreach(), workspaceId: null };
    resend.inject({ kind: 'hang', afterAccepting: true }, { to: message.to });
    await expect(sendEmailOnce(sql, sender(HANG_TIMEOUT_MS), message)).rejects.toBeInstanceOf(EmailInDoubt);
    expect(await sendEmailOnce(sql, sender(), message)).toBe('sent');
    expect(resend.accepted.filter((email) => email.idempotencyKey === message.idempotencyKey)).toHaveLength(1);
    expect(resend.idempotencyKeyRequests.get(message.idempotencyKey)).toBe(2);
    expect(smtp.messages.some((email) => email.to.includes(message.to))).toBe(false);
  });

  it('records that SMTP sent the email on its delivery row', async () => {
    const message = { ...outreach(), workspaceId: null };
    resend.inject({ kind: 'server_error', status: 503 }, { to: message.to });
    expect(await sendEmailOnce(sql, sender(), message)).toBe('sent');
    const [row] = await sql`select provider, status, provider_message_id as "providerMessageId" from email_deliveries where idempotency_key = ${message.idempotencyKey}`;
    expect(row).toEqual({ provider: 'smtp', status: 'sent', providerMessageId: message.messageId });
  });
});

describe('emailSenderForWorkspace', () => {
  const WORKSPACE = '0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c8d';
  // The resolver's answer for a workspace: its own keys where set (resolution itself is tested in packages/db).
  const keys = (own: { resend?: string; smtp?: string }): ProviderKeyResolver =>
    (async (workspaceId: string | null, kind: 'resend' | 'smtp') => {
      expect(workspaceId).toBe(WORKSPACE);
      if (kind === 'resend' && own.resend) return { fields: { apiKey: own.resend }, source: 'workspace' };
      if (kind === 'smtp' && own.smtp) return { fields: { url: own.smtp }, source: 'workspace' };
      return null;
    }) as ProviderKeyResolver;
  const options = () => ({ from: 'team@example.test', resendBaseUrl: resend.baseUrl });

  it('sends with the workspace’s own Resend key, failing over to its SMTP', async () => {
    const sender = await emailSenderForWorkspace(keys({ resend: resend.apiKey, smtp: smtp.url }), WORKSPACE, options());
    const message = outreach();
    resend.inject({ kind: 'rate_limit', retryAfterSeconds: 1 }, { to: message.to });
    expect(await sender.send(message, target)).toMatchObject({ provider: 'smtp' });
    expect(await sender.send(outreach(), target)).toMatchObject({ provider: 'resend' });
  });

  it('uses SMTP alone, or the sandbox outbox, when that is all there is', async () => {
    expect((await emailSenderForWorkspace(keys({ smtp: smtp.url }), WORKSPACE, options())).provider).toBe('smtp');
    expect((await emailSenderForWorkspace(keys({}), WORKSPACE, options())).provider).toBe('sandbox');
  });
});
