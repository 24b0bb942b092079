import { decodeEvent, type LiveEvent } from '@switchboard/core';
import type { Sql } from '../client.ts';
import { EVENTS_CHANNEL } from './channel.ts';

export interface EventSubscription {
  close(): Promise<void>;
}

/**
 * Delivers every live event published on the cluster. postgres.js re-listens after a dropped
 * connection; `onListen` runs after each (re)subscribe so callers can refetch what they may have missed.
 */
export async function listenEvents(
  sql: Sql,
  onEvent: (event: LiveEvent) => void,
  options: { onListen?: () => void; onMalformed?: (text: string) => void } = {},
): Promise<EventSubscription> {
  const { unlisten } = await sql.listen(
    EVENTS_CHANNEL,
    (text) => {
      const event = decodeEvent(text);
      if (event) onEvent(event);
      else options.onMalformed?.(text);
    },
    () => options.onListen?.(),
  );
  return { close: unlisten };
}
