import { absoluteUrl, cleanText, type Cheerio, type CheerioAPI, type DomNode } from './dom.ts';

export interface ContactFormField {
  name: string;
  /** The input type ("email", "tel", "text" …), or "textarea" / "select". */
  type: string;
  label: string | null;
  required: boolean;
}

export interface ContactForm {
  action: string;
  method: string;
  fields: ContactFormField[];
}

const NOT_FILLED_IN = new Set(['hidden', 'submit', 'button', 'reset', 'image']);

/**
 * Forms a visitor can write to the business with: one with a message box, or an email field with at
 * least two other fields. A newsletter box (email only) or a site search is not a contact form.
 */
export function findContactForms($: CheerioAPI, pageUrl: string): ContactForm[] {
  const baseUrl = absoluteUrl($('base[href]').attr('href'), pageUrl)?.toString() ?? pageUrl;
  const forms: ContactForm[] = [];
  $('form').each((_, form) => {
    const fields = $(form)
      .find('input,textarea,select')
      .toArray()
      .filter((element) => !NOT_FILLED_IN.has(fieldType($, element)) && !isHidden($(element)))
      .map((element) => readField($, element));
    const hasMessage = fields.some((field) => field.type === 'textarea');
    const emailFields = fields.filter((field) => field.type === 'email' || /e-?mail/i.test(field.name));
    if (!hasMessage && !(emailFields.length > 0 && fields.length >= 3)) return;
    const action = absoluteUrl($(form).attr('action') || pageUrl, baseUrl)?.toString() ?? pageUrl;
    forms.push({ action, method: ($(form).attr('method') ?? 'get').toLowerCase(), fields });
  });
  return forms;
}

function fieldType($: CheerioAPI, element: DomNode): string {
  const tag = 'name' in element ? element.name.toLowerCase() : '';
  if (tag === 'textarea' || tag === 'select') return tag;
  return ($(element).attr('type') ?? 'text').toLowerCase();
}

function readField($: CheerioAPI, element: DomNode): ContactFormField {
  const field = $(element);
  return {
    name: field.attr('name') ?? field.attr('id') ?? '',
    type: fieldType($, element),
    label: labelOf($, field),
    required: field.attr('required') !== undefined || field.attr('aria-required') === 'true',
  };
}

function labelOf($: CheerioAPI, field: Cheerio<DomNode>): string | null {
  const id = field.attr('id');
  const byFor = id ? $('label').filter((_, label) => $(label).attr('for') === id).first() : null;
  const wrapping = field.closest('label');
  const labelledBy = field.attr('aria-labelledby');
  const candidates = [
    byFor?.length ? byFor.text() : null,
    wrapping.length ? wrapping.clone().find('input,textarea,select').remove().end().text() : null,
    field.attr('aria-label'),
    labelledBy ? $(`#${cssEscape(labelledBy)}`).text() : null,
    field.attr('placeholder'),
  ];
  for (const candidate of candidates) {
    const text = cleanText(candidate)?.replace(/\s*[*:]+\s*$/, '').trim();
    if (text) return text;
  }
  return null;
}

/** Honeypot fields hidden from people (and so from us) with inline styles or the hidden attribute. */
function isHidden(field: Cheerio<DomNode>): boolean {
  return field
    .parents()
    .addBack()
    .toArray()
    .some((element) => 'attribs' in element && (element.attribs.hidden !== undefined || /display\s*:\s*none/i.test(element.attribs.style ?? '')));
}

function cssEscape(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, (character) => `\\${character}`);
}
