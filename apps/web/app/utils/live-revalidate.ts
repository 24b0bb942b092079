import type { EventTopic, EventTopics } from '@switchboard/core';
import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useLiveEvent, useLiveReconnect } from './live.ts';

/** How often at most a lead list reloads while leads.changed events stream in (discovery and imports publish one per batch). */
export const LEAD_LIST_RELOAD_MS = 2_000;

/**
 * Reloads the page's data on every live event on `topic` (or any of several, and only those `match`
 * accepts when given), and when the socket (re)connects (events sent while it was not connected,
 * between the server's render and the first connect included, were missed). Events that come while a
 * reload is under way ask for one more once it ends, so the last change of a burst always shows;
 * skipping them instead would leave the page behind until the next event.
 *
 * `spacedMs` slows topics that come in streams (leads.changed during discovery): an event on one of
 * them reloads at most once per that many milliseconds after the last reload, later rather than never.
 */
export function useRevalidateOnLiveEvent<T extends EventTopic>(
  topic: T | readonly T[],
  match?: (payload: EventTopics[T]) => boolean,
  options: { spacedMs?: Partial<Record<T, number>> } = {},
): void {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  const again = useRef(false);
  const reload = () => {
    if (latest.current.state === 'idle') latest.current.revalidate();
    else again.current = true;
  };
  const spaced = useRef<SpacedRun | null>(null);
  spaced.current ??= spacedRun(reload);
  useEffect(() => () => spaced.current?.cancel(), []);
  useLiveEvent(topic, (payload, event) => {
    if (match && !match(payload)) return;
    const gapMs = options.spacedMs?.[event.topic];
    if (gapMs === undefined) spaced.current?.now();
    else spaced.current?.soon(gapMs);
  });
  useLiveReconnect(() => spaced.current?.now());
  useEffect(() => {
    if (revalidator.state !== 'idle' || !again.current) return;
    again.current = false;
    revalidator.revalidate();
  }, [revalidator]);
}

export interface SpacedRun {
  /** Runs at once (and counts as the latest run; a run waiting is done by it). */
  now(): void;
  /** Runs at once when the last run is at least `gapMs` ago, else once when it will be; more calls meanwhile add nothing. */
  soon(gapMs: number): void;
  cancel(): void;
}

/** `run`, called at once or spaced out (see SpacedRun); its clock and timers are the global ones. */
export function spacedRun(run: () => void): SpacedRun {
  let lastRunAt = Number.NEGATIVE_INFINITY;
  let waiting: ReturnType<typeof setTimeout> | undefined;
  const now = () => {
    clearTimeout(waiting);
    waiting = undefined;
    lastRunAt = Date.now();
    run();
  };
  return {
    now,
    soon(gapMs) {
      if (waiting !== undefined) return;
      const waitMs = lastRunAt + gapMs - Date.now();
      if (waitMs <= 0) now();
      else waiting = setTimeout(now, waitMs);
    },
    cancel() {
      clearTimeout(waiting);
      waiting = undefined;
    },
  };
}
