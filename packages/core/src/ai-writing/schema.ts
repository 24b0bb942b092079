import { z } from 'zod';

/** Inbox clients cut subjects around 60–80 characters. */
export const AI_SUBJECT_MAX_CHARS = 78;
/** One or two sentences before the template's body. */
export const AI_OPENING_MAX_CHARS = 320;

/**
 * The structured-output contract sent with each request (response_format json_schema, strict).
 * Strict mode accepts a subset of JSON Schema without length keywords, so the limits are stated
 * in the descriptions and enforced by ZAiWriting on the answer.
 */
export const AI_WRITING_JSON_SCHEMA = {
  name: 'email_opening',
  strict: true,
  schema: {
    type: 'object',
    properties: {
      subject: { type: 'string', description: `The email subject, at most ${AI_SUBJECT_MAX_CHARS} characters, no placeholders.` },
      opening: {
        type: 'string',
        description: `One or two opening sentences, at most ${AI_OPENING_MAX_CHARS} characters, using only facts from the evidence.`,
      },
    },
    required: ['subject', 'opening'],
    additionalProperties: false,
  },
} as const;

/** The answer as the writer must return it. */
export const ZAiWriting = z.strictObject({
  subject: z.string().trim().min(1, { error: 'the subject is empty' }).max(AI_SUBJECT_MAX_CHARS, { error: `the subject is longer than ${AI_SUBJECT_MAX_CHARS} characters` }),
  opening: z.string().trim().min(1, { error: 'the opening is empty' }).max(AI_OPENING_MAX_CHARS, { error: `the opening is longer than ${AI_OPENING_MAX_CHARS} characters` }),
});
export type AiWriting = z.output<typeof ZAiWriting>;
