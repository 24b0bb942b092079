import { Invalid } from '../errors/index.ts';
import { renderLiquidSync } from './engine.ts';
import { TEMPLATE_OBJECT_FIELDS, type TemplateContext } from './fields.ts';
import { htmlFromText } from './html.ts';

export interface EmailTemplate {
  subject: string;
  body: string;
}

export interface RenderedEmail {
  /** One line: line breaks a field brings in are spaces, so no header can be injected. */
  subject: string;
  text: string;
  html: string;
}

const SUBJECT_MAX_CHARS = 998;

/** The scope a template sees: only allow-listed fields, each present (null when unknown). */
export function templateScope(context: TemplateContext): Record<string, unknown> {
  const scope: Record<string, unknown> = { unsubscribe_url: context.unsubscribe_url };
  for (const [object, fields] of Object.entries(TEMPLATE_OBJECT_FIELDS)) {
    const source: Record<string, unknown> = context[object as keyof typeof TEMPLATE_OBJECT_FIELDS] ?? {};
    const value: Record<string, unknown> = {};
    for (const field of fields) {
      const fieldValue = Object.hasOwn(source, field) ? source[field] : null;
      // An empty string reads as "unknown", so `| default:` fills it like a missing one.
      value[field] = fieldValue === '' || fieldValue === undefined ? null : fieldValue;
    }
    scope[object] = value;
  }
  return scope;
}

function renderPart(source: string, scope: Record<string, unknown>, part: 'subject' | 'body'): string {
  try {
    return String(renderLiquidSync(source, scope));
  } catch (error) {
    throw new Invalid(`The ${part} template cannot be rendered: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Subject, text part and HTML part of one email for one lead. Throws `Invalid` for a broken template (lint first). */
export function renderEmail(template: EmailTemplate, context: TemplateContext): RenderedEmail {
  const scope = templateScope(context);
  const subject = renderPart(template.subject, scope, 'subject').replace(/\s+/g, ' ').trim().slice(0, SUBJECT_MAX_CHARS);
  const text = renderPart(template.body, scope, 'body')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { subject, text: `${text}\n`, html: htmlFromText(text) };
}

export interface ContactFormTemplate {
  subject: string;
  body: string;
  senderName: string;
  senderEmail: string;
}

/**
 * A contact form step's subject and message for one lead, as plain text (a form box takes no HTML).
 * The sender's name and address are `mailbox.sender_name` and `mailbox.from_address`; a form has no
 * unsubscribe link. Throws `Invalid` for a broken template (lint first).
 */
export function renderContactForm(template: ContactFormTemplate, context: Omit<TemplateContext, 'mailbox' | 'unsubscribe_url'>): { subject: string; message: string } {
  const scope = templateScope({ ...context, mailbox: { sender_name: template.senderName, from_address: template.senderEmail }, unsubscribe_url: '' });
  const subject = renderPart(template.subject, scope, 'subject').replace(/\s+/g, ' ').trim().slice(0, SUBJECT_MAX_CHARS);
  const message = renderPart(template.body, scope, 'body').replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
  return { subject, message };
}
