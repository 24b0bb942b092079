import { describe, expect, it } from 'vitest';
import { LONE_SURROGATE_MESSAGE, NUL_MESSAGE } from './safe-text.ts';
import { storableJsonProblem } from './storable-json.ts';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = level % 2 ? [value] : { a: value };
  return value;
};

describe('storableJsonProblem', () => {
  it('passes a message Postgres stores as jsonb', () => {
    expect(storableJsonProblem({ message: { type: 'transcript', transcript: 'Hi 👋', call: { id: 'v1', metadata: { callId: 'c' } }, list: [1, null, true, 'x'] } })).toBeNull();
    expect(storableJsonProblem(nested(64))).toBeNull();
  });

  it('names a NUL or a lone surrogate in a string or a key, however deep', () => {
    expect(storableJsonProblem({ a: [{ b: 'x\u0000y' }] })).toBe(NUL_MESSAGE);
    expect(storableJsonProblem({ a: { 'k\u0000': 1 } })).toBe(NUL_MESSAGE);
    expect(storableJsonProblem(['\uD800'])).toBe(LONE_SURROGATE_MESSAGE);
  });

  it('refuses nesting past the limit without overflowing its own stack', () => {
    expect(storableJsonProblem(nested(65))).toBe('Nested more than 64 levels deep.');
    expect(storableJsonProblem(JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`))).toBe('Nested more than 64 levels deep.');
  });
});
