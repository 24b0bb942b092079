import { encodeEvent, type EventTopic, type EventTopics } from '@switchboard/core';
import type { Sql, TransactionSql } from '../client.ts';
import { EVENTS_CHANNEL } from './channel.ts';

export type Publish = <T extends EventTopic>(
  workspaceId: string | null,
  topic: T,
  payload: EventTopics[T],
) => Promise<void>;

/**
 * Live events go out as Postgres NOTIFY, so any process with a database connection can publish and
 * every web process listening relays them. Inside a transaction the event is sent only on commit.
 *
 * Events published in the same tick (a batch of jobs finishing together) share one statement: each
 * NOTIFY statement is a transaction that wakes every listening process, so one per event would cost
 * Postgres a commit and a wake-up per listener per event. Order is kept.
 */
export function createPublisher(sql: Sql | TransactionSql): Publish {
  let pending: { texts: string[]; sent: Promise<void> } | undefined;
  return async (workspaceId, topic, payload) => {
    const text = encodeEvent(workspaceId, topic, payload, Date.now());
    if (!pending) {
      const texts: string[] = [];
      const sent = Promise.resolve().then(async () => {
        pending = undefined;
        await sql`select pg_notify(${EVENTS_CHANNEL}, text) from unnest(${texts}::text[]) with ordinality as event(text, position) order by position`;
      });
      pending = { texts, sent };
    }
    pending.texts.push(text);
    await pending.sent;
  };
}
