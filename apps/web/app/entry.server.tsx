import { PassThrough } from 'node:stream';
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceContext } from './utils/nonce.ts';

const ABORT_DELAY_MS = 5_000;

/**
 * Remix's default Node entry, plus the CSP nonce: every inline script React and Remix render
 * carries this response's nonce (server/security-headers.ts), so the CSP needs no 'unsafe-inline'.
 * Bots get the whole page at once, browsers get it streamed from the shell.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set('Content-Type', 'text/html');
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        ...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError: reject,
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell reject and are logged by Remix; later ones only show up here.
          if (shellRendered) loadContext.log.error({ err: error, path: new URL(request.url).pathname }, 'page render failed');
        },
      },
    );
    setTimeout(abort, ABORT_DELAY_MS);
  });
}

/**
 * What Remix reports: a request it refuses itself (a POST to a page that has no action is its 405) is
 * the client's mistake, logged as one line without a stack; a loader, action or render that failed is
 * logged with its stack. Nothing is logged once the client has gone.
 */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs): void {
  if (request.signal.aborted) return;
  const where = { method: request.method, path: new URL(request.url).pathname };
  // Remix keeps the Error behind its own refusals (with the sentence saying why) in a field it does not type.
  const cause = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined;
  if (isRouteErrorResponse(error) && error.status < 500) {
    const reason = cause instanceof Error ? cause.message : error.statusText;
    context.log.info({ ...where, status: error.status }, `page request refused: ${reason.slice(0, 300)}`);
    return;
  }
  context.log.error({ ...where, err: cause ?? error }, 'page request failed');
}
