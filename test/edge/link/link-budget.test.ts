import { describe, expect, it } from 'vitest';
import { LinkBudget } from '../../../edge/link/link-budget.ts';
import { Backoff } from '../../../edge/retry/backoff.ts';

describe('the link budget', () => {
  it('lets through on average no more than its bytes per second', () => {
    let now = 0;
    const budget = new LinkBudget(1000, 5, () => now);
    let sent = 0;
    for (now = 0; now <= 60_000; now += 100) if (budget.trySpend(700)) sent += 700;
    // 5 s of burst, then 1000 B/s over 60 s.
    expect(sent).toBeGreaterThan(60_000);
    expect(sent).toBeLessThanOrEqual(65_000 + 700);
  });

  it('sends a batch larger than its bucket once the bucket is full, and pays the debt after', () => {
    let now = 0;
    const budget = new LinkBudget(100, 5, () => now);
    expect(budget.trySpend(2000)).toBe(true);
    expect(budget.waitFor(100)).toBe(16_000);
  });
});

describe('the reconnection backoff', () => {
  it('doubles up to its ceiling with each pause in the upper half of its step', () => {
    const low = new Backoff(1000, 8000, () => 0);
    expect([1, 2, 3, 4, 5].map(() => low.next())).toEqual([500, 1000, 2000, 4000, 4000]);
    const high = new Backoff(1000, 8000, () => 1);
    expect([1, 2, 3, 4, 5].map(() => high.next())).toEqual([1000, 2000, 4000, 8000, 8000]);
    high.reset();
    expect(high.next()).toBe(1000);
  });
});
