import type { VesselProfile } from '../profile/index.ts';
import { bestLoad, engineMarginalFuelRate, engineSfoc } from '../profile/index.ts';
import { drawBaselineParameters, NOMINAL, type BaselineParameters } from './baseline-parameters.ts';
import { FRENCH_GRID_CO2E_G_PER_KWH } from './constants.ts';
import { noxKg, pmKg } from './emissions.ts';
import { fuelCo2Kg, fuelLitres, gridCo2eKg } from './fuel.ts';
import { baselineModel, conventionalInstant, type BaselineModel } from './model-baseline.ts';
import { PHASES, type TripPhase } from './phases.ts';
import { SeededRandom } from './seeded-random.ts';
import { reason, reasonText, type Reason } from './reasons.ts';
import { quantile } from './statistics.ts';
import type { PhaseTotals, TripRecord, WorkSegment } from './trip-analyzer.ts';

/** A figure and its 95 % interval. */
export interface Interval { value: number; low: number; high: number }

export interface SavingsOptions {
  /** Monte Carlo draws; 200 by default. */
  draws?: number;
  /** Below this share of the time at sea with complete, plausible data, a trip is excluded. Default 0.9. */
  minCoverage?: number;
  gridCo2eGPerKWh?: number;
  /**
   * Seed of the vessel's systematic draws (its engines, propulsors, meters): the same for every trip of one vessel,
   * different between vessels, so that draw d of two trips of one vessel shares its parameters and an aggregate of
   * them keeps the systematic error whole (METHOD §4). Default: from the profile's id.
   */
  vesselSeed?: number;
}

/** Fuel figures of the at-sea part of a trip, casting off to tying up; kg unless named L. */
export interface TripFuel {
  /** kg/m³, the profile's: what turns the kg below into litres. */
  density: number;
  actualKg: number; actualL: number; baselineKg: number; baselineL: number;
  /** Share of the hybrid's fuel estimated from generator power because a meter was silent or implausible. */
  estimatedShare: number;
  /** The headline: the battery's change of charge valued at the trip's marginal generator consumption (METHOD §5). */
  savedKg: Interval; savedL: Interval; fraction: Interval;
  /** The fuel burnt alone, the energy the battery brought from shore counted free: shown beside, never instead. */
  fuelOnly: { savedL: Interval; fraction: Interval };
}

/** Time alongside after the trip's landing (before its first departure too, for a vessel's first record): no trip's. */
export interface PortStay {
  hours: number;
  shoreKWh: number;
  shoreCo2eKg: number;
  /** Fuel the hybrid burnt alongside (its sets, where shore power was not taken), L. */
  hybridFuelL: number;
  /** What the conventional vessel would have burnt alongside: its auxiliary set carrying the same loads, L. */
  conventionalFuelL: Interval;
}

export interface TripSavings {
  included: boolean;
  /** Why the trip is excluded from aggregates, or what widened its interval. */
  reasons: string[];
  /** The same reasons as codes and figures, for a reader's language (savings stored before they existed have none). */
  reasonCodes: Reason[];
  metier: string | null;
  coverage: number;
  hoursAtSea: number;
  fuel: TripFuel;
  co2e: { actualKg: number; baselineKg: number; shoreKg: number; savedKg: Interval };
  nox: { avoidedKg: Interval };
  pm: { avoidedKg: Interval };
  battery: {
    socDeparture: number | null; socArrival: number | null; energyChangeKWh: number;
    /** Stored over drawn energy when charging, and the sets' marginal consumption the change is valued at, g/kWh. */
    chargeEfficiency: number; marginalSfoc: number;
    /** Fuel the change of charge is worth, L: positive when the trip drew the battery down. */
    fuelEquivalentL: number;
  };
  /** Shore energy taken at sea (rare: a trip is at sea by definition). */
  shore: { kWh: number; co2eKg: number };
  portStay: PortStay | null;
  /** Uncovered part: the baseline fuel it probably held, kg, drawn within ± itself in every draw. */
  uncoveredBaselineKg: number;
  /**
   * The Monte Carlo's draws, kg, in draw order: an aggregate of trips sums them draw by draw, so a vessel's shared
   * (systematic) parameters add linearly and independent errors in quadrature, with no formula to choose between.
   */
  draws: { baselineKg: number[]; savedKg: number[]; fuelOnlySavedKg: number[] };
}

