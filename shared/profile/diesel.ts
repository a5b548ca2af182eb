import type { EngineProfile, FuelCurve } from './vessel-profile.ts';

/** IMO Fourth GHG Study (2020), eq. 10: SFOC(L) = SFOC_base · (0.455 L² − 0.71 L + 1.28). */
export function imoEq10Sfoc(sfocBase: number, load: number): number {
  return sfocBase * (0.455 * load * load - 0.71 * load + 1.28);
}

/**
 * Fuel mass flow (kg/s) of an engine delivering `power` W. A points curve is read as fuel flow, not as SFOC:
 * flow is interpolated linearly between the datasheet's load points and, below the first, between the idle flow
 * and that point (the Willans line), which is how a diesel's specific consumption climbs at low load.
 */
export function engineFuelRate(curve: FuelCurve, ratedPower: number, power: number): number {
  const load = Math.max(0, power) / ratedPower;
  if (curve.kind === 'imo-eq10') return (imoEq10Sfoc(curve.sfocBase, load) * Math.max(0, power)) / 3.6e9;
  const pts = curve.points;
  const flowAt = (i: number) => (pts[i]!.sfoc * pts[i]!.load * ratedPower) / 3.6e9;
  const first = pts[0]!;
  if (load <= first.load) return curve.idleFuelRate + ((flowAt(0) - curve.idleFuelRate) * load) / first.load;
  for (let i = 1; i < pts.length; i++) {
    if (load <= pts[i]!.load) {
      const a = pts[i - 1]!;
      return flowAt(i - 1) + ((flowAt(i) - flowAt(i - 1)) * (load - a.load)) / (pts[i]!.load - a.load);
    }
  }
  // Past the last point: the last point's specific consumption, held.
  const last = pts[pts.length - 1]!;
  return (last.sfoc * Math.max(0, power)) / 3.6e9;
}

/** d(fuel flow)/d(power) at `power` W, kg/J: what one more joule from this engine costs, by central difference. */
export function engineMarginalFuelRate(curve: FuelCurve, ratedPower: number, power: number): number {
  const h = 0.005 * ratedPower;
  const lo = Math.max(0, power - h);
  return (engineFuelRate(curve, ratedPower, power + h) - engineFuelRate(curve, ratedPower, lo)) / (power + h - lo);
}

/** Specific fuel oil consumption (g/kWh) of a running engine at `power` W; Infinity at zero power. */
export function engineSfoc(engine: Pick<EngineProfile, 'fuelCurve' | 'ratedPower'>, power: number): number {
  if (power <= 0) return Infinity;
  return (engineFuelRate(engine.fuelCurve, engine.ratedPower, power) * 3.6e9) / power;
}

/** The load fraction at which the engine's specific consumption is lowest (searched on a 1 % grid). */
export function bestLoad(engine: Pick<EngineProfile, 'fuelCurve' | 'ratedPower'>): number {
  let best = 1;
  let bestSfoc = Infinity;
  for (let l = 0.1; l <= 1.0001; l += 0.01) {
    const s = engineSfoc(engine, l * engine.ratedPower);
    if (s < bestSfoc) { bestSfoc = s; best = l; }
  }
  return best;
}
