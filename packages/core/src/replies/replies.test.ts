import { describe, expect, it } from 'vitest';
import { bounceKind } from './bounce.ts';
import { classifyReply, mailAddressOf, referencedMessageIds } from './classify.ts';

describe('referencedMessageIds', () => {
  it('reads In-Reply-To first, then References newest first, whatever the header names’ case', () => {
    const ids = referencedMessageIds({ 'In-Reply-To': '<b@x.test>', references: '<a@x.test> <b@x.test>\r\n <c@x.test>' });
    expect(ids).toEqual(['<b@x.test>', '<c@x.test>', '<a@x.test>']);
  });

  it('finds nothing when neither header is there', () => {
    expect(referencedMessageIds({ Subject: 'hi' })).toEqual([]);
  });
});

describe('classifyReply', () => {
  const reply = (overrides: Partial<Parameters<typeof classifyReply>[0]>) => classifyReply({ subject: 'Re: Hello', headers: {}, text: 'Sounds good, call me.', ...overrides });

  it('takes a person’s answer as a reply', () => {
    expect(reply({})).toBe('reply');
  });

  it('recognises auto-replies by header and by subject', () => {
    expect(reply({ headers: { 'Auto-Submitted': 'auto-replied' } })).toBe('out_of_office');
    expect(reply({ headers: { 'auto-submitted': 'no' } })).toBe('reply');
    expect(reply({ headers: { 'X-Autoreply': 'yes' } })).toBe('out_of_office');
    expect(reply({ headers: { Precedence: 'auto_reply' } })).toBe('out_of_office');
    expect(reply({ subject: 'Out of Office: Re: Hello' })).toBe('out_of_office');
    expect(reply({ subject: 'Automatic reply: Hello' })).toBe('out_of_office');
  });

  it('recognises requests to stop writing, even in an auto-reply-free short answer', () => {
    expect(reply({ text: 'Please remove me from your list.' })).toBe('unsubscribe_request');
    expect(reply({ text: 'UNSUBSCRIBE' })).toBe('unsubscribe_request');
    expect(reply({ text: "Don't email me again" })).toBe('unsubscribe_request');
  });

  it('lets an auto-reply win over words in its text (an out-of-office is not a request)', () => {
    expect(reply({ subject: 'Out of office', text: 'To unsubscribe from our newsletter…' })).toBe('out_of_office');
  });
});

describe('bounceKind', () => {
  it('counts only a permanent bounce as hard', () => {
    expect(bounceKind({ type: 'Permanent' })).toBe('hard');
    expect(bounceKind({ type: 'Transient' })).toBe('soft');
    expect(bounceKind({ type: 'Undetermined' })).toBe('soft');
    expect(bounceKind(undefined)).toBe('soft');
  });
});

describe('mailAddressOf', () => {
  it('takes the address out of a display name, lower-cased', () => {
    expect(mailAddressOf('Sam Lee <Sam@Acme.test>')).toBe('sam@acme.test');
    expect(mailAddressOf(' owner@plumbing.example ')).toBe('owner@plumbing.example');
    expect(mailAddressOf('undisclosed-recipients:;')).toBeNull();
  });
});
