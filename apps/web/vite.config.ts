import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig, type Rollup } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * Rollup warnings that change nothing in the output yet read like errors on a first build:
 * zod ships `@__PURE__` comments in places Rollup cannot use (it drops them), and Remix emits an
 * empty client chunk for every route that has only a loader or action (redirects, CSV downloads).
 */
function isHarmless(warning: Rollup.RollupLog): boolean {
  if (warning.code === 'INVALID_ANNOTATION') return /[\\/]node_modules[\\/]/.test(warning.id ?? '');
  return warning.code === 'EMPTY_BUNDLE';
}

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  // Workspace packages are TypeScript source; let Vite bundle them for the server build.
  ssr: { noExternal: [/^@switchboard\//] },
  server: { hmr: { port: 24_678 } },
  build: {
    rollupOptions: {
      onwarn(warning, warn) {
        if (!isHarmless(warning)) warn(warning);
      },
    },
  },
});
