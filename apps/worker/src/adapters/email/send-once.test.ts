import { createSql, type Sql } from '@switchboard/db';
import type { TestDatabase } from '@switchboard/db/testing';
import { createServer, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../tests/database.ts';
import { resendEmail } from './resend.ts';
import { HIDDEN_LINK_PLACEHOLDER, sandboxEmail } from './sandbox.ts';
import { sendEmailOnce } from './send-once.ts';
import { EmailRefused, type EmailSender } from './types.ts';

let database: TestDatabase;
let sql: Sql;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = createSql(database.url, { applicationName: 'send-once-test' });
});

afterAll(async () => {
  await sql.end();
  await database.drop();
});

const message = (key: string) => ({ to: 'lead@example.test', subject: 'Hello', text: 'Hi there', idempotencyKey: key, workspaceId: null });

function countingSender(behaviour: (call: number) => void): EmailSender & { calls: number } {
  const sender = {
    provider: 'resend' as const,
    calls: 0,
    async send() {
      sender.calls += 1;
      behaviour(sender.calls);
      return { providerMessageId: `msg-${sender.calls}` };
    },
  };
  return sender;
}

describe('sendEmailOnce', () => {
  it('sends once however often the job runs', async () => {
    const sender = countingSender(() => {});
    expect(await sendEmailOnce(sql, sender, message('job-1'))).toBe('sent');
    expect(await sendEmailOnce(sql, sender, message('job-1'))).toBe('already_sent');
    expect(sender.calls).toBe(1);
  });

  it('never sends twice when the worker dies after the provider accepted', async () => {
    // The provider takes the message, then the connection drops before the answer arrives.
    const sender = countingSender(() => {
      throw new Error('socket hang up');
    });
    await expect(sendEmailOnce(sql, sender, message('job-2'))).rejects.toThrow('socket hang up');
    expect(await sendEmailOnce(sql, sender, message('job-2'))).toBe('in_doubt');
    expect(sender.calls).toBe(1);
  });

  it('tries again after a clean refusal', async () => {
    const sender = countingSender((call) => {
      if (call === 1) throw new EmailRefused('rate limited');
    });
    await expect(sendEmailOnce(sql, sender, message('job-3'))).rejects.toThrow(EmailRefused);
    expect(await sendEmailOnce(sql, sender, message('job-3'))).toBe('sent');
    expect(sender.calls).toBe(2);
  });

  it('puts sandbox email in the outbox', async () => {
    expect(await sendEmailOnce(sql, sandboxEmail, { ...message('job-4'), subject: 'Sandbox hello' })).toBe('sent');
    const [stored] = await sql`select to_address as "to", body_text as "bodyText" from sandbox_outbox where subject = 'Sandbox hello'`;
    expect(stored).toMatchObject({ to: 'lead@example.test', bodyText: 'Hi there' });
  });

  it('keeps a one-time link out of every part of a sandbox email a reader sees, its HTML included', async () => {
    const link = 'https://switchboard.test/auth/link?token=one-time-secret-token';
    const email = { ...message('job-sandbox-link'), subject: 'Sign in', text: `Sign in: ${link}`, html: `<p><a href="${link}">Sign in</a> or paste ${link}</p>`, secretLink: link };
    expect(await sendEmailOnce(sql, sandboxEmail, email)).toBe('sent');
    const [stored] = await sql<{ bodyText: string; bodyHtml: string; headers: unknown; secretLink: string }[]>`
      select body_text as "bodyText", body_html as "bodyHtml", headers, secret_link as "secretLink" from sandbox_outbox where subject = 'Sign in'`;
    expect(stored!.secretLink).toBe(link);
    expect(JSON.stringify([stored!.bodyText, stored!.bodyHtml, stored!.headers])).not.toContain('one-time-secret-token');
    expect(stored!.bodyHtml).toContain(HIDDEN_LINK_PLACEHOLDER);
  });
});

describe('Resend adapter against a local fake', () => {
  it('sends with the API key and idempotency key, and reports a refusal as such', async () => {
    const requests: { auth: string | undefined; idempotencyKey: string | undefined; body: Record<string, unknown> }[] = [];
    const server = createServer(async (request: IncomingMessage, response) => {
      let raw = '';
      for await (const chunk of request) raw += chunk;
      const body = JSON.parse(raw) as Record<string, unknown>;
      requests.push({ auth: request.headers.authorization, idempotencyKey: request.headers['idempotency-key'] as string | undefined, body });
      response.setHeader('content-type', 'application/json');
      if (body.to === 'refused@example.test') {
        response.statusCode = 422;
        response.end(JSON.stringify({ statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' }));
        return;
      }
      response.end(JSON.stringify({ id: 're_fake_123' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const sender = resendEmail({ apiKey: 're_test_key_1234', from: 'Switchboard <team@example.test>', baseUrl });
      expect(await sendEmailOnce(sql, sender, message('job-5'))).toBe('sent');
      expect(requests[0]).toEqual({
        auth: 'Bearer re_test_key_1234',
        idempotencyKey: 'job-5',
        body: expect.objectContaining({ from: 'Switchboard <team@example.test>', to: 'lead@example.test', subject: 'Hello', text: 'Hi there' }),
      });
      await expect(sendEmailOnce(sql, sender, { ...message('job-6'), to: 'refused@example.test' })).rejects.toThrow(/Resend refused the email: Invalid `to` field\./);
    } finally {
      server.close();
    }
  });
});
