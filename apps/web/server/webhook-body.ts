// What the provider webhook routes share: reading the raw body (the signature is over its bytes),
// one header's value, and a plain-text answer.
import type { Request, Response } from 'express';

export function reply(response: Response, status: number, message: string): void {
  response.status(status).type('text/plain').send(message);
}

export function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body's bytes as sent, or null past `maxBytes` (a chunked body has no Content-Length to refuse it by). */
export async function readRawBody(request: Request, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
