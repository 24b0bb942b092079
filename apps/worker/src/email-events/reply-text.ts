import EmailReplyParser from 'email-reply-parser';
import type { ReceivedEmailContent } from '../adapters/email/resend-inbound.ts';

// Long enough for any real reply; a pasted document is cut rather than stored whole.
const REPLY_TEXT_MAX_CHARS = 20_000;

/**
 * The reply's own words: the quoted earlier message ("On … wrote:", "> " lines) and the signature are
 * stripped by email-reply-parser (GitHub's rules, ported), so the timeline shows what the person wrote
 * and the unsubscribe rule never reads our own footer in the quote. An HTML-only reply is reduced to text first.
 */
export function replyTextOf(content: ReceivedEmailContent | null): string {
  const raw = content?.text ?? (content?.html ? htmlToText(content.html) : '');
  if (!raw.trim()) return '';
  const visible = new EmailReplyParser().parseReply(raw.replace(/\r\n/g, '\n'));
  return visible.trim().slice(0, REPLY_TEXT_MAX_CHARS);
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<blockquote[\s\S]*?<\/blockquote>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
