import { AI_OPENING_MAX_CHARS, AI_SUBJECT_MAX_CHARS, validateWriting, type AiWritingResult, type WriterEvidence, type WritingRequest } from '@switchboard/core';
import type { AiWriter } from './types.ts';

/** The sandbox writer's model name: stored with each writing, so the record says no AI wrote it. */
export const SANDBOX_WRITER_MODEL = 'sandbox-writer-1';

/**
 * Stands in for OpenAI with no key: the same lead and step always get the same text, built from
 * the lead's evidence only, at no cost. Checked by the same rules as a model's answer.
 */
export const sandboxAiWriter: AiWriter = {
  name: 'sandbox',
  model: SANDBOX_WRITER_MODEL,
  async write(request): Promise<AiWritingResult> {
    const written = { subject: sandboxSubject(request), opening: sandboxOpening(request) };
    const base = { writer: 'sandbox' as const, model: SANDBOX_WRITER_MODEL, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    const checked = validateWriting(written, request.evidence, request.templateSubject);
    if (!checked.ok) return { ...base, fallback: true, reason: checked.reason, detail: checked.detail };
    return { ...base, fallback: false, ...checked.writing };
  },
};

function sandboxSubject({ evidence, templateSubject, stepNumber }: WritingRequest): string {
  const name = evidence.leadName;
  const choices =
    stepNumber > 1
      ? [`Following up, ${name}`, `Re: ${templateSubject}`, `One more note for ${name}`]
      : [`A question for ${name}`, `${name}: ${templateSubject}`, evidence.city ? `${name} in ${evidence.city}` : `Hello, ${name}`];
  return cut(pick(choices, evidence, stepNumber), AI_SUBJECT_MAX_CHARS);
}

function sandboxOpening({ evidence, stepNumber }: WritingRequest): string {
  const name = evidence.leadName;
  const where = evidence.city ? ` in ${evidence.city}` : '';
  if (stepNumber > 1) return cut(`I am following up on my earlier note to ${name}${where}.`, AI_OPENING_MAX_CHARS);
  const sentence = firstSentence(evidence.description);
  const choices = [
    sentence ? `I read on your website: "${sentence}"` : null,
    evidence.category ? `I came across ${name}, listed as ${article(evidence.category)} ${evidence.category.toLowerCase()}${where}.` : null,
    evidence.rating !== null ? `I saw that ${name} is rated ${evidence.rating} out of 5${evidence.reviewCount !== null ? ` from ${evidence.reviewCount} reviews` : ''}.` : null,
  ].filter((choice): choice is string => choice !== null);
  return cut(choices.length > 0 ? pick(choices, evidence, stepNumber) : `I came across ${name}${where} and wanted to reach out.`, AI_OPENING_MAX_CHARS);
}

/** The same lead and step pick the same phrasing; other leads vary. */
function pick(choices: readonly string[], evidence: WriterEvidence, stepNumber: number): string {
  return choices[fnv1a(`${evidence.leadName}\n${evidence.website ?? ''}\n${stepNumber}`) % choices.length]!;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function firstSentence(text: string | null): string | null {
  const sentence = text?.split(/(?<=[.!?])\s/)[0]?.trim();
  return sentence ? cut(sentence, 200) : null;
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** At most `max` characters, cut at a word with an ellipsis. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const atWord = head.slice(0, head.lastIndexOf(' ')).trim();
  return `${atWord || head}…`;
}
