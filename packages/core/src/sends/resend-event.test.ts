import { describe, expect, it } from 'vitest';
import { resendSendReference } from './resend-event.ts';

describe('resendSendReference', () => {
  it("reads Resend's email id and our send_id tag in either of Resend's tag shapes", () => {
    expect(resendSendReference({ email_id: 'em_1', tags: { send_id: 's-1' } })).toEqual({ emailId: 'em_1', sendId: 's-1' });
    expect(resendSendReference({ tags: [{ name: 'other', value: 'x' }, { name: 'send_id', value: 's-2' }] })).toEqual({ emailId: null, sendId: 's-2' });
  });

  it('names nothing for an event without them, or with values that are not text', () => {
    expect(resendSendReference({})).toEqual({ emailId: null, sendId: null });
    expect(resendSendReference({ email_id: 42, tags: { send_id: { id: 1 } } })).toEqual({ emailId: null, sendId: null });
    expect(resendSendReference({ email_id: '', tags: [null, 'send_id'] })).toEqual({ emailId: null, sendId: null });
  });
});
