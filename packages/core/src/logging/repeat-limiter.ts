/**
 * Decides which of a stream of alike messages are worth a log line. While the database is down,
 * pg-boss fails every poll of every queue (each 2 s), which buried the log in identical "queue error"
 * lines; /healthz is where an outage is reported. The first occurrence of a message is logged at
 * once; repeats within `windowMs` are counted and the count is logged with the next occurrence after
 * the window.
 */
export interface RepeatLimiter {
  /** Whether to log this occurrence now, and how many alike were held back since the last logged one. */
  take(key: string): { log: true; suppressed: number } | { log: false };
}

export function createRepeatLimiter(windowMs: number, now: () => number = Date.now): RepeatLimiter {
  const seen = new Map<string, { loggedAt: number; suppressed: number }>();
  return {
    take(key) {
      const at = now();
      const entry = seen.get(key);
      if (entry && at - entry.loggedAt < windowMs) {
        entry.suppressed += 1;
        return { log: false };
      }
      const suppressed = entry?.suppressed ?? 0;
      seen.set(key, { loggedAt: at, suppressed: 0 });
      // Bounded: the keys are error messages, and an unending stream of distinct ones must not grow the map.
      if (seen.size > 100) seen.delete(seen.keys().next().value as string);
      return { log: true, suppressed };
    },
  };
}

/** The part of an error that identifies what went wrong, without its stack: what repeats are grouped by. */
export function repeatKey(error: unknown): string {
  if (error instanceof Error) return `${error.name}:${(error as { code?: unknown }).code ?? ''}:${error.message}`;
  return String(error);
}

/** An error handler that logs alike errors once per window, e.g. `boss.on('error', logRepeatedErrors(log, 'queue error'))`. */
export function logRepeatedErrors(
  log: { error(fields: object, message: string): void },
  message: string,
  windowMs = 60_000,
): (error: unknown) => void {
  const limiter = createRepeatLimiter(windowMs);
  return (error) => {
    const decision = limiter.take(repeatKey(error));
    if (decision.log) log.error({ err: error, ...(decision.suppressed > 0 ? { repeatedSinceLastLogged: decision.suppressed } : {}) }, message);
  };
}
