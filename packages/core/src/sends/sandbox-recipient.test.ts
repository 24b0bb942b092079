import { describe, expect, it } from 'vitest';
import { planSandboxRecipient, sandboxRecipientEventBody, SANDBOX_REPLY_NOTE, type SandboxRecipientEvent } from './sandbox-recipient.ts';

const sendIds = Array.from({ length: 4000 }, (_, index) => `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`);
const OUTCOMES: readonly SandboxRecipientEvent[] = ['delivered', 'bounced', 'complained'];

describe('planSandboxRecipient', () => {
  it('gives every send exactly one outcome, first, and answers only delivered emails', () => {
    for (const sendId of sendIds) {
      const plan = planSandboxRecipient({ seed: 11, sendId, timeScale: 1 });
      expect(plan.filter(({ event }) => OUTCOMES.includes(event))).toHaveLength(1);
      const outcome = plan.find(({ event }) => OUTCOMES.includes(event))!;
      if (outcome.event !== 'delivered') expect(plan).toHaveLength(1);
      expect(plan.filter(({ event }) => event === 'replied' || event === 'auto_replied').length).toBeLessThanOrEqual(1);
      expect(plan.every(({ afterMs }, index) => index === 0 || afterMs >= plan[index - 1]!.afterMs)).toBe(true);
    }
  });

  it('is the same for the same seed and send, and differs with the seed', () => {
    const plans = (seed: number) => sendIds.slice(0, 300).map((sendId) => planSandboxRecipient({ seed, sendId, timeScale: 1 }));
    expect(plans(11)).toEqual(plans(11));
    expect(plans(12)).not.toEqual(plans(11));
  });

  it('draws about the stated shares: ~0.5 % bounced, ~4 % replied, ~1 % auto-replied', () => {
    const count = (event: SandboxRecipientEvent) => sendIds.filter((sendId) => planSandboxRecipient({ seed: 7, sendId, timeScale: 1 }).some((planned) => planned.event === event)).length / sendIds.length;
    expect(count('bounced')).toBeGreaterThan(0.002);
    expect(count('bounced')).toBeLessThan(0.01);
    expect(count('replied')).toBeGreaterThan(0.025);
    expect(count('replied')).toBeLessThan(0.055);
    expect(count('auto_replied')).toBeGreaterThan(0.003);
    expect(count('auto_replied')).toBeLessThan(0.02);
    expect(count('delivered')).toBeGreaterThan(0.99);
  });

  it('delivers within seconds and answers within minutes at scale 1, and scales both', () => {
    for (const sendId of sendIds.slice(0, 500)) {
      const plan = planSandboxRecipient({ seed: 11, sendId, timeScale: 1 });
      for (const { event, afterMs } of plan) {
        if (event === 'delivered' || event === 'bounced') expect(afterMs).toBeLessThanOrEqual(8_000);
        if (event === 'replied') expect(afterMs).toBeGreaterThanOrEqual(60_000);
        expect(afterMs).toBeLessThanOrEqual(11 * 60_000);
      }
      const fast = planSandboxRecipient({ seed: 11, sendId, timeScale: 0.001 });
      expect(fast.map(({ event }) => event)).toEqual(plan.map(({ event }) => event));
      expect(Math.max(...fast.map(({ afterMs }) => afterMs))).toBeLessThanOrEqual(660);
    }
  });
});

describe('sandboxRecipientEventBody', () => {
  const send = { sendId: sendIds[0]!, providerMessageId: 'sandbox:42', messageId: '<abc@switchboard.test>', toAddress: 'owner@lead.test', fromAddress: 'ann@acme.test', subject: 'Quick question' };
  const at = new Date('2026-12-03T10:00:00Z');

  it('names the send by its outbox id and send id tag, as a Resend event does', () => {
    expect(sandboxRecipientEventBody('bounced', send, at, 11)).toMatchObject({ type: 'email.bounced', data: { email_id: 'sandbox:42', tags: { send_id: send.sendId }, bounce: { type: 'Permanent' } } });
  });

  it('answers in the thread of the sent email, labelled as simulated; an out-of-office says it is automatic', () => {
    const reply = sandboxRecipientEventBody('replied', send, at, 11);
    expect(reply).toMatchObject({
      type: 'email.received',
      data: { from: 'Sandbox recipient <owner@lead.test>', subject: '[Sandbox] Re: Quick question', headers: { 'In-Reply-To': send.messageId }, text: expect.stringContaining(SANDBOX_REPLY_NOTE) },
    });
    expect(reply.data.headers).not.toHaveProperty('Auto-Submitted');
    expect(sandboxRecipientEventBody('auto_replied', send, at, 11).data.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied', 'In-Reply-To': send.messageId });
  });
});
