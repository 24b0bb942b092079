/**
 * Counts calls in flight per key and admits at most `maxPerKey` of them: the excess is refused at
 * once rather than queued, so a flood from one caller costs nothing but the refusal.
 */
export class ConcurrencyGate {
  readonly #inFlight = new Map<string, number>();
  readonly #maxPerKey: number;

  constructor(maxPerKey: number) {
    this.#maxPerKey = maxPerKey;
  }

  /** A release function when admitted (call it exactly once, when done), or null when the key is at its limit. */
  tryEnter(key: string): (() => void) | null {
    const current = this.#inFlight.get(key) ?? 0;
    if (current >= this.#maxPerKey) return null;
    this.#inFlight.set(key, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const remaining = (this.#inFlight.get(key) ?? 1) - 1;
      if (remaining <= 0) this.#inFlight.delete(key);
      else this.#inFlight.set(key, remaining);
    };
  }

  inFlight(key: string): number {
    return this.#inFlight.get(key) ?? 0;
  }
}
