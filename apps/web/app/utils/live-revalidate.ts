import type { EventTopic, EventTopics } from '@switchboard/core';
import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useLiveEvent, useLiveReconnect } from './live.ts';

/**
 * Reloads the page's data on every live event on `topic`, and when the socket (re)connects (events
 * sent while it was not connected, between the server's render and the first connect included, were
 * missed). Events that come while a reload is under way ask for one more once it ends, so the last
 * change of a burst always shows; skipping them instead would leave the page behind until the next event.
 * `accept` (optional) picks the events the page shows, such as one campaign's.
 */
export function useRevalidateOnLiveEvent<T extends EventTopic>(topic: T, accept?: (payload: EventTopics[T]) => boolean): void {
  const revalidator = useRevalidator();
  const again = useRef(false);
  const reload = () => {
    if (revalidator.state === 'idle') revalidator.revalidate();
    else again.current = true;
  };
  useLiveEvent(topic, (payload) => {
    if (!accept || accept(payload)) reload();
  });
  useLiveReconnect(reload);
  useEffect(() => {
    if (revalidator.state !== 'idle' || !again.current) return;
    again.current = false;
    revalidator.revalidate();
  }, [revalidator]);
}
