import { z } from 'zod';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const NUL_MESSAGE = 'Cannot contain a NUL character (U+0000).';
export const LONE_SURROGATE_MESSAGE = 'Contains a broken character (half of an emoji or other UTF-16 surrogate pair): type or paste it again.';

/**
 * Why `value` cannot be stored as text, or null when it can. Postgres refuses NUL in text, and a
 * lone surrogate is not Unicode at all (it would be stored as U+FFFD, silently changed).
 */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(value)) return LONE_SURROGATE_MESSAGE;
  return null;
}

/**
 * A string that can be stored and compared as text: every text input's schema starts here instead
 * of `z.string()`, so a bad character is refused with a message at the edge, before any query.
 * Chain as usual: `safeText().trim().min(1).max(200)`.
 */
export function safeText(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).superRefine((value, context) => {
    const problem = textProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
}
