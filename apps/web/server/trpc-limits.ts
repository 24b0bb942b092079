import { RateLimited } from '@switchboard/core';
import type { TRPCError } from '@trpc/server';
import type { NextFunction, Request, Response } from 'express';

/** The most calls one `?batch=1` request may carry; the browser client batches at most this many. */
export const MAX_BATCH_CALLS = 20;
// Sign-in, links, password reset, setup: one per request, so a batch cannot multiply guesses or hashing.
const AUTH_MUTATION = /^(auth|setup)\./;
// A 429 whose limit did not say how long to wait.
const DEFAULT_RETRY_AFTER_S = 60;

/**
 * Refuses an oversized batch, or a batch with more than one auth mutation, with a 400 before any
 * procedure runs (tRPC would otherwise start every call of the batch at once).
 */
export function limitBatches(request: Request, response: Response, next: NextFunction): void {
  if (!isBatchCall(request)) return next();
  let paths: string[];
  try {
    paths = decodeURIComponent(request.path.slice(1)).split(',');
  } catch {
    return refuse(response, 'The procedure list of this batch is not valid.');
  }
  if (paths.length > MAX_BATCH_CALLS) {
    return refuse(response, `A batch may carry at most ${MAX_BATCH_CALLS} calls; this one has ${paths.length}. Send fewer calls per request.`);
  }
  // Mutations travel by POST only, so on POST every path in the batch is a mutation.
  if (request.method === 'POST' && paths.filter((path) => AUTH_MUTATION.test(path)).length > 1) {
    return refuse(response, 'Send sign-in, link, password and setup calls one per request, not batched together.');
  }
  next();
}

/**
 * Whether tRPC will run this request as a batch, decided as tRPC decides it: the first `batch`
 * parameter. Express's own parse turns `?batch=1&batch=1` into an array, which must not read as "no batch".
 */
function isBatchCall(request: Request): boolean {
  const query = request.originalUrl.indexOf('?');
  return query !== -1 && new URLSearchParams(request.originalUrl.slice(query + 1)).get('batch') === '1';
}

function refuse(response: Response, message: string): void {
  response.status(400).json({ error: { message, code: 'BAD_REQUEST' } });
}

/** tRPC `responseMeta`: every 429 tells the client when to try again, in seconds. */
export function retryAfterHeader({ errors }: { errors: readonly TRPCError[] }): { headers?: Record<string, string> } {
  const limited = errors.filter((error) => error.code === 'TOO_MANY_REQUESTS');
  if (limited.length === 0) return {};
  const seconds = limited.map((error) => (error.cause instanceof RateLimited ? (error.cause.retryAfterSeconds ?? 0) : 0));
  const wait = Math.max(...seconds);
  return { headers: { 'retry-after': String(Math.ceil(wait > 0 ? wait : DEFAULT_RETRY_AFTER_S)) } };
}
