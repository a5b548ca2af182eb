import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from '../../server/security/attempt-limiter.ts';

describe('attempt limiter', () => {
  it('admits `limit` attempts per key and window, then refuses until the window ends', () => {
    let now = 0;
    const limiter = new AttemptLimiter(3, 60_000, () => now);
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a'), limiter.hit('a')]).toEqual([true, true, true, false]);
    expect(limiter.blocked('a')).toBe(true);
    expect(limiter.hit('b')).toBe(true);
    now = 59_999;
    expect(limiter.hit('a')).toBe(false);
    now = 60_000;
    expect(limiter.blocked('a')).toBe(false);
    expect(limiter.hit('a')).toBe(true);
  });

  it('forgets a key on reset', () => {
    const limiter = new AttemptLimiter(1, 60_000, () => 0);
    limiter.hit('a');
    expect(limiter.blocked('a')).toBe(true);
    limiter.reset('a');
    expect(limiter.blocked('a')).toBe(false);
  });

  it('tracks at most maxKeys keys, dropping the oldest first', () => {
    const limiter = new AttemptLimiter(1, 60_000, () => 0, 2);
    limiter.hit('a');
    limiter.hit('b');
    limiter.hit('c');
    expect(limiter.blocked('a')).toBe(false);
    expect(limiter.blocked('b')).toBe(true);
    expect(limiter.blocked('c')).toBe(true);
  });
});
