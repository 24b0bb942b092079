// Hooks are safe to render on the server: the socket is only opened inside effects and handlers.
import type { EventTopic, EventTopics, LiveEvent } from '@switchboard/core';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { LIVE_SIGN_IN_REFUSAL } from './live-protocol.ts';

let socket: Socket | undefined;

/** One Socket.IO connection per tab, opened on first use. */
function liveSocket(): Socket {
  socket ??= io({ transports: ['websocket', 'polling'] });
  return socket;
}

/** Calls `onEvent` for every live event on `topic` (or any of several topics) while the component is mounted. */
export function useLiveEvent<T extends EventTopic>(topic: T | readonly T[], onEvent: (payload: EventTopics[T], event: LiveEvent<T>) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  // A list written inline is a new array each render: subscribe again only when the topics change.
  const topics = typeof topic === 'string' ? topic : topic.join(' ');
  useEffect(() => {
    const connection = liveSocket();
    const wanted = new Set(topics.split(' '));
    const listener = (event: LiveEvent) => {
      if (wanted.has(event.topic)) handler.current(event.payload as EventTopics[T], event as LiveEvent<T>);
    };
    connection.on('event', listener);
    return () => {
      connection.off('event', listener);
    };
  }, [topics]);
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

/** `ended`: the server closed the connection because the session ended or the membership was removed. */
export type LiveConnection = 'connecting' | 'live' | 'reconnecting' | 'ended';


/**
 * What a lost connection means. The server disconnects a socket itself ("io server disconnect") only
 * when its session ended or its membership was removed, and refuses a handshake when signed out:
 * retrying cannot help, so say so. Engine.IO's own refusal of a signed-out handshake looks like a
 * network failure to the browser, so for a failure `signedIn` (when known) tells the two apart.
 * Anything else is the network or the server restarting, and the client tries again.
 */
export function connectionAfterLoss(loss: { disconnectReason: string } | { refusal: string; signedIn?: boolean | null }): LiveConnection {
  if ('disconnectReason' in loss) return loss.disconnectReason === 'io server disconnect' ? 'ended' : 'reconnecting';
  return loss.refusal === LIVE_SIGN_IN_REFUSAL || loss.signedIn === false ? 'ended' : 'reconnecting';
}

/** Whether this tab's cookie still names a session: null when that cannot be told (the server is away). */
async function stillSignedIn(): Promise<boolean | null> {
  try {
    const response = await fetch('/api/trpc/auth.me', { credentials: 'same-origin' });
    if (!response.ok) return null;
    const answer = (await response.json()) as { result?: { data?: unknown } };
    return answer.result?.data != null;
  } catch {
    // Offline or the server restarting: unknown, and the socket keeps trying.
    return null;
  }
}

/** Engine.IO's refusal of the handshake (or a network failure) rather than an answer from Socket.IO. */
function isTransportFailure(error: Error): boolean {
  return (error as Error & { type?: unknown }).type === 'TransportError';
}

/** How long to wait before trying again after the server refused a handshake for another reason (its database was down). */
const RETRY_REFUSED_HANDSHAKE_MS = 5_000;

export function useLiveConnection(): LiveConnection {
  const [state, setState] = useState<LiveConnection>('connecting');
  useEffect(() => {
    const connection = liveSocket();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const onConnect = () => setState('live');
    const onReconnectAttempt = () => setState('reconnecting');
    const onDisconnect = (reason: string) => setState(connectionAfterLoss({ disconnectReason: reason }));
    let unmounted = false;
    const onConnectError = (error: Error) => {
      const next = connectionAfterLoss({ refusal: error.message });
      setState(next);
      if (next === 'reconnecting' && isTransportFailure(error)) {
        void stillSignedIn().then((signedIn) => {
          if (unmounted || connectionAfterLoss({ refusal: error.message, signedIn }) !== 'ended') return;
          // Signed out meanwhile (another tab, expiry): the handshake will keep being refused, so stop asking.
          clearTimeout(retry);
          connection.disconnect();
          setState('ended');
        });
      }
      // A refused handshake is not retried by the client itself; a refusal other than "sign in" is worth another try.
      if (next === 'reconnecting' && !connection.active) {
        clearTimeout(retry);
        retry = setTimeout(() => connection.connect(), RETRY_REFUSED_HANDSHAKE_MS);
      }
    };
    if (connection.connected) setState('live');
    connection.on('connect', onConnect);
    connection.on('disconnect', onDisconnect);
    connection.on('connect_error', onConnectError);
    connection.io.on('reconnect_attempt', onReconnectAttempt);
    return () => {
      unmounted = true;
      clearTimeout(retry);
      connection.off('connect', onConnect);
      connection.off('disconnect', onDisconnect);
      connection.off('connect_error', onConnectError);
      connection.io.off('reconnect_attempt', onReconnectAttempt);
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
