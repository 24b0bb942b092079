import type { createCaller } from '@switchboard/api';
import type { Logger } from '@switchboard/core/logging';

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** tRPC caller bound to this request's context: loaders and actions call procedures in-process. */
    trpc: ReturnType<typeof createCaller>;
    /** This response's CSP nonce (server/security-headers.ts): Remix's inline scripts carry it. */
    cspNonce: string;
    /** The web server's logger, for what Remix reports (entry.server.tsx `handleError`). */
    log: Logger;
  }
}

export {};
