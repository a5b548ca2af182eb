import type { VesselProfile } from '../profile/index.ts';
import { NOMINAL, UNCERTAIN_PARAMETERS, type BaselineParameters } from './baseline-parameters.ts';
import { baselineModel } from './model-baseline.ts';
import type { TripRecord } from './trip-analyzer.ts';
import { segmentTotals } from './trip-savings.ts';

/** How far one assumption moves a saving, in fractions of the baseline, at the two ends of its range. */
export interface SensitivityBar { assumption: string; low: number; high: number; atLow: number; atHigh: number; stated: boolean }

/**
 * The fuel-only saving of some trips recomputed with one assumption moved to each end of its range, every other one
 * nominal (a tornado chart, METHOD §7): first each tolerance the profile states, then the propulsor geometry the
 * profile takes as known, to show whether it deserves a tolerance of its own.
 */
export function savingSensitivity(profile: VesselProfile, trips: readonly TripRecord[]): SensitivityBar[] {
  const fuelOf = (p: VesselProfile, k: BaselineParameters) => trips.reduce((s, t) => s + segmentTotals(baselineModel(p, k), t.segments, true).fuel, 0);
  const actual = trips.reduce((s, t) => s + Object.entries(t.byPhase).filter(([ph]) => ph !== 'port').reduce((x, [, p]) => x + p!.fuelMetered + p!.fuelEstimated, 0), 0);
  const nominalBase = fuelOf(profile, NOMINAL);
  // Segment means stand in for the seconds: the ratio to the nominal carries over to the exact baseline.
  const exactBase = trips.reduce((s, t) => s + Object.entries(t.byPhase).filter(([ph]) => ph !== 'port').reduce((x, [, p]) => x + p!.baselineFuel, 0), 0);
  const saving = (base: number, k: BaselineParameters = NOMINAL) => {
    const b = exactBase * (base / nominalBase);
    return (b - actual / k.fuelMeter) / b;
  };
  const reference = saving(nominalBase);
  const bars: SensitivityBar[] = UNCERTAIN_PARAMETERS.map((key) => {
    const t = profile.uncertainty[key];
    const at = (v: number) => {
      const k = { ...NOMINAL, [key]: v };
      return saving(fuelOf(profile, k), k);
    };
    return { assumption: key, low: t.low, high: t.high, atLow: at(t.low) - reference, atHigh: at(t.high) - reference, stated: true };
  });
  const geometry = (name: string, low: number, high: number, change: (p: VesselProfile, f: number) => VesselProfile): SensitivityBar => ({
    assumption: name, low, high, stated: false,
    atLow: saving(fuelOf(change(profile, low), NOMINAL)) - reference,
    atHigh: saving(fuelOf(change(profile, high), NOMINAL)) - reference,
  });
  const withPropulsors = (p: VesselProfile, edit: (x: VesselProfile['propulsion']['propulsor']) => VesselProfile['propulsion']['propulsor']): VesselProfile => ({
    ...p, propulsion: { ...p.propulsion, propulsor: edit(p.propulsion.propulsor) }, conventional: { ...p.conventional, propulsor: edit(p.conventional.propulsor) },
  });
  bars.push(
    geometry('propulsorDiscArea (both)', 0.9, 1.1, (p, f) => withPropulsors(p, (x) => ({ ...x, discArea: x.discArea * f }))),
    geometry('propulsorWakeFraction (both)', 0.67, 1.33, (p, f) => withPropulsors(p, (x) => ({ ...x, wakeFraction: x.wakeFraction * f }))),
  );
  return bars.sort((a, b) => Math.max(Math.abs(b.atLow), Math.abs(b.atHigh)) - Math.max(Math.abs(a.atLow), Math.abs(a.atHigh)));
}
