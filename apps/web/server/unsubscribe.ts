// POST /u/:token: one-click unsubscribe (RFC 8058). Mail clients POST `List-Unsubscribe=One-Click`
// from their own servers: no cookie, any or no Origin, and they do not follow redirects. So this
// route sits before the cross-site write check (the token, signed by us, is the credential) but after
// the Host check like everything else. The confirmation page's button posts here too.
import { INVALID_UNSUBSCRIBE_LINK, unsubscribeByLink } from '@switchboard/api';
import { checkAttemptLimit, NotFound, ONE_CLICK_BODY, UNSUBSCRIBE_PAGE_FIELD, type AttemptLimit, type Logger } from '@switchboard/core';
import type { Sql } from '@switchboard/db';
import type { NextFunction, Request, Response } from 'express';

/** The one-click body is 26 bytes; a form with a few fields stays far below this. */
const BODY_MAX_BYTES = 8 * 1024;
/** Per client IP: far above what one person's mail client sends, low enough that a flood stays cheap. */
export const UNSUBSCRIBE_POSTS_PER_IP: AttemptLimit = Object.freeze({ maxFailures: 30, windowMs: 60_000 });
/** Past this many tracked IPs, the oldest are forgotten (memory stays bounded under a spray of addresses). */
const MAX_TRACKED_IPS = 10_000;

const [ONE_CLICK_KEY, ONE_CLICK_VALUE] = ONE_CLICK_BODY.split('=') as [string, string];

/** Recent posts per IP, in this process: a nuisance limit, not a security boundary (the token is). */
export class PostsPerIp {
  readonly #times = new Map<string, Date[]>();
  readonly #limit: AttemptLimit;
  constructor(limit: AttemptLimit) {
    this.#limit = limit;
  }

  /** Counts a post from `ip`; how long to wait when it is over the limit, else 0. */
  hit(ip: string, now = new Date()): number {
    const recent = (this.#times.get(ip) ?? []).filter((time) => time.getTime() > now.getTime() - this.#limit.windowMs);
    const decision = checkAttemptLimit(recent, now, this.#limit);
    if (decision.limited) return decision.retryAfterMs;
    recent.push(now);
    this.#times.delete(ip);
    this.#times.set(ip, recent);
    if (this.#times.size > MAX_TRACKED_IPS) this.#times.delete(this.#times.keys().next().value!);
    return 0;
  }
}

class BodyTooLarge extends Error {}

async function readBody(request: Request): Promise<Buffer> {
  if (Number(request.headers['content-length'] ?? 0) > BODY_MAX_BYTES) throw new BodyTooLarge();
  const pieces: Buffer[] = [];
  let bytes = 0;
  for await (const piece of request as AsyncIterable<Buffer>) {
    bytes += piece.length;
    if (bytes > BODY_MAX_BYTES) throw new BodyTooLarge();
    pieces.push(piece);
  }
  return Buffer.concat(pieces);
}

/** The posted fields, form-encoded (what mail clients send) or multipart (RFC 8058 allows both). */
async function formFields(request: Request, body: Buffer): Promise<URLSearchParams> {
  const type = request.headers['content-type'] ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    const form = await new globalThis.Request('http://unsubscribe/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) }).formData();
    const fields = new URLSearchParams();
    for (const [name, value] of form) if (typeof value === 'string') fields.append(name, value);
    return fields;
  }
  // Form-encoded, or no type at all: some senders of the one-click post leave it out.
  return new URLSearchParams(body.toString('utf8'));
}

function answer(response: Response, status: number, text: string, headers: Record<string, string> = {}): void {
  response.status(status).set({ 'cache-control': 'no-store', ...headers }).type('text/plain').send(text);
}

/**
 * Unsubscribes the link's address at once and answers 200 with a short text (RFC 8058: no redirect,
 * no cookie, no confirmation step). A bad or altered link → 404, a body that is not the one-click
 * field → 400, too many posts from one IP → 429; never a 500 for anything the sender controls.
 */
export function unsubscribeOneClick(services: { sql: Sql; masterKey: Buffer | null; log: Logger }) {
  const postsPerIp = new PostsPerIp(UNSUBSCRIBE_POSTS_PER_IP);
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    // Matched here rather than by an Express route pattern: Express decodes route parameters and
    // answers a malformed escape with an error (a 500 from the last handler); a token needs no decoding.
    const token = request.method === 'POST' ? /^\/u\/([^/]+)$/.exec(request.path)?.[1] : undefined;
    if (token === undefined) return next();
    const retryAfterMs = postsPerIp.hit(request.ip ?? 'unknown');
    if (retryAfterMs > 0) {
      request.resume();
      return answer(response, 429, 'Too many unsubscribe requests from this address; try again in a minute.', {
        'retry-after': String(Math.ceil(retryAfterMs / 1000)),
      });
    }
    let fields: URLSearchParams;
    try {
      fields = await formFields(request, await readBody(request));
    } catch (error) {
      if (error instanceof BodyTooLarge) return answer(response, 413, 'The request is too large for an unsubscribe.', { connection: 'close' });
      return answer(response, 400, 'The request body could not be read as a form.');
    }
    if (fields.get(ONE_CLICK_KEY) !== ONE_CLICK_VALUE) {
      return answer(response, 400, `To unsubscribe, open this link in a browser and press the button (or POST "${ONE_CLICK_BODY}").`);
    }
    try {
      const result = await unsubscribeByLink(services.sql, services.masterKey, token, { ip: request.ip ?? null });
      if (result.changed) services.log.info('an address unsubscribed through a link');
    } catch (error) {
      if (error instanceof NotFound) return answer(response, 404, INVALID_UNSUBSCRIBE_LINK);
      throw error;
    }
    // Our own page's button: back to the page, which now says so (a browser, not a mail client).
    if (fields.get(UNSUBSCRIBE_PAGE_FIELD.name) === UNSUBSCRIBE_PAGE_FIELD.value) {
      response.redirect(303, `/u/${token}`);
      return;
    }
    answer(response, 200, 'You are unsubscribed. You will get no more emails from this sender.');
  };
}
