import { describe, expect, it } from 'vitest';
import { replyTextOf } from './reply-text.ts';

describe('replyTextOf', () => {
  it('keeps only what the person wrote above the quoted message', () => {
    const text = 'Sounds good.\r\nThursday works.\r\n\r\nOn Mon, Nov 30, 2026 at 10:00 AM Ann <ann@acme.test> wrote:\r\n> Would you like a demo?\r\n> Unsubscribe: https://switchboard.test/u/abc\r\n';
    expect(replyTextOf({ text, html: null, headers: {} })).toBe('Sounds good.\nThursday works.');
  });

  it('reads an HTML-only reply without its quoted blockquote', () => {
    const html = '<div>Not interested, thanks.</div><blockquote>Would you like a demo? <a href="#">Unsubscribe</a></blockquote>';
    expect(replyTextOf({ text: null, html, headers: {} })).toBe('Not interested, thanks.');
  });

  it('gives an empty text when the email had none', () => {
    expect(replyTextOf(null)).toBe('');
  });
});
