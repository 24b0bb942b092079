import { Invalid } from '../errors/index.ts';
import type { EventTopic, EventTopics, LiveEvent } from './topics.ts';

// Postgres rejects NOTIFY payloads of 8000 bytes or more; keep a margin for the channel framing.
export const MAX_EVENT_PAYLOAD_BYTES = 7_900;

export function encodeEvent<T extends EventTopic>(
  workspaceId: string | null,
  topic: T,
  payload: EventTopics[T],
  publishedAt: number,
): string {
  const event: LiveEvent<T> = { workspaceId, topic, payload, publishedAt };
  const text = JSON.stringify(event);
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_EVENT_PAYLOAD_BYTES) {
    throw new Invalid(
      `Event ${topic} is ${bytes} bytes; live events carry ids and small facts (at most ${MAX_EVENT_PAYLOAD_BYTES} bytes)`,
    );
  }
  return text;
}

/** Reads a NOTIFY payload back; anything that is not a well-formed event yields null. */
export function decodeEvent(text: string): LiveEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const event = parsed as Partial<LiveEvent>;
  if (typeof event.topic !== 'string' || typeof event.publishedAt !== 'number') return null;
  if (event.workspaceId !== null && typeof event.workspaceId !== 'string') return null;
  return event as LiveEvent;
}
