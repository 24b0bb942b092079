import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import type { Request, RequestHandler, Response } from 'express';
import { fileURLToPath } from 'node:url';
import type { ViteDevServer } from 'vite';
import type { AppLoadContext } from '@remix-run/node';

export const BUILD_DIR = fileURLToPath(new URL('../build/', import.meta.url));

/**
 * The Remix request handler over the production build, or over Vite's dev server in watch mode.
 * `getLoadContext` hands loaders a tRPC caller for this request.
 */
export function createRemixHandler(
  getLoadContext: (request: Request, response: Response) => Promise<AppLoadContext>,
  vite: ViteDevServer | undefined,
): RequestHandler {
  // Loaded on the first page request, so the API and health endpoints run without a build.
  let production: Promise<ServerBuild> | undefined;
  const build = vite
    ? () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
    : () => (production ??= import(new URL('server/index.js', `file://${BUILD_DIR}`).href) as Promise<ServerBuild>);
  return createRequestHandler({
    build,
    mode: vite ? 'development' : 'production',
    getLoadContext: (request, response) => getLoadContext(request, response),
  });
}
