import { describe, expect, it } from 'vitest';
import { createRepeatLimiter, repeatKey } from './repeat-limiter.ts';

describe('createRepeatLimiter', () => {
  it('logs the first of alike messages, holds back repeats within the window, then logs with their count', () => {
    let now = 0;
    const limiter = createRepeatLimiter(60_000, () => now);
    expect(limiter.take('connect ECONNREFUSED')).toEqual({ log: true, suppressed: 0 });
    for (let poll = 1; poll <= 29; poll += 1) {
      now = poll * 2_000;
      expect(limiter.take('connect ECONNREFUSED')).toEqual({ log: false });
    }
    now = 60_000;
    expect(limiter.take('connect ECONNREFUSED')).toEqual({ log: true, suppressed: 29 });
  });

  it('keeps different messages apart', () => {
    const limiter = createRepeatLimiter(60_000, () => 0);
    expect(limiter.take('a')).toEqual({ log: true, suppressed: 0 });
    expect(limiter.take('b')).toEqual({ log: true, suppressed: 0 });
    expect(limiter.take('a')).toEqual({ log: false });
  });
});

describe('repeatKey', () => {
  it('groups errors by name, code and message, not by stack', () => {
    const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(repeatKey(refused())).toBe(repeatKey(refused()));
    expect(repeatKey(refused())).not.toBe(repeatKey(new Error('other')));
  });
});
