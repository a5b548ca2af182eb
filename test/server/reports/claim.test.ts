import { describe, expect, it } from 'vitest';
import { compareWithClaim } from '../../../server/reports/claim.ts';

describe('a measured saving against the claimed 15–21 %', () => {
  it('is within when the whole 95 % interval lies in the claimed range', () => {
    const c = compareWithClaim({ value: 0.18, low: 0.16, high: 0.2 });
    expect(c.verdict).toBe('within');
    expect(c.text).toBe('Measured 18.0 % (95 % interval 16.0 % to 20.0 %): the whole interval lies within the claimed 15–21 %.');
  });

  it('overlaps when the interval straddles an edge of the range', () => {
    expect(compareWithClaim({ value: 0.14, low: 0.1, high: 0.16 }).verdict).toBe('overlaps');
    expect(compareWithClaim({ value: 0.2, low: 0.12, high: 0.3 }).verdict).toBe('overlaps');
  });

  it('is below or above only when even the interval stays out of the range', () => {
    expect(compareWithClaim({ value: 0.07, low: 0.015, high: 0.149 }).verdict).toBe('below');
    expect(compareWithClaim({ value: 0.3, low: 0.211, high: 0.35 }).verdict).toBe('above');
  });

  it('says there is nothing to compare without an included trip', () => {
    expect(compareWithClaim(null).verdict).toBe('no-data');
  });
});
