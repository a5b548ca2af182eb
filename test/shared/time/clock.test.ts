import { describe, expect, it } from 'vitest';
import { CatchUpClock } from '../../../shared/time/clock.ts';

describe('catch-up clock', () => {
  const wall0 = 1_000_000_000;

  it('runs faster than the wall clock while behind it', () => {
    let wall = wall0;
    const clock = new CatchUpClock(wall0 - 3_600_000, 60, () => wall);
    wall += 10_000;
    expect(clock.now()).toBe(wall0 - 3_600_000 + 600_000);
  });

  it('never runs ahead of the wall clock once it has caught up', () => {
    let wall = wall0;
    const clock = new CatchUpClock(wall0 - 60_000, 60, () => wall);
    wall += 5_000;
    expect(clock.now()).toBe(wall);
  });

  it('says how long to wait, in wall time, until it shows a given instant', () => {
    let wall = wall0;
    const clock = new CatchUpClock(wall0 - 3_600_000, 60, () => wall);
    expect(clock.delayUntil(wall0 - 3_600_000 + 60_000)).toBe(1000);
    // An instant past the catch-up point is reached when the accelerated run gets there, not before.
    expect(clock.delayUntil(wall0 + 5_000)).toBeCloseTo((3_600_000 + 5_000) / 60, 6);
    wall += 1000;
    expect(clock.delayUntil(wall0 - 3_600_000)).toBe(0);
  });

  it('refuses to start in the future', () => {
    expect(() => new CatchUpClock(wall0 + 1, 10, () => wall0)).toThrow(/future/);
  });
});
