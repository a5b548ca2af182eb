import { describe, expect, it } from 'vitest';
import { offset, sail } from '../../../simulators/vessel/trip-plan.ts';

describe('sailing a step', () => {
  it('moves a position north then east exactly as two offsets do, to the last bit', () => {
    for (const [lat, lon, north, east] of [[50.72, 1.59, 3.1, -2.4], [50.9, -0.003, -4.7, 0], [51.2, 2.1, 0, 5.5], [49.8, 1.2, -0.6, -3.3]]) {
      const p = { lat: lat!, lon: lon! };
      sail(p, north!, east!);
      expect(p).toEqual(offset(offset({ lat: lat!, lon: lon! }, 0, north!), Math.PI / 2, east!));
    }
  });
});
