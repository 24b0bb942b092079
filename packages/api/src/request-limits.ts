/**
 * The longest one query may run while serving a request: the web process's pool is created with it.
 * A slower query is cancelled and the caller gets a 503 instead of holding a pooled connection that
 * every other workspace is waiting for.
 */
export const REQUEST_STATEMENT_TIMEOUT_MS = 5_000;

/** How many expensive calls (lead search, review queue, bulk, import, audit list) one user may run at once, per process. */
export const EXPENSIVE_CALLS_PER_USER = 4;

/** What a refused expensive call suggests: these calls take well under a second each. */
export const EXPENSIVE_CALL_RETRY_AFTER_S = 1;
