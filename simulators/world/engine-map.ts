import type { EngineProfile } from '../../shared/profile/vessel-profile.ts';

/** How far a real engine stands from its declared curve in one world. */
export interface EngineDeviation {
  /** Specific consumption level over the declared curve. */
  level: number;
  /** Specific consumption at 25 % load relative to full load, over the declared curve's. */
  partLoad: number;
  /** Rating over the declared one (an auxiliary set of another size). */
  rating: number;
  /** Rise of specific consumption per 1000 running hours (wear, injector fouling). */
  ageingPer1000h: number;
}

export const NO_DEVIATION: EngineDeviation = { level: 1, partLoad: 1, rating: 1, ageingPer1000h: 0 };

/**
 * One real engine's fuel map in this world. Between the datasheet's load points its specific consumption follows a
 * monotone cubic (Fritsch–Carlson), as a smooth real curve does; below the first point, fuel flow falls along the
 * Willans line to the idle flow. The deviation bends it: level everywhere, a part-load rise growing with the square
 * of the distance from full load, and ageing with the engine's hours.
 */
export class EngineMap {
  readonly ratedPower: number;
  private readonly loads: number[];
  private readonly sfoc: number[];
  private readonly slopes: number[];
  private readonly idle: number;

  constructor(engine: Pick<EngineProfile, 'ratedPower' | 'fuelCurve'>, private readonly deviation: EngineDeviation = NO_DEVIATION) {
    this.ratedPower = engine.ratedPower * deviation.rating;
    const curve = engine.fuelCurve;
    if (curve.kind === 'points') {
      this.loads = curve.points.map((p) => p.load);
      this.sfoc = curve.points.map((p) => p.sfoc);
      this.idle = curve.idleFuelRate * deviation.rating;
    } else {
      this.loads = [0.1, 0.25, 0.5, 0.75, 1];
      this.sfoc = this.loads.map((l) => curve.sfocBase * (0.455 * l * l - 0.71 * l + 1.28));
      this.idle = 0;
    }
    this.slopes = monotoneSlopes(this.loads, this.sfoc);
  }

  /** Declared-shape specific consumption at a load fraction within the datasheet's points, g/kWh. */
  private declaredSfoc(load: number): number {
    const x = this.loads;
    const n = x.length;
    if (load >= x[n - 1]!) return this.sfoc[n - 1]!;
    let i = 0;
    while (load > x[i + 1]!) i++;
    const h = x[i + 1]! - x[i]!;
    const t = (load - x[i]!) / h;
    const t2 = t * t;
    const t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * this.sfoc[i]! + (t3 - 2 * t2 + t) * h * this.slopes[i]!
      + (-2 * t3 + 3 * t2) * this.sfoc[i + 1]! + (t3 - t2) * h * this.slopes[i + 1]!;
  }

  private factor(load: number, hours: number): number {
    const d = this.deviation;
    const bend = 1 + (d.partLoad - 1) * ((1 - Math.min(1, load)) / 0.75) ** 2;
    return d.level * bend * (1 + (d.ageingPer1000h * hours) / 1000);
  }

  /** Fuel mass flow (kg/s) of the running engine delivering `power` W after `hours` running hours: idle flow at none. */
  fuelRate(power: number, hours = 0): number {
    const load = Math.max(0, power) / this.ratedPower;
    const first = this.loads[0]!;
    if (load < first) {
      const atFirst = (this.declaredSfoc(first) * first * this.ratedPower) / 3.6e9;
      return (this.idle + ((atFirst - this.idle) * load) / first) * this.factor(load, hours);
    }
    return ((this.declaredSfoc(load) * power) / 3.6e9) * this.factor(load, hours);
  }

  /** What one more joule costs at `power` W, kg/J. */
  marginalRate(power: number, hours = 0): number {
    const h = 0.005 * this.ratedPower;
    const lo = Math.max(0, power - h);
    return (this.fuelRate(power + h, hours) - this.fuelRate(lo, hours)) / (power + h - lo);
  }
}

/** Fritsch–Carlson slopes: a cubic through the points that never overshoots them. */
function monotoneSlopes(x: readonly number[], y: readonly number[]): number[] {
  const n = x.length;
  const d = Array.from({ length: n - 1 }, (_, i) => (y[i + 1]! - y[i]!) / (x[i + 1]! - x[i]!));
  const m = x.map((_, i) => (i === 0 ? d[0]! : i === n - 1 ? d[n - 2]! : d[i - 1]! * d[i]! <= 0 ? 0 : (d[i - 1]! + d[i]!) / 2));
  for (let i = 0; i < n - 1; i++) {
    if (d[i] === 0) { m[i] = 0; m[i + 1] = 0; continue; }
    const a = m[i]! / d[i]!;
    const b = m[i + 1]! / d[i]!;
    const s = a * a + b * b;
    if (s > 9) {
      const tau = 3 / Math.sqrt(s);
      m[i] = tau * a * d[i]!;
      m[i + 1] = tau * b * d[i]!;
    }
  }
  return m;
}
