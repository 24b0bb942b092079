import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import type { RequestHandler } from 'express';
import { fileURLToPath } from 'node:url';
import type { ViteDevServer } from 'vite';
import type { AppLoadContext } from '@remix-run/node';

export const BUILD_DIR = fileURLToPath(new URL('../build/', import.meta.url));

/**
 * The Remix request handler over the production build, or over Vite's dev server in watch mode.
 * `getLoadContext` hands loaders a tRPC caller for this request.
 */
export function createRemixHandler(
  getLoadContext: (requestId: string) => AppLoadContext,
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
    getLoadContext: (request) => getLoadContext(String(request.headers['x-request-id'] ?? '')),
  });
}
