import { describe, expect, it } from 'vitest';
import { Curve, interpolate } from '../../../shared/profile/curves.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';

const points = [{ speed: 1, force: 10 }, { speed: 2, force: 30 }, { speed: 4, force: 70 }];

describe('a curve prepared for reading many times', () => {
  it('interpolates linearly between its points', () => {
    expect(new Curve(points, 'speed', 'force').at(3)).toBe(50);
  });

  it('holds its end values outside its points', () => {
    const curve = new Curve(points, 'speed', 'force');
    expect([curve.at(0), curve.at(9)]).toEqual([10, 70]);
  });

  it('reads every curve of a profile exactly as interpolate does, to the last bit', () => {
    const p = resolveVesselProfile('la-fregate');
    const curves = [
      [p.hull.resistance, 'speed', 'force'], [p.propulsion.motorEfficiency, 'load', 'efficiency'],
      [p.propulsion.driveEfficiency, 'load', 'efficiency'], [p.battery.ocv, 'soc', 'voltage'],
      ...p.metiers.map((m) => [m.gearDrag, 'speed', 'force']),
    ] as [Record<string, number>[], string, string][];
    for (const [pts, x, y] of curves) {
      const curve = new Curve(pts, x, y);
      const lo = pts[0]![x]!;
      const hi = pts[pts.length - 1]![x]!;
      for (let k = -50; k <= 1050; k++) {
        const at = lo + ((hi - lo) * k) / 1000 + k * 1e-9;
        expect(Object.is(curve.at(at), interpolate(pts, x, y, at))).toBe(true);
      }
    }
  });

  it('refuses a curve without points', () => {
    expect(() => new Curve([], 'speed', 'force')).toThrow(/at least one point/);
  });
});
