import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpFake, type SmtpFake } from './smtp-fake.ts';

let fake: SmtpFake;

beforeAll(async () => {
  fake = await startSmtpFake();
});

afterAll(() => fake.close());

const send = (to: string) => createTransport(fake.url).sendMail({ from: 'ada@acme.test', to, subject: 'Hi', text: 'Hello' });

describe('SMTP fake', () => {
  it('keeps the envelope, the raw message and its headers', async () => {
    await send('kept@example.test');
    const message = fake.messages.find((received) => received.to.includes('kept@example.test'));
    expect(message?.from).toBe('ada@acme.test');
    expect(message?.headers.get('subject')).toEqual(['Hi']);
    expect(message?.raw).toContain('Hello');
  });

  it('answers injected 421, 451 and 550 replies with their codes, then takes mail again', async () => {
    for (const [code, stage] of [
      [421, 'rcpt'],
      [451, 'data'],
      [550, 'rcpt'],
    ] as const) {
      fake.inject({ code, stage });
      await expect(send(`refused-${code}@example.test`)).rejects.toMatchObject({ responseCode: code });
      expect(fake.messages.some((received) => received.to.includes(`refused-${code}@example.test`))).toBe(false);
    }
    await send('after@example.test');
    expect(fake.messages.some((received) => received.to.includes('after@example.test'))).toBe(true);
  });
});