/** The defaults of `SavingsOptions`, exported so that evidence reports can state the parameters they were computed with. */
export const SAVINGS_DEFAULTS = { draws: 200, minCoverage: 0.9, gridCo2eGPerKWh: FRENCH_GRID_CO2E_G_PER_KWH } as const;

const AT_SEA = PHASES.filter((p) => p !== 'port');

/** A phase's covered figure scaled up to its whole duration. */
function extrapolate(p: PhaseTotals | undefined, pick: (p: PhaseTotals) => number): { covered: number; total: number } {
  if (!p) return { covered: 0, total: 0 };
  const v = pick(p);
  return { covered: v, total: p.coveredSeconds > 0 ? (v * p.seconds) / p.coveredSeconds : 0 };
}

function overPhases(trip: TripRecord, phases: readonly TripPhase[], pick: (p: PhaseTotals) => number): { covered: number; total: number } {
  let covered = 0;
  let total = 0;
  for (const phase of phases) {
    const e = extrapolate(trip.byPhase[phase], pick);
    covered += e.covered;
    total += e.total;
  }
  return { covered, total };
}

/** The generator sets' best specific consumption, g/kWh. */
export function marginalSfoc(profile: VesselProfile): number {
  return Math.min(...profile.generators.map((g) => engineSfoc(g, bestLoad(g) * g.ratedPower)));
}

/**
 * The sets' marginal consumption (kg/J) on a trip: what their energy cost at the margin at the loads they ran at,
 * scaled by what the meters read against what the declared curves expected. A trip on which no set ran is valued
 * at the charging load the energy management holds a set at.
 */
export function tripMarginalFuelRate(profile: VesselProfile, trip: TripRecord, k: BaselineParameters): number {
  const g = trip.generation;
  const ratio = g.expectedFuel > 0 ? g.meteredFuel / k.fuelMeter / g.expectedFuel : k.generatorSfoc;
  if (g.energy > 0 && g.marginalFuel > 0) return (g.marginalFuel / g.energy) * ratio;
  const atCharging = profile.generators.map((s) => engineMarginalFuelRate(s.fuelCurve, s.ratedPower, profile.energyManagement.chargingLoad * s.ratedPower));
  return Math.min(...atCharging) * k.generatorSfoc;
}

/**
 * Stored over terminal energy when charging at half the rated capacity: coulombic efficiency times the open-circuit
 * voltage over the terminal voltage (R0 and R1 of the Thevenin model in series at that current).
 */
export function chargeEfficiency(profile: VesselProfile): number {
  const b = profile.battery;
  const ocv = b.ocv.reduce((s, p) => s + p.voltage, 0) / b.ocv.length;
  const current = 0.5 * b.cellCapacity;
  return b.coulombicEfficiency * (ocv / (ocv + current * (b.r0 + b.r1)));
}

/** Usable energy of the battery pack, J: cells × strings × capacity × mean open-circuit voltage. */
export function packEnergy(profile: VesselProfile): number {
  const b = profile.battery;
  const meanOcv = b.ocv.reduce((s, p) => s + p.voltage, 0) / b.ocv.length;
  return b.cellsInSeries * b.stringsInParallel * b.cellCapacity * 3600 * meanOcv;
}

/**
 * Fuel (kg) a change of stored energy is worth: energy drawn down would have cost the sets its recharge, losses
 * included (÷ η); energy gained saves the sets its discharge later (× η). Positive when the trip drew it down.
 */
