import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors/index.ts';
import { decodeEvent, encodeEvent, MAX_EVENT_PAYLOAD_BYTES } from './encode.ts';
import { roomFor } from './topics.ts';

describe('live event encoding', () => {
  it('round-trips an event', () => {
    const text = encodeEvent(null, 'system.heartbeat', { workerId: 'w1', at: '2026-01-01T00:00:00.000Z' }, 42);
    expect(decodeEvent(text)).toEqual({
      workspaceId: null,
      topic: 'system.heartbeat',
      payload: { workerId: 'w1', at: '2026-01-01T00:00:00.000Z' },
      publishedAt: 42,
    });
  });

  it('refuses payloads that would not fit in a NOTIFY', () => {
    const workerId = 'x'.repeat(MAX_EVENT_PAYLOAD_BYTES);
    expect(() => encodeEvent(null, 'system.heartbeat', { workerId, at: 'now' }, 1)).toThrow(Invalid);
  });

  it('ignores text that is not an event', () => {
    expect(decodeEvent('not json')).toBeNull();
    expect(decodeEvent('{"topic":1}')).toBeNull();
    expect(decodeEvent('{"topic":"a","publishedAt":1,"workspaceId":7}')).toBeNull();
  });

  it('routes workspace events to the workspace room and the rest to the system room', () => {
    expect(roomFor('5f0c')).toBe('workspace:5f0c');
    expect(roomFor(null)).toBe('system');
  });
});
