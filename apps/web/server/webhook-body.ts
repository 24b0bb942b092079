// What the provider webhook routes share: reading the raw body (the signature is over its bytes),
// one header's value, a plain-text answer, and handing a stored event to its job.
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

/**
 * Answers for an event just stored once by its id: a repeat is 200 "already received"; a new one is
 * handed to its job, and when that fails it is forgotten and answered 503, so the provider sends it
 * again rather than it sitting stored and never applied. Returns the stored id when it was queued.
 */
export async function queueStoredEvent(
  response: Response,
  stored: { stored: false } | { stored: true; id: string; workspaceId: string | null },
  steps: { enqueue: (event: { id: string; workspaceId: string | null }) => Promise<unknown>; forget: (eventId: string) => Promise<unknown>; onQueueFailed: (error: unknown) => void; what: string },
): Promise<string | null> {
  if (!stored.stored) {
    response.status(200).json({ stored: false, reason: 'already received' });
    return null;
  }
  try {
    await steps.enqueue({ id: stored.id, workspaceId: stored.workspaceId });
  } catch (error) {
    await steps.forget(stored.id);
    steps.onQueueFailed(error);
    reply(response, 503, `The ${steps.what} could not be queued; send it again later.`);
    return null;
  }
  response.status(200).json({ stored: true });
  return stored.id;
}
