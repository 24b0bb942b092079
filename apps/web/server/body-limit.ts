import type { NextFunction, Request, Response } from 'express';

const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// How much of a refused body is read and dropped, and for how long, before the connection is cut.
const DISCARD_MAX_BYTES = 256 * 1024 * 1024;
const DISCARD_MAX_MS = 30_000;

/**
 * Refuses a request body over `maxBytes` before anything reads it: Remix actions buffer the whole
 * form (`request.formData()`), so without this a single upload could take all the memory there is.
 * Browsers always send Content-Length with a form, so a body without one (chunked) is refused too.
 */
export function limitBodySize(maxBytes: number) {
  const limit = sizeInWords(maxBytes);
  return (request: Request, response: Response, next: NextFunction): void => {
    if (BODYLESS_METHODS.has(request.method)) return next();
    const declared = request.headers['content-length'];
    if (declared === undefined) {
      if (request.headers['transfer-encoding'] === undefined) return next();
      response.status(411).type('text/plain').send('Send the form with a Content-Length.');
      return;
    }
    if (Number(declared) > maxBytes) {
      discardBodyThen(request, () => response.status(413).type('text/plain').send(`The request is larger than ${limit}: send a smaller file.`));
      return;
    }
    next();
  };
}

/**
 * tRPC's own limit stops reading at `maxBytes` and answers while the rest is still arriving, which can
 * end in a reset (see discardBodyThen). A declared length over the limit is answered here instead, in
 * tRPC's error shape, after the body has been dropped; tRPC's limit still covers chunked bodies.
 */
export function limitTrpcBodySize(maxBytes: number) {
  const message = `The request is larger than ${sizeInWords(maxBytes)}.`;
  return (request: Request, response: Response, next: NextFunction): void => {
    if (Number(request.headers['content-length'] ?? 0) <= maxBytes) return next();
    discardBodyThen(request, () =>
      response.status(413).json({ error: { message, code: -32013, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } }),
    );
  };
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data\s*;\s*boundary=)/i;

/**
 * Refuses a page request that carries something other than a form (JSON, text, no type at all) with
 * 415: Remix actions read `request.formData()`, which throws on anything else and would answer 500.
 */
export function requireFormBody(request: Request, response: Response, next: NextFunction): void {
  if (BODYLESS_METHODS.has(request.method) || FORM_TYPES.test(request.headers['content-type'] ?? '')) return next();
  response.status(415).type('text/plain').send('Send the form as application/x-www-form-urlencoded or multipart/form-data.');
}

/** A limit as people read it: "256 KB" rather than a rounded-down "0 MB". */
function sizeInWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Reads and drops a refused body, then answers. Answering first and closing with unread data makes the
 * kernel reset the connection, and the reset can overtake the 413 already sent: the person would see
 * "connection reset" instead of the message. Bounded in bytes and time: a client that sends more is
 * answered at once and cut off.
 */
function discardBodyThen(request: Request, answer: () => void): void {
  let discarded = 0;
  let answered = false;
  const answerOnce = (cutOff: boolean): void => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    answer();
    if (cutOff) request.socket.end(() => request.socket.destroy());
  };
  const timer = setTimeout(() => answerOnce(true), DISCARD_MAX_MS).unref();
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_MAX_BYTES) answerOnce(true);
  });
  request.once('end', () => answerOnce(false));
}
