// Hooks are safe to render on the server: the socket is only opened inside effects and handlers.
import type { EventTopic, EventTopics, LiveEvent } from '@switchboard/core';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';

let socket: Socket | undefined;

/** One Socket.IO connection per tab, opened on first use. */
function liveSocket(): Socket {
  socket ??= io({ transports: ['websocket', 'polling'] });
  return socket;
}

/** Calls `onEvent` for every live event on `topic` while the component is mounted. */
export function useLiveEvent<T extends EventTopic>(topic: T, onEvent: (payload: EventTopics[T], event: LiveEvent<T>) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const connection = liveSocket();
    const listener = (event: LiveEvent) => {
      if (event.topic === topic) handler.current(event.payload as EventTopics[T], event as LiveEvent<T>);
    };
    connection.on('event', listener);
    return () => {
      connection.off('event', listener);
    };
  }, [topic]);
}

/**
 * Calls `onConnect` each time the socket connects while the component is mounted: the first time
 * after the page was rendered and after every reconnect. Events published in between were never
 * received, so a live view reloads what it shows then instead of staying behind until the next one.
 */
export function useLiveReconnect(onConnect: () => void): void {
  const handler = useRef(onConnect);
  handler.current = onConnect;
  useEffect(() => {
    const connection = liveSocket();
    const listener = () => handler.current();
    connection.on('connect', listener);
    return () => {
      connection.off('connect', listener);
    };
  }, []);
}

export type LiveConnection = 'connecting' | 'live' | 'reconnecting';

export function useLiveConnection(): LiveConnection {
  const [state, setState] = useState<LiveConnection>('connecting');
  useEffect(() => {
    const connection = liveSocket();
    const onConnect = () => setState('live');
    const onDisconnect = () => setState('reconnecting');
    if (connection.connected) setState('live');
    connection.on('connect', onConnect);
    connection.on('disconnect', onDisconnect);
    connection.io.on('reconnect_attempt', onDisconnect);
    return () => {
      connection.off('connect', onConnect);
      connection.off('disconnect', onDisconnect);
      connection.io.off('reconnect_attempt', onDisconnect);
    };
  }, []);
  return state;
}

/** Resolves with the first event on `topic` that `match` accepts, or rejects after `timeoutMs`. */
export function waitForLiveEvent<T extends EventTopic>(
  topic: T,
  match: (payload: EventTopics[T]) => boolean,
  timeoutMs: number,
): Promise<EventTopics[T]> {
  const connection = liveSocket();
  return new Promise((resolve, reject) => {
    const listener = (event: LiveEvent) => {
      if (event.topic !== topic || !match(event.payload as EventTopics[T])) return;
      clearTimeout(timer);
      connection.off('event', listener);
      resolve(event.payload as EventTopics[T]);
    };
    const timer = setTimeout(() => {
      connection.off('event', listener);
      reject(new Error('timeout'));
    }, timeoutMs);
    connection.on('event', listener);
  });
}
