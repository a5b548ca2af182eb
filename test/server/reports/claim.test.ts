import { describe, expect, it } from 'vitest';
import { claimOf, compareWithClaim } from '../../../server/reports/claim.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';

const band = { low: 0.15, high: 0.21 };

describe('a measured saving against the claimed 15–21 %', () => {
  it('is within when the whole 95 % interval lies in the claimed range', () => {
    const c = compareWithClaim({ value: 0.18, low: 0.16, high: 0.2 }, band);
    expect(c.verdict).toBe('within');
    expect(c.text).toBe('Measured 18.0 % (95 % interval 16.0 % to 20.0 %): the whole interval lies within the claimed 15–21 %.');
  });

  it('overlaps when the interval straddles an edge of the range', () => {
    expect(compareWithClaim({ value: 0.14, low: 0.1, high: 0.16 }, band).verdict).toBe('overlaps');
    expect(compareWithClaim({ value: 0.2, low: 0.12, high: 0.3 }, band).verdict).toBe('overlaps');
  });

  it('is below or above only when even the interval stays out of the range', () => {
    expect(compareWithClaim({ value: 0.07, low: 0.015, high: 0.149 }, band).verdict).toBe('below');
    expect(compareWithClaim({ value: 0.3, low: 0.211, high: 0.35 }, band).verdict).toBe('above');
  });

  it('says there is nothing to compare without an included trip', () => {
    expect(compareWithClaim(null, band).verdict).toBe('no-data');
  });
});

describe('each métier against its own claim', () => {
  const fregate = resolveVesselProfile('la-fregate');

  it('takes the claimed range and its source from the profile that names the métier', () => {
    const c = claimOf([fregate], 'SDN')!;
    expect(c).toMatchObject({ low: 0.15, high: 0.21 });
    expect(c.source).toMatch(/regional action plan/);
  });

  it('has no claim for a métier no profile names', () => {
    expect(claimOf([fregate], 'PTM')).toBeNull();
  });

  it('weighs the same evidence differently against different claims', () => {
    const f = { value: 0.12, low: 0.1, high: 0.14 };
    expect(compareWithClaim(f, { low: 0.15, high: 0.21 }).verdict).toBe('below');
    expect(compareWithClaim(f, { low: 0.08, high: 0.16 }).verdict).toBe('within');
  });
});
