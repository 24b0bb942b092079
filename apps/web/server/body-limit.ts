import type { NextFunction, Request, Response } from 'express';

const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a request body over `maxBytes` before anything reads it: Remix actions buffer the whole
 * form (`request.formData()`), so without this a single upload could take all the memory there is.
 * Browsers always send Content-Length with a form, so a body without one (chunked) is refused too.
 */
export function limitBodySize(maxBytes: number) {
  const limit = `${Math.round(maxBytes / (1024 * 1024))} MB`;
  return (request: Request, response: Response, next: NextFunction): void => {
    if (BODYLESS_METHODS.has(request.method)) return next();
    const declared = request.headers['content-length'];
    if (declared === undefined) {
      if (request.headers['transfer-encoding'] === undefined) return next();
      response.status(411).type('text/plain').send('Send the form with a Content-Length.');
      return;
    }
    if (Number(declared) > maxBytes) {
      // Connection: close, so the client stops sending the rest instead of the server reading it.
      response.status(413).set('connection', 'close').type('text/plain').send(`The request is larger than ${limit}: send a smaller file.`);
      return;
    }
    next();
  };
}
