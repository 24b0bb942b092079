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
 */
export function createPublisher(sql: Sql | TransactionSql): Publish {
  return async (workspaceId, topic, payload) => {
    const text = encodeEvent(workspaceId, topic, payload, Date.now());
    await sql`select pg_notify(${EVENTS_CHANNEL}, ${text})`;
  };
}