export function batteryFuelEquivalent(energyChange: number, marginalRate: number, efficiency: number): number {
  return energyChange < 0 ? (-energyChange * marginalRate) / efficiency : -energyChange * marginalRate * efficiency;
}

/** The métier whose gear drag best explains the thrust measured while towing; null before any towing. */
export function tripMetier(profile: Pick<VesselProfile, 'metiers'>, trip: Pick<TripRecord, 'byPhase' | 'metierMisfit'>): string | null {
  if (profile.metiers.length === 1) return profile.metiers[0]!.code;
  if (!trip.byPhase.towing) return null;
  return Object.entries(trip.metierMisfit).sort((a, b) => a[1] - b[1])[0]?.[0] ?? null;
}

/** A stable seed from a vessel's id: every trip of one vessel draws its systematic parameters from it. */
export function vesselSeedOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

interface SegmentTotals { fuel: number; mainE: number; auxE: number }

/** The baseline's fuel and engine output over a trip's segments at sea (or alongside), under one model. */
export function segmentTotals(model: BaselineModel, segments: readonly WorkSegment[], atSea: boolean): SegmentTotals {
  let fuel = 0; let mainE = 0; let auxE = 0;
  for (const s of segments) {
    if ((s.phase !== 'port') !== atSea) continue;
    const b = conventionalInstant(model, { ...s, atSea });
    fuel += b.fuelRate * s.seconds; mainE += b.mainPower * s.seconds; auxE += b.auxPower * s.seconds;
  }
  return { fuel, mainE, auxE };
}

const median = (xs: readonly number[]) => quantile(xs, 0.5);

/** The draws' median and 2.5–97.5 % quantiles; the point value alone without draws. */
export function intervalOf(sample: readonly number[], fallback: number): Interval {
  if (sample.length === 0) return { value: fallback, low: fallback, high: fallback };
  return { value: median(sample), low: quantile(sample, 0.025), high: quantile(sample, 0.975) };
}

function coverageReasons(trip: TripRecord, coverage: number, minCoverage: number, uncoveredBaselineKg: number, actual: number, estimated: number): { included: boolean; reasons: Reason[] } {
  const cov = trip.coverage;
  const reasons: Reason[] = [];
  let included = true;
  if (coverage < minCoverage) {
    included = false;
    reasons.push(reason('coverage.below', { coverage: 100 * coverage, min: 100 * minCoverage, gaps: cov.gapSeconds, incomplete: cov.incompleteSeconds, implausible: cov.implausibleSeconds }));
  } else if (coverage < 1) {
    reasons.push(reason('coverage.partial', { coverage: 100 * coverage, uncoveredKg: uncoveredBaselineKg }));
  }
  if (cov.clockAnomalies > 0) reasons.push(reason('clock.anomalies', { samples: cov.clockAnomalies }));
  if (actual > 0 && estimated / actual > 0.001) {
    reasons.push(reason('fuel.estimated', { share: (100 * estimated) / actual, seconds: cov.fuelFallbackSeconds }));
  }
  return { included, reasons };
}

/**
 * Savings of one trip, casting off to tying up, against the model baseline (METHOD §3 option D, §4, §5). Each draw
 * of the Monte Carlo moves every stated assumption of the profile at once (systematic draws from the vessel's seed,
 * the uncovered time's share from the trip's own); the figures are the draws' median and 95 % interval. The
 * headline values the battery's change of charge as fuel; the fuel burnt alone stands beside it; the port stay
 * after landing is reported on its own.
 */
