import type { VesselProfile } from '../profile/index.ts';
import { bestLoad, engineSfoc } from '../profile/index.ts';
import { DEFAULT_TOLERANCES, FRENCH_GRID_CO2E_G_PER_KWH, type ModelTolerances } from './constants.ts';
import { noxKg, pmKg } from './emissions.ts';
import { fuelCo2Kg, fuelLitres, gridCo2eKg } from './fuel.ts';
import { baselineModel, conventionalInstant, type BaselineParameters } from './model-baseline.ts';
import { PHASES } from './phases.ts';
import { SeededRandom } from './seeded-random.ts';
import { quantile } from './statistics.ts';
import type { PhaseTotals, TripRecord } from './trip-analyzer.ts';

/** A figure and its 95 % interval. */
export interface Interval { value: number; low: number; high: number }

export interface SavingsOptions {
  tolerances?: ModelTolerances;
  /** Monte Carlo draws; 200 by default. */
  draws?: number;
  /** Below this share of the time at sea with complete, plausible data, a trip is excluded. Default 0.9. */
  minCoverage?: number;
  gridCo2eGPerKWh?: number;
}

export interface TripSavings {
  included: boolean;
  /** Why the trip is excluded from aggregates, or what widened its interval. */
  reasons: string[];
  metier: string | null;
  coverage: number;
  fuel: {
    actualKg: number; actualL: number; baselineKg: number; baselineL: number;
    /** Share of the hybrid's fuel estimated from generator power because a meter was silent or implausible. */
    estimatedShare: number;
    savedKg: Interval; savedL: Interval; fraction: Interval;
  };
  co2e: { actualKg: number; baselineKg: number; shoreKg: number; savedKg: Interval };
  nox: { avoidedKg: Interval };
  pm: { avoidedKg: Interval };
  battery: { socStart: number | null; socEnd: number | null; energyChangeKWh: number; fuelEquivalentL: number; savedLAdjusted: Interval };
  shore: { kWh: number; co2eKg: number };
  /** Uncovered part: the baseline fuel it probably held, kg, added to both sides of every interval. */
  uncoveredBaselineKg: number;
}

/** The defaults of `SavingsOptions`, exported so that evidence reports can state the parameters they were computed with. */
export const SAVINGS_DEFAULTS = { draws: 200, minCoverage: 0.9, gridCo2eGPerKWh: FRENCH_GRID_CO2E_G_PER_KWH } as const;

const sigma = (halfWidth95: number) => halfWidth95 / 1.96;

function drawParameters(rng: SeededRandom, tol: ModelTolerances): BaselineParameters {
  return {
    sfocMain: rng.normal(1, sigma(tol.sfoc)),
    sfocAux: rng.normal(1, sigma(tol.sfoc)),
    mechanicalEfficiency: rng.normal(1, sigma(tol.mechanicalEfficiency)),
    propulsorQuality: rng.normal(1, sigma(tol.propulsorQuality)),
    hydraulicEfficiency: rng.normal(1, sigma(tol.hydraulicEfficiency)),
    electricDriveEfficiency: rng.normal(1, sigma(tol.electricDriveEfficiency)),
    hydraulicStandby: Math.max(0, rng.normal(1, sigma(tol.hydraulicStandby))),
    powerMeter: rng.normal(1, sigma(tol.powerMeter)),
  };
}

/** Totals of a trip's phases; each phase's covered figures scaled up to its whole duration. */
function extrapolated(trip: TripRecord, pick: (p: PhaseTotals) => number): { covered: number; total: number } {
  let covered = 0;
  let total = 0;
  for (const phase of PHASES) {
    const p = trip.byPhase[phase];
    if (!p) continue;
    const v = pick(p);
    covered += v;
    total += p.coveredSeconds > 0 ? (v * p.seconds) / p.coveredSeconds : 0;
  }
  return { covered, total };
}

/** The métier whose gear drag best explains the thrust measured while towing; null before any towing. */
/**
 * The generator sets' best specific consumption, g/kWh: what electrical energy made aboard costs at the margin,
 * the value METHOD §5 gives energy the battery lent a trip (or shore power stood in for).
 */
export function marginalSfoc(profile: VesselProfile): number {
  return Math.min(...profile.generators.map((g) => engineSfoc(g, bestLoad(g) * g.ratedPower)));
}

