import { useEffect, useRef, useState } from 'react';

/**
 * A value the server rendered, refetched by `fetchLatest` each time `refresh` is called (on a live
 * event). Events come in bursts: one fetch runs at a time, plus one after it if more came, so the
 * last change always shows. `onFetched` sees each new value.
 */
export function useSerialRefresh<T>(initial: T, fetchLatest: () => Promise<T>, onFetched?: (next: T) => void): { value: T; refresh: () => Promise<void> } {
  const [value, setValue] = useState(initial);
  const inFlight = useRef(false);
  const again = useRef(false);
  const latest = useRef({ fetchLatest, onFetched });
  latest.current = { fetchLatest, onFetched };
  useEffect(() => setValue(initial), [initial]);

  const refresh = async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        again.current = false;
        const next = await latest.current.fetchLatest();
        setValue(next);
        latest.current.onFetched?.(next);
      } while (again.current);
    } catch {
      // The next event tries again; the page keeps the last value it had.
    } finally {
      inFlight.current = false;
    }
  };
  return { value, refresh };
}
