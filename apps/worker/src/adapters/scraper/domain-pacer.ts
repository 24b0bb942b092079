// Domains not visited for this long are forgotten, so a long run does not keep every host it ever saw.
const FORGET_AFTER_MS = 10 * 60_000;

/**
 * Spaces requests to one domain across every site scrape in this process: a request starts at
 * least `delayMs` after the previous one started and after it finished, so the site sees the gap
 * even when a response is slow. Callers reserve their slot before waiting, so concurrent scrapes of
 * one domain queue up instead of bunching.
 */
export class DomainPacer {
  /** Per domain: when the latest request started (or is reserved to start), or finished if later. */
  private readonly latest = new Map<string, number>();

  async turn(domain: string, delayMs: number, signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const wait = this.waitFor(domain, delayMs);
    this.latest.set(domain, now + wait);
    if (this.latest.size > 1_000) this.forgetIdle(now);
    if (wait > 0) await sleep(wait, signal);
  }

  /** Call when a request finished, however it ended. */
  finished(domain: string): void {
    this.latest.set(domain, Math.max(this.latest.get(domain) ?? 0, Date.now()));
  }

  /** How long a request to `domain` would have to wait now. */
  waitFor(domain: string, delayMs: number): number {
    const latest = this.latest.get(domain);
    return latest === undefined ? 0 : Math.max(0, latest + delayMs - Date.now());
  }

  private forgetIdle(now: number): void {
    for (const [domain, latest] of this.latest) if (latest < now - FORGET_AFTER_MS) this.latest.delete(domain);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
