import { evidenceLines, type WriterEvidence } from './evidence.ts';
import { ZAiWriting, type AiWriting } from './schema.ts';

export type WritingRejection = 'schema_violation' | 'placeholder' | 'ungrounded';

export type WritingCheck = { ok: true; writing: AiWriting } | { ok: false; reason: WritingRejection; detail: string };

// Template syntax and the usual fill-in markers a model leaves behind.
const PLACEHOLDERS = [/\{\{|\}\}|\{%|%\}/, /\{[a-z_ ]+\}/i, /\[[^\]]{1,40}\]/, /<[a-z_ ]{1,40}>/i, /%[A-Z_]{2,}%/, /\bX{3,}\b/, /\blorem ipsum\b/i];
const NUMBER = /\d+(?:[.,]\d+)*/g;
const URL_OR_DOMAIN = /\b(?:https?:\/\/)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:\/\S*)?/gi;
const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/gi;

/**
 * Accepts a writer's answer only when it has the schema's shape, no placeholder left, and no number,
 * link or address that the evidence (or the plain subject) does not contain. Simple on purpose: it
 * catches the common inventions (a review count, a year, a made-up link), not every paraphrase.
 */
export function validateWriting(answer: unknown, evidence: WriterEvidence, templateSubject: string): WritingCheck {
  const parsed = ZAiWriting.safeParse(answer);
  if (!parsed.success) return { ok: false, reason: 'schema_violation', detail: parsed.error.issues.map((issue) => issue.message).join('; ') };
  const writing = parsed.data;
  const text = `${writing.subject}\n${writing.opening}`;

  const known = [...evidenceLines(evidence), templateSubject].join('\n').toLowerCase();
  // A business really named "Joe's [Bakery]" is not a placeholder.
  const placeholder = PLACEHOLDERS.map((pattern) => text.match(pattern)?.[0]).find((found) => found !== undefined && !known.includes(found.toLowerCase()));
  if (placeholder) return { ok: false, reason: 'placeholder', detail: `it left a placeholder: ${placeholder}` };

  const knownNumbers = new Set([...known.matchAll(NUMBER)].map((match) => digitsOf(match[0])));
  const invented = [...text.matchAll(NUMBER)].map((match) => match[0]).find((number) => !knownNumbers.has(digitsOf(number)));
  if (invented) return { ok: false, reason: 'ungrounded', detail: `the number ${invented} is not in the lead's evidence` };

  for (const match of text.matchAll(EMAIL)) {
    if (!known.includes(match[0].toLowerCase())) return { ok: false, reason: 'ungrounded', detail: `the address ${match[0]} is not in the lead's evidence` };
  }
  const withoutEmails = text.replace(EMAIL, ' ');
  for (const match of withoutEmails.matchAll(URL_OR_DOMAIN)) {
    const host = hostOf(match[0]);
    if (!known.includes(host)) return { ok: false, reason: 'ungrounded', detail: `the link ${match[0]} is not in the lead's evidence` };
  }
  return { ok: true, writing };
}

/** "1,200" and "1200" are the same number; "4.8" keeps its point apart from "48". */
function digitsOf(number: string): string {
  return number.replace(/,(?=\d{3}\b)/g, '').replace(',', '.');
}

function hostOf(link: string): string {
  return link
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .split('/')[0]!
    .replace(/[.,;:!?)]+$/, '');
}
