import { evidenceLines, type WriterEvidence } from './evidence.ts';
import { AI_OPENING_MAX_CHARS, AI_SUBJECT_MAX_CHARS } from './schema.ts';

/** What one email step asks the writer for. */
export interface WritingRequest {
  evidence: WriterEvidence;
  /** The step's plain subject, already rendered (no Liquid left), which the written one replaces. */
  templateSubject: string;
  /** 1 for the first email, 2+ for follow-ups. */
  stepNumber: number;
}

export interface WritingPrompt {
  system: string;
  user: string;
}

/**
 * The messages for one writing. The evidence block is the only source of facts, and the model is
 * told so: validateWriting then rejects numbers, links and addresses that are not in it.
 */
export function buildWritingPrompt(request: WritingRequest): WritingPrompt {
  const system = [
    'You write the subject and the opening line(s) of a short, polite B2B cold email.',
    'Use ONLY the facts in the evidence block. Do not invent or guess anything: no numbers, dates, prices, names of people, links, awards or claims that are not in the evidence.',
    'If the evidence is thin, write a plain, friendly opening that mentions only the business name and what is known.',
    'Never use placeholders such as [Name], {{first_name}} or <company>; write finished text.',
    `The subject is at most ${AI_SUBJECT_MAX_CHARS} characters; the opening is one or two sentences, at most ${AI_OPENING_MAX_CHARS} characters, and does not greet (the template adds the greeting).`,
    'Write in the language of the evidence. Answer with the JSON object the schema describes.',
  ].join('\n');
  const user = [
    'Evidence about the business (the only facts you may use):',
    ...evidenceLines(request.evidence).map((line) => `- ${line}`),
    '',
    request.stepNumber <= 1 ? 'This is the first email to them.' : `This is follow-up number ${request.stepNumber - 1}; they have not replied yet.`,
    `The plain subject it replaces: ${request.templateSubject}`,
  ].join('\n');
  return { system, user };
}
