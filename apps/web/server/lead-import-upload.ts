// POST /leads/import/upload: a lead file sent as multipart/form-data (a plain HTML form posts it,
// so uploading works without JavaScript), streamed part by part into the database as it arrives.
import { Readable } from 'node:stream';
import { receiveLeadImportUpload, UploadTooLarge, type Context, type UploadLimits } from '@switchboard/api';
import { DomainError, RateLimited } from '@switchboard/core';
import { unstable_parseMultipartFormData, type UploadHandlerPart } from '@remix-run/node';
import type { Request, Response } from 'express';

export const LEAD_IMPORT_UPLOAD_PATH = '/leads/import/upload';
/** Form fields other than the file are short; a longer one is not from our form. */
const FIELD_MAX_BYTES = 4 * 1024;

const STATUS_OF_KIND: Record<DomainError['kind'], number> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  invalid: 400,
  rate_limited: 429,
  provider: 502,
};

function refuse(response: Response, status: number, message: string, headers: Record<string, string> = {}): void {
  // Connection: close, so a client still sending the rest of a refused file stops instead of the server reading it.
  response.status(status).set({ connection: 'close', ...headers }).type('text/plain').send(message);
}

async function drain(data: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string> {
  const pieces: Uint8Array[] = [];
  let bytes = 0;
  for await (const piece of data) {
    bytes += piece.length;
    if (bytes > maxBytes) throw new UploadTooLarge('A form field is too long.');
    pieces.push(piece);
  }
  return Buffer.concat(pieces).toString('utf8');
}

/**
 * The multipart parser's own error for a body that breaks off or never closes its parts (a plain
 * Error, told apart only by its message): the sender's fault, not ours. The partial upload is
 * discarded by receiveLeadImportUpload.
 */
function isMalformedMultipart(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('malformed multipart-form data');
}

/**
 * Stores the form's `file` part as a new import of the signed-in operator's workspace and redirects
 * (303) to the import's page, where its columns are matched. Anonymous → 401, not an operator or
 * another site's page → 403 (the Origin check runs before this), over a limit → 413, an import
 * already at work → 429 with Retry-After; each with a message in words.
 */
export function leadImportUpload(createContext: (request: Request, response: Response) => Promise<Context>, limits?: UploadLimits) {
  return async (request: Request, response: Response): Promise<void> => {
    const ctx = await createContext(request, response);
    if (!ctx.user) return refuse(response, 401, 'Sign in to import leads.');
    if (!ctx.workspace) return refuse(response, 403, 'Choose a workspace first.');
    const authed = { ...ctx, user: ctx.user, workspace: ctx.workspace };
    const type = request.headers['content-type'] ?? '';
    if (!/^multipart\/form-data;\s*boundary=/i.test(type)) return refuse(response, 415, 'Send the file as multipart/form-data in a field named "file".');
    const declared = request.headers['content-length'];
    const webRequest = new globalThis.Request(`http://upload${request.originalUrl}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: Readable.toWeb(request) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
    let importId: string | undefined;
    try {
      await unstable_parseMultipartFormData(webRequest, async (part: UploadHandlerPart) => {
        if (part.name !== 'file' || part.filename === undefined) return drain(part.data, FIELD_MAX_BYTES);
        if (importId) throw new UploadTooLarge('Send one file per import.');
        ({ importId } = await receiveLeadImportUpload(
          authed,
          // The whole request's size bounds the file's: a form with a bigger body is refused before it is read.
          { fileName: part.filename || 'upload.csv', declaredBytes: declared === undefined ? null : Number(declared) - FIELD_MAX_BYTES },
          part.data,
          limits,
        ));
        return undefined;
      });
    } catch (error) {
      if (error instanceof UploadTooLarge) return refuse(response, 413, error.message);
      if (error instanceof RateLimited) {
        return refuse(response, 429, error.message, error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) });
      }
      if (error instanceof DomainError) return refuse(response, STATUS_OF_KIND[error.kind], error.message);
      if ((error instanceof TypeError || isMalformedMultipart(error)) && !response.headersSent && !importId) {
        return refuse(response, 400, 'The upload is not a valid multipart form, or it ended before the file did. Send the file again.');
      }
      throw error;
    }
    if (!importId) return refuse(response, 400, 'Choose a CSV file to import.');
    response.redirect(303, `/leads/import/${importId}`);
  };
}
