import { describe, expect, it } from 'vitest';
import { coarsestTier } from '../../../server/store/port.ts';
import { effectiveStep } from '../../../server/web/time-params.ts';

const DAY = 86_400_000;
const MIN = 60_000;
const T = Date.UTC(2026, 0, 1);

/** The step a default chart of `days` gets, and the tier the store reads it from. */
function chartOf(days: number) {
  const step = effectiveStep(T - days * DAY, T);
  return { step, points: Math.ceil((days * DAY) / step), tier: coarsestTier(step, Math.floor((T - days * DAY) / step) * step) };
}

describe('the step and roll-up tier a chart is served from', () => {
  it('serves a season (180 days) in 4-hour steps from the hourly tier', () => {
    expect(chartOf(180)).toEqual({ step: 4 * 60 * MIN, points: 1080, tier: 60 * MIN });
  });

  it('serves 30 days in 40-minute steps from the 10-minute tier', () => {
    expect(chartOf(30)).toEqual({ step: 40 * MIN, points: 1080, tier: 10 * MIN });
  });

  it('serves a day from the minutes, in whole minutes', () => {
    expect(chartOf(1)).toEqual({ step: 2 * MIN, points: 720, tier: MIN });
  });

  it('keeps a step asked for, in whole minutes, and reads it from the coarsest tier it is made of', () => {
    expect(effectiveStep(T - 30 * DAY, T, 45 * MIN)).toBe(45 * MIN);
    expect(coarsestTier(45 * MIN, 0)).toBe(MIN);
    expect(coarsestTier(120 * MIN, 0)).toBe(60 * MIN);
    expect(coarsestTier(120 * MIN, 30 * MIN)).toBe(10 * MIN);
  });

  it('never gives a chart more than 5000 points, nor a step under a second', () => {
    expect(effectiveStep(0, 365 * DAY, 1000)).toBe(Math.ceil((365 * DAY) / 5000 / MIN) * MIN);
    expect(effectiveStep(0, 10_000)).toBe(1000);
  });
});
