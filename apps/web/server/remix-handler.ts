import { createReadableStreamFromReadable, createRequestHandler, type AppLoadContext, type ServerBuild } from '@remix-run/node';
import { throwRequestError } from '../app/utils/request-errors.server.ts';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { fileURLToPath } from 'node:url';
import type { ViteDevServer } from 'vite';
import { pageDataParamRefusal } from './page-data-refusal.ts';
import { refuseUnreadableForm } from './unreadable-form.ts';

export const BUILD_DIR = fileURLToPath(new URL('../build/', import.meta.url));

/**
 * The Remix request handler over the production build, or over Vite's dev server in watch mode.
 * `getLoadContext` hands loaders a tRPC caller for this request.
 *
 * It does what @remix-run/express did, except sending: that adapter wrote a streamed body as fast
 * as the stream yielded, ignoring back-pressure and a client that left, so an abandoned CSV export
 * kept paging the database to the end. Here the next chunk is read only once the socket drained,
 * and the body is cancelled (and the loader's request signal aborted) when the client goes away. An old-style
 * `?_data=` request is answered before Remix, in words (page-data-refusal.ts).
 */
export function createRemixHandler(
  getLoadContext: (request: Request, response: Response) => Promise<AppLoadContext>,
  vite: ViteDevServer | undefined,
): RequestHandler {
  // Loaded on the first page request, so the API and health endpoints run without a build.
  let production: Promise<ServerBuild> | undefined;
  const build = vite
    ? async () => answeringRequestErrors((await vite.ssrLoadModule('virtual:remix/server-build')) as ServerBuild)
    : () =>
        (production ??= (import(new URL('server/index.js', `file://${BUILD_DIR}`).href) as Promise<ServerBuild>).then(answeringRequestErrors));
  const handle = createRequestHandler(build, vite ? 'development' : 'production');
  return async (request: Request, response: Response, next: NextFunction) => {
    try {
      const remixRequest = toFetchRequest(request, response);
      const pageDataRouteId = new URL(remixRequest.url).searchParams.get('_data');
      const refusal = pageDataRouteId === null ? null : pageDataParamRefusal(pageDataRouteId, (await build()).routes);
      await sendResponse(response, refusal ?? (await handle(remixRequest, await getLoadContext(request, response))));
    } catch (error) {
      next(error);
    }
  };
}

type DataFunction = (args: never) => unknown;

/**
 * The build with every loader and action wrapped so that a request error a route did not catch (a
 * bad or foreign id, a refused role, a rate limit) answers with its 4xx and sentence, as the routes
 * that catch it do, instead of Remix's 500; so does a form body that cannot be parsed. Anything else
 * still reaches the error page and the log.
 */
function answeringRequestErrors(build: ServerBuild): ServerBuild {
  const wrap = <F extends DataFunction>(run: F | undefined, readsForm = false): F | undefined =>
    run &&
    ((async (args: never) => {
      if (readsForm) await refuseUnreadableForm((args as { request: globalThis.Request }).request);
      try {
        return await run(args);
      } catch (error) {
        throwRequestError(error);
      }
    }) as F);
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => [
      id,
      route && { ...route, module: { ...route.module, loader: wrap(route.module.loader), action: wrap(route.module.action, true) } },
    ]),
  );
  return { ...build, routes };
}

function toFetchRequest(request: Request, response: Response): globalThis.Request {
  // req.hostname honours "trust proxy" (X-Forwarded-Host); the port comes from the same header, which
  // is X-Forwarded-Host only when the peer is a trusted proxy (Express's own rule for req.hostname).
  const trustsPeer = (request.app.get('trust proxy fn') as (address: string | undefined, hop: number) => boolean)(request.socket.remoteAddress, 0);
  const hostHeader = (trustsPeer ? request.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined) || request.get('host') || '';
  const port = /:(\d+)$/.exec(hostHeader)?.[1];
  const url = new URL(`${request.protocol}://${request.hostname}${port ? `:${port}` : ''}${request.originalUrl}`);
  const controller = new AbortController();
  // Aborted when the connection closes before the response finished: the client went away.
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) for (const each of value) headers.append(key, each);
    else if (value !== undefined) headers.set(key, value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new globalThis.Request(url, {
    method: request.method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: createReadableStreamFromReadable(request), duplex: 'half' } : {}),
  } as RequestInit);
}

async function sendResponse(response: Response, remixResponse: globalThis.Response): Promise<void> {
  response.statusMessage = remixResponse.statusText;
  response.status(remixResponse.status);
  for (const [key, value] of remixResponse.headers.entries()) response.append(key, value);
  if (!remixResponse.body) {
    response.end();
    return;
  }
  const reader = remixResponse.body.getReader();
  const gone = new Promise<'gone'>((resolve) => response.once('close', () => resolve('gone')));
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), gone]);
      if (next === 'gone') break;
      if (next.done) {
        response.end();
        return;
      }
      if (!response.write(next.value) && (await Promise.race([drained(response), gone])) === 'gone') break;
    }
    await reader.cancel();
  } catch (error) {
    response.destroy(error as Error);
    throw error;
  }
}

function drained(response: Response): Promise<'drained'> {
  return new Promise((resolve) => response.once('drain', () => resolve('drained')));
}