export function tripSavings(profile: VesselProfile, trip: TripRecord, options: SavingsOptions = {}): TripSavings {
  const draws = options.draws ?? SAVINGS_DEFAULTS.draws;
  const minCoverage = options.minCoverage ?? SAVINGS_DEFAULTS.minCoverage;
  const gridFactor = options.gridCo2eGPerKWh ?? SAVINGS_DEFAULTS.gridCo2eGPerKWh;
  const density = profile.fuel.density;
  const cf = profile.fuel.co2PerFuelMass;
  const litres = (kg: number) => fuelLitres(kg, density);

  const baseline = overPhases(trip, AT_SEA, (p) => p.baselineFuel);
  const metered = overPhases(trip, AT_SEA, (p) => p.fuelMetered).total;
  const estimated = overPhases(trip, AT_SEA, (p) => p.fuelEstimated).total;
  const main = overPhases(trip, AT_SEA, (p) => p.baselineMainEnergy).total;
  const aux = overPhases(trip, AT_SEA, (p) => p.baselineAuxEnergy).total;
  const genEnergy = profile.generators.map((g) => overPhases(trip, AT_SEA, (p) => p.energy.generators[g.id] ?? 0).total);
  const shoreAtSea = overPhases(trip, AT_SEA, (p) => p.energy.shore).total;
  const actual = metered + estimated;
  const uncoveredBaselineKg = baseline.total - baseline.covered;

  const cov = trip.coverage;
  const coverage = cov.atSeaSeconds > 0 ? cov.atSeaCoveredSeconds / cov.atSeaSeconds : 0;
  const { included: coveredEnough, reasons: reasonCodes } = coverageReasons(trip, coverage, minCoverage, uncoveredBaselineKg, actual, estimated);
  let included = coveredEnough;
  if (baseline.total <= 0) {
    included = false;
    reasonCodes.push(reason('baseline.none'));
  }

  const { socDeparture, socArrival } = trip.battery;
  const energyChange = socDeparture !== null && socArrival !== null ? (socArrival - socDeparture) * packEnergy(profile) : 0;
  const efficiency = chargeEfficiency(profile);
  const nominalMarginal = tripMarginalFuelRate(profile, trip, NOMINAL);

  // Monte Carlo: each draw's baseline is the exact nominal one scaled by the draw's segments over the nominal's.
  const nominal = baselineModel(profile);
  const ref = segmentTotals(nominal, trip.segments, true);
  const port = trip.byPhase.port;
  const portRef = segmentTotals(nominal, trip.segments, false);
  const systematic = new SeededRandom(options.vesselSeed ?? vesselSeedOf(profile.identity.id));
  const ofTrip = new SeededRandom(Math.floor(trip.start / 1000) ^ 0x5a71);
  const base: number[] = []; const saved: number[] = []; const fuelOnly: number[] = []; const fraction: number[] = []; const fuelOnlyFraction: number[] = [];
  const nox: number[] = []; const pm: number[] = []; const portFuel: number[] = [];
  const noxActual = profile.generators.reduce((s, g, k) => s + noxKg(genEnergy[k]!, g.ratedSpeed), 0);
  const pmActual = pmKg(genEnergy.reduce((s, e) => s + e, 0));
  for (let d = 0; d < draws && ref.fuel > 0; d++) {
    const k = drawBaselineParameters(systematic, profile.uncertainty);
    const model = baselineModel(profile, k);
    const r = segmentTotals(model, trip.segments, true);
    const b = baseline.total * (r.fuel / ref.fuel) + (2 * ofTrip.next() - 1) * uncoveredBaselineKg;
    const act = metered / k.fuelMeter + estimated * k.generatorSfoc;
    const battery = batteryFuelEquivalent(energyChange, tripMarginalFuelRate(profile, trip, k), efficiency);
    base.push(b);
    fuelOnly.push(b - act);
    saved.push(b - act - battery);
    fraction.push((b - act - battery) / b);
    fuelOnlyFraction.push((b - act) / b);
    const mainD = ref.mainE > 0 ? main * (r.mainE / ref.mainE) : 0;
    const auxD = ref.auxE > 0 ? aux * (r.auxE / ref.auxE) : 0;
    nox.push(noxKg(mainD, profile.conventional.mainEngine.ratedSpeed) + noxKg(auxD, profile.conventional.auxGenerator.ratedSpeed) - noxActual);
    pm.push(pmKg(mainD + auxD) - pmActual);
    if (port && portRef.fuel > 0) portFuel.push(extrapolate(port, (p) => p.baselineFuel).total * (segmentTotals(model, trip.segments, false).fuel / portRef.fuel));
  }

  const nominalBattery = batteryFuelEquivalent(energyChange, nominalMarginal, efficiency);
  const savedKg = intervalOf(saved, baseline.total - actual - nominalBattery);
  const toLitres = (i: Interval): Interval => ({ value: litres(i.value), low: litres(i.low), high: litres(i.high) });
  const shoreCo2 = gridCo2eKg(shoreAtSea, gridFactor);
  const co2Saved = (i: Interval): Interval => ({ value: i.value * cf - shoreCo2, low: i.low * cf - shoreCo2, high: i.high * cf - shoreCo2 });
  const baselineKg = base.length ? median(base) : baseline.total;
  const nominalFraction = baseline.total > 0 ? (baseline.total - actual - nominalBattery) / baseline.total : 0;

  return {
    included,
    reasons: reasonCodes.map(reasonText),
    reasonCodes,
    metier: tripMetier(profile, trip),
    coverage,
    hoursAtSea: cov.atSeaSeconds / 3600,
    fuel: {
      density,
      actualKg: actual, actualL: litres(actual), baselineKg, baselineL: litres(baselineKg),
      estimatedShare: actual > 0 ? estimated / actual : 0,
      savedKg,
      savedL: toLitres(savedKg),
      fraction: intervalOf(fraction, nominalFraction),
      fuelOnly: {
        savedL: toLitres(intervalOf(fuelOnly, baseline.total - actual)),
        fraction: intervalOf(fuelOnlyFraction, baseline.total > 0 ? (baseline.total - actual) / baseline.total : 0),
      },
    },
    co2e: { actualKg: fuelCo2Kg(actual, cf) + shoreCo2, baselineKg: fuelCo2Kg(baselineKg, cf), shoreKg: shoreCo2, savedKg: co2Saved(savedKg) },
    nox: { avoidedKg: intervalOf(nox, noxKg(main, profile.conventional.mainEngine.ratedSpeed) + noxKg(aux, profile.conventional.auxGenerator.ratedSpeed) - noxActual) },
    pm: { avoidedKg: intervalOf(pm, pmKg(main + aux) - pmActual) },
    battery: {
      socDeparture, socArrival, energyChangeKWh: energyChange / 3.6e6,
      chargeEfficiency: efficiency, marginalSfoc: nominalMarginal * 3.6e9,
      fuelEquivalentL: litres(nominalBattery),
    },
    shore: { kWh: shoreAtSea / 3.6e6, co2eKg: shoreCo2 },
    portStay: port ? portStayOf(profile, port, portFuel, gridFactor) : null,
    uncoveredBaselineKg,
    draws: { baselineKg: base, savedKg: saved, fuelOnlySavedKg: fuelOnly },
  };
}

function portStayOf(profile: VesselProfile, port: PhaseTotals, conventionalDraws: readonly number[], gridFactor: number): PortStay {
  const litres = (kg: number) => fuelLitres(kg, profile.fuel.density);
  const shore = extrapolate(port, (p) => p.energy.shore).total;
  const conventional = intervalOf(conventionalDraws, extrapolate(port, (p) => p.baselineFuel).total);
  return {
    hours: port.seconds / 3600,
    shoreKWh: shore / 3.6e6,
    shoreCo2eKg: gridCo2eKg(shore, gridFactor),
    hybridFuelL: litres(extrapolate(port, (p) => p.fuelMetered + p.fuelEstimated).total),
    conventionalFuelL: { value: litres(conventional.value), low: litres(conventional.low), high: litres(conventional.high) },
  };
}
