import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { ZodError } from 'zod';

// Turns what a procedure threw into what the page shows, for loaders and actions alike. Errors about
// the request (a bad id, a missing lead, a refused role, a provider that said no) are the person's to
// read, with their 4xx/5xx status. An internal error, or anything that is not a tRPC error, is ours:
// it goes to the generic error page and the log.

/** What a person should read: the validation messages of a bad input, or the error's own sentence. */
export function requestErrorMessage(error: TRPCError): string {
  if (error.cause instanceof ZodError) return [...new Set(error.cause.issues.map((issue) => issue.message))].slice(0, 20).join(' ');
  return error.message;
}

/** The status and message of a request error, or null for anything unexpected. */
export function requestError(error: unknown): { status: number; message: string } | null {
  // The error middleware turns every unexpected failure into INTERNAL_SERVER_ERROR with a generic
  // message; every other code carries a sentence written for people.
  if (!(error instanceof TRPCError) || error.code === 'INTERNAL_SERVER_ERROR') return null;
  return { status: getHTTPStatusCodeFromError(error), message: requestErrorMessage(error) };
}

/** For loaders: a request error becomes an error response the route's boundary shows; others rethrow. */
export function throwRequestError(error: unknown): never {
  const problem = requestError(error);
  if (problem) throw new Response(problem.message, { status: problem.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  throw error;
}

// A posted list of 50,000 wrong items is 50,000 issues on one field: the page says each problem once, and a few at most.
const MAX_MESSAGES_PER_FIELD = 5;

/**
 * Field errors keyed by the form field they belong to: the last named step of each issue's path, so
 * `target.queries[0]` lands on the "queries" field. Empty for errors that are not about fields.
 */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  if (!(error instanceof TRPCError) || !(error.cause instanceof ZodError)) return {};
  const fields: Record<string, string[]> = {};
  for (const issue of error.cause.issues) {
    const field = [...issue.path].reverse().find((step): step is string => typeof step === 'string') ?? 'form';
    const messages = (fields[field] ??= []);
    if (messages.length < MAX_MESSAGES_PER_FIELD && !messages.includes(issue.message)) messages.push(issue.message);
  }
  return fields;
}

export interface FormFailure {
  message: string;
  fieldErrors: Record<string, string[] | undefined>;
}

/**
 * For actions: the message and per-field errors a form shows, with the status to answer with.
 * Anything unexpected is rethrown to the error boundary.
 */
export function formFailure(error: unknown): { status: number; failure: FormFailure } {
  const problem = requestError(error);
  if (!problem) throw error;
  const fieldErrors = fieldErrorsOf(error);
  const message = Object.keys(fieldErrors).some((field) => field !== 'form') ? 'Check the highlighted fields.' : problem.message;
  return { status: problem.status, failure: { message, fieldErrors } };
}

// Refusals about who is asking or what they name (signed out, a role that may not, a thing that is not
// there) keep their status: the document says the request itself was wrong.
const STATUSES_A_FORM_ANSWER_KEEPS = new Set([401, 403, 404]);

/**
 * The status a page answers a refused form with. A refusal the person can fix on the page (a bad value,
 * a stale edit, a limit) is the form's answer, shown on the page with 200, as the sign-in page does: a 4xx
 * would show as a failed request in the browser console. The tRPC API keeps the 4xx (and 429 with Retry-After).
 */
export function formAnswerStatus(requestStatus: number): number {
  return STATUSES_A_FORM_ANSWER_KEEPS.has(requestStatus) ? requestStatus : 200;
}

/**
 * For downloads: the first page of an export, or the plain-text 4xx response a request error makes
 * (read before the file starts, so a bad filter or a refused role is an answer, not a broken file).
 */
export async function firstPageOrRefusal<Page>(fetchFirst: () => Promise<Page>): Promise<Page | Response> {
  try {
    return await fetchFirst();
  } catch (error) {
    const problem = requestError(error);
    if (problem) return new Response(problem.message, { status: problem.status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    throw error;
  }
}
