import type { AppRouter } from '@switchboard/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

/** The browser's typed handle on the API (same origin, so the session cookie goes along). */
export const trpc = createTRPCClient<AppRouter>({
  // The server refuses larger batches (server/trpc-limits.ts, MAX_BATCH_CALLS).
  links: [httpBatchLink({ url: '/api/trpc', maxItems: 20 })],
});