export function tripMetier(profile: VesselProfile, trip: TripRecord): string | null {
  if (profile.metiers.length === 1) return profile.metiers[0]!.code;
  if (!trip.byPhase.towing) return null;
  return Object.entries(trip.metierMisfit).sort((a, b) => a[1] - b[1])[0]?.[0] ?? null;
}

/** Usable energy of the battery pack, J: cells × strings × capacity × mean open-circuit voltage. */
export function packEnergy(profile: VesselProfile): number {
  const b = profile.battery;
  const meanOcv = b.ocv.reduce((s, p) => s + p.voltage, 0) / b.ocv.length;
  return b.cellsInSeries * b.stringsInParallel * b.cellCapacity * 3600 * meanOcv;
}

/**
 * Savings of one trip against the model baseline (METHOD §3 option D, §4, §5): fuel, CO2e with shore electricity at
 * the grid factor, NOx and PM avoided, each with a 95 % interval from a seeded Monte Carlo over the baseline's
 * parameters and the meters; uncovered time adds its probable baseline fuel to both sides; low coverage excludes.
 */
export function tripSavings(profile: VesselProfile, trip: TripRecord, options: SavingsOptions = {}): TripSavings {
  const tol = options.tolerances ?? DEFAULT_TOLERANCES;
  const draws = options.draws ?? SAVINGS_DEFAULTS.draws;
  const minCoverage = options.minCoverage ?? SAVINGS_DEFAULTS.minCoverage;
  const density = profile.fuel.density;
  const cf = profile.fuel.co2PerFuelMass;
  const reasons: string[] = [];

  const baseline = extrapolated(trip, (p) => p.baselineFuel);
  const metered = extrapolated(trip, (p) => p.fuelMetered);
  const estimated = extrapolated(trip, (p) => p.fuelEstimated);
  const main = extrapolated(trip, (p) => p.baselineMainEnergy).total;
  const aux = extrapolated(trip, (p) => p.baselineAuxEnergy).total;
  const genEnergy = profile.generators.map((g) => extrapolated(trip, (p) => p.energy.generators[g.id] ?? 0).total);
  const shoreJ = extrapolated(trip, (p) => p.energy.shore).total;
  const actual = metered.total + estimated.total;
  const uncoveredBaselineKg = baseline.total - baseline.covered;

  const cov = trip.coverage;
  const coverage = cov.atSeaSeconds > 0 ? cov.atSeaCoveredSeconds / cov.atSeaSeconds : cov.seconds > 0 ? cov.coveredSeconds / cov.seconds : 0;
  let included = true;
  if (coverage < minCoverage) {
    included = false;
    reasons.push(`coverage ${(100 * coverage).toFixed(1)} % at sea is below ${(100 * minCoverage).toFixed(0)} % (gaps ${Math.round(cov.gapSeconds)} s, incomplete ${Math.round(cov.incompleteSeconds)} s, implausible ${Math.round(cov.implausibleSeconds)} s)`);
  } else if (coverage < 1) {
    reasons.push(`coverage ${(100 * coverage).toFixed(1)} %: the uncovered part's ${uncoveredBaselineKg.toFixed(1)} kg of baseline fuel widens the interval`);
  }
  if (cov.clockAnomalies > 0) reasons.push(`${cov.clockAnomalies} samples refused for inconsistent timestamps (clock jumps)`);
  if (actual > 0 && estimated.total / actual > 0.001) {
    reasons.push(`${(100 * estimated.total / actual).toFixed(1)} % of the hybrid's fuel estimated from generator power (fuel meter silent or implausible for ${Math.round(cov.fuelFallbackSeconds)} s)`);
  }
  if (baseline.total <= 0) {
    included = false;
    reasons.push('no baseline fuel: no covered time at sea yet');
  }

  // Monte Carlo: the segments give each draw's baseline relative to the nominal; the exact nominal is scaled by it.
  const nominal = baselineModel(profile);
  const segmentTotals = (model: ReturnType<typeof baselineModel>) => {
    let fuel = 0; let mainE = 0; let auxE = 0;
    for (const s of trip.segments) {
      const b = conventionalInstant(model, { ...s, atSea: s.phase !== 'port', windTurbineThrust: 0 });
      fuel += b.fuelRate * s.seconds; mainE += b.mainPower * s.seconds; auxE += b.auxPower * s.seconds;
    }
    return { fuel, mainE, auxE };
  };
  const ref = segmentTotals(nominal);
  const rng = new SeededRandom(Math.floor(trip.start / 1000) ^ 0x5a71);
  const hybridGenSfoc = sigma(tol.sfoc);
  const saved: number[] = []; const fraction: number[] = []; const nox: number[] = []; const pm: number[] = [];
  const noxActual = profile.generators.reduce((s, g, k) => s + noxKg(genEnergy[k]!, g.ratedSpeed), 0);
  const pmActual = pmKg(genEnergy.reduce((s, e) => s + e, 0));
  for (let d = 0; d < draws && ref.fuel > 0; d++) {
    const k = drawParameters(rng, tol);
    const r = segmentTotals(baselineModel(profile, k));
    const base = baseline.total * (r.fuel / ref.fuel);
    const act = metered.total * rng.normal(1, sigma(tol.fuelMeter)) + estimated.total * rng.normal(1, hybridGenSfoc);
    saved.push(base - act);
    fraction.push((base - act) / base);
    const mainD = ref.mainE > 0 ? main * (r.mainE / ref.mainE) : 0;
    const auxD = ref.auxE > 0 ? aux * (r.auxE / ref.auxE) : 0;
    nox.push(noxKg(mainD, profile.conventional.mainEngine.ratedSpeed) + noxKg(auxD, profile.conventional.auxGenerator.ratedSpeed) - noxActual);
    pm.push(pmKg(mainD + auxD) - pmActual);
  }
  const widen = uncoveredBaselineKg;
  const interval = (value: number, sample: number[], extra: number): Interval => sample.length === 0
    ? { value, low: value - extra, high: value + extra }
    : { value, low: Math.min(value, quantile(sample, 0.025)) - extra, high: Math.max(value, quantile(sample, 0.975)) + extra };

  const savedKg = interval(baseline.total - actual, saved, widen);
  const scale = (i: Interval, f: number, shift = 0): Interval => ({ value: i.value * f + shift, low: i.low * f + shift, high: i.high * f + shift });
  const shoreCo2 = gridCo2eKg(shoreJ, options.gridCo2eGPerKWh ?? SAVINGS_DEFAULTS.gridCo2eGPerKWh);

  // METHOD §5: energy the battery lent the trip, valued at the generators' best specific consumption.
  const { socStart, socEnd } = trip.battery;
  const energyChange = socStart !== null && socEnd !== null ? (socEnd - socStart) * packEnergy(profile) : 0;
  const fuelEquivalentKg = (-energyChange / 3.6e6) * marginalSfoc(profile) / 1000;

  return {
    included,
    reasons,
    metier: tripMetier(profile, trip),
    coverage,
    fuel: {
      actualKg: actual, actualL: fuelLitres(actual, density), baselineKg: baseline.total, baselineL: fuelLitres(baseline.total, density),
      estimatedShare: actual > 0 ? estimated.total / actual : 0,
      savedKg,
      savedL: scale(savedKg, fuelLitres(1, density)),
      fraction: interval(baseline.total > 0 ? (baseline.total - actual) / baseline.total : 0, fraction, baseline.total > 0 ? widen / baseline.total : 0),
    },
    co2e: { actualKg: fuelCo2Kg(actual, cf) + shoreCo2, baselineKg: fuelCo2Kg(baseline.total, cf), shoreKg: shoreCo2, savedKg: scale(savedKg, cf, -shoreCo2) },
    nox: { avoidedKg: interval(noxKg(main, profile.conventional.mainEngine.ratedSpeed) + noxKg(aux, profile.conventional.auxGenerator.ratedSpeed) - noxActual, nox, 0) },
    pm: { avoidedKg: interval(pmKg(main + aux) - pmActual, pm, 0) },
    battery: {
      socStart, socEnd, energyChangeKWh: energyChange / 3.6e6, fuelEquivalentL: fuelLitres(fuelEquivalentKg, density),
      savedLAdjusted: scale(savedKg, fuelLitres(1, density), -fuelLitres(fuelEquivalentKg, density)),
    },
    shore: { kWh: shoreJ / 3.6e6, co2eKg: shoreCo2 },
    uncoveredBaselineKg,
  };
}

