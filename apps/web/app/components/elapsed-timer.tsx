import { useEffect, useState } from 'react';

/** "0:07", "12:34", "1:02:03": a running call's length as a clock shows it. */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const TICK_MS = 1_000;

/**
 * Time since `since`, ticking every second in the browser. The server renders the value at its own
 * moment; the browser's first tick corrects it, so the two are allowed to differ on hydration.
 */
export function ElapsedTimer({ since, suffix }: { since: Date; suffix: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <span className="elapsed-timer" data-testid="elapsed-timer">
      <span suppressHydrationWarning>{formatClock((now - since.getTime()) / 1000)}</span> {suffix}
    </span>
  );
}
