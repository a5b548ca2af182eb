import type { ConventionalVesselProfile } from '../../shared/profile/conventional-vessel-profile.ts';
import type { VesselProfile } from '../../shared/profile/vessel-profile.ts';
import {
  ConventionalTripAnalyzer, controlComparisons, TripAnalyzer, tripMetier, tripSavings,
  type ControlComparison, type ControlTripFuel, type HybridTripFuel, type TripRecord,
} from '../../shared/savings/index.ts';
import { ConventionalTrawler } from '../vessel/conventional-trawler.ts';
import { HybridTrawler } from '../vessel/hybrid-trawler.ts';
import { conventionalSignalBindings, readingsOf, signalBindings } from '../vessel/signals.ts';
import { ConventionalVessel } from '../world/conventional-vessel.ts';
import { drawControlWorld, drawWorld } from '../world/vessel-world.ts';
import { SEASONS } from './calibration.ts';

/**
 * Simulation-based calibration of the control baseline (METHOD §3, §7): a hybrid and a conventional sister ship, each
 * in a world of its own drawn from its profile's tolerances, fish one métier from one port over the same weeks in the
 * same weather, on trips of their own. The control's trips and the hybrid's go through the analyzers as the shore
 * would take them; the comparison's interval is checked against what the control vessel, as its world has it, would
 * really have burnt doing the hybrid's very work, second by second.
 */

export interface ControlWorldPlan {
  hybrid: VesselProfile;
  control: ConventionalVesselProfile;
  metier: string;
  seed: number;
  /** Index into SEASONS: the trips start on its month's 10th. */
  season: number;
  /** The hybrid's voyages; the control sails as many days. */
  trips: number;
}

export interface ControlWorldOutcome {
  plan: ControlWorldPlan;
  voyages: number;
  /**
   * Hybrid voyages the analyzer found, and those it gave the métier fished; the control's voyages that reached port,
   * and those found (both within a quarter of an hour of their true departure and arrival); the control's voyages as
   * its analyzer has them, and with the right métier.
   */
  found: number; hybridMetierRight: number; voyagesOfControl: number; controlFound: number; controlMetierRight: number;
  comparison: ControlComparison | null;
  /** The control vessel's true fuel on the hybrid's found voyages of the métier (those compared), kg; the true saving against it, as a fraction. */
  truth: { conventionalKg: number; fraction: number; twinKg: number };
  /** What the comparison was computed from: the hybrid's found voyages and the control's, as the analyzers left them. */
  hybridTrips: HybridTripFuel[];
  controlTrips: ControlTripFuel[];
}

const QUARTER_HOUR = 15 * 60_000;

export function runControlWorld(plan: ControlWorldPlan): ControlWorldOutcome {
  const { hybrid, control, metier, seed } = plan;
  const start = Date.UTC(2024, SEASONS[plan.season]!.month, 10, 4);
  const controlWorld = drawControlWorld(control, seed, start);
  const sim = new HybridTrawler({
    profile: hybrid, metier, seed, start, world: drawWorld(hybrid, seed, start),
    control: new ConventionalVessel(control.conventional, controlWorld.machinery),
  });
  const hybridAnalyzer = new TripAnalyzer({ profile: hybrid });
  const hybridBindings = signalBindings(hybrid);
  while (sim.completedTrips.length < plan.trips) {
    sim.step();
    hybridAnalyzer.add(sim.instant.t, readingsOf(hybridBindings, sim.instant) as Record<string, number>);
  }
  hybridAnalyzer.flush();
  const boat = new ConventionalTrawler({ profile: control, metier, seed: seed + 100_003, weatherSeed: seed, start, world: controlWorld });
  const controlAnalyzer = new ConventionalTripAnalyzer({ profile: control });
  const controlBindings = conventionalSignalBindings(control);
  while (boat.now < sim.now) {
    boat.step();
    controlAnalyzer.add(boat.instant.t, readingsOf(controlBindings, boat.instant) as Record<string, number>);
  }
  controlAnalyzer.flush();

  const sameVoyage = (r: TripRecord, truth: { departure: number | null; arrival: number | null }) => r.departure !== null && r.arrival !== null
    && Math.abs(r.departure - truth.departure!) <= QUARTER_HOUR && Math.abs(r.arrival - truth.arrival!) <= QUARTER_HOUR;
  const found = sim.completedTrips.flatMap((truth) => {
    const record = hybridAnalyzer.trips.find((r) => sameVoyage(r, truth.voyage));
    return record ? [{ truth, record }] : [];
  });
  const hybridTrips = found.map(({ record }) => {
    const s = tripSavings(hybrid, record, { draws: 50 });
    return { record, metier: s.metier, fuelKg: s.fuel.actualKg + s.battery.fuelEquivalentL * (hybrid.fuel.density / 1000) };
  });
  const voyages = (r: TripRecord) => r.departure !== null && r.arrival !== null;
  const controlTrips = controlAnalyzer.trips.filter(voyages).map((record) => ({ record, metier: tripMetier(control, record) }));
  const comparison = controlComparisons(hybridTrips, controlTrips, {
    profile: control, controlFuelMeter: control.uncertainty.fuelMeter, hybridFuelMeter: hybrid.uncertainty.fuelMeter,
    controlSpeedLog: control.uncertainty.speedLog, hybridSpeedLog: hybrid.uncertainty.speedLog, seed,
  }).find((c) => c.metier === metier) ?? null;
  // The comparison covers the hybrid's voyages its analysis gave this métier: the truth is over those same voyages.
  const compared = found.filter((_, k) => hybridTrips[k]!.metier === metier);
  const conventionalKg = compared.reduce((a, { truth }) => a + truth.voyage.fuel.control!, 0);
  const saved = compared.reduce((a, { truth }) => a + truth.voyage.fuel.control! - truth.voyage.fuel.hybrid - truth.savings.batteryFuelEquivalent, 0);
  // The control's voyages that reached port: those it completed, and the last one if it was alongside at the end.
  const controlVoyages = [...boat.completedTrips, ...(boat.currentTrip.departure !== null && boat.instant.phase === 'port' ? [boat.currentTrip] : [])];
  return {
    plan, voyages: sim.completedTrips.length, found: found.length, hybridMetierRight: compared.length,
    voyagesOfControl: controlVoyages.length, controlFound: controlVoyages.filter((v) => controlAnalyzer.trips.some((r) => sameVoyage(r, v))).length,
    controlMetierRight: controlTrips.filter((t) => t.metier === metier).length,
    comparison,
    truth: { conventionalKg, fraction: conventionalKg > 0 ? saved / conventionalKg : 0, twinKg: compared.reduce((a, { truth }) => a + truth.voyage.fuel.conventional, 0) },
    hybridTrips, controlTrips,
  };
}

/** Worlds in turn over the hybrid's métiers and the four seasons, seeds consecutive from `firstSeed`. */
export function controlCalibrationPlans(hybrid: VesselProfile, control: ConventionalVesselProfile, worlds: number, trips: number, firstSeed = 1): ControlWorldPlan[] {
  const metiers = hybrid.metiers.map((m) => m.code).filter((code) => control.metiers.some((m) => m.code === code));
  return Array.from({ length: worlds }, (_, i) => ({
    hybrid, control, metier: metiers[i % metiers.length]!, seed: firstSeed + i, season: Math.floor(i / metiers.length) % 4, trips,
  }));
}

export interface ControlCalibrationSummary {
  worlds: number; compared: number;
  /** Fraction of compared worlds whose interval holds the truth: the expected conventional fuel, and the saving fraction. */
  expectedCoverage: number; fractionCoverage: number;
  meanErrorPp: number; biasPp: number; meanWidthPp: number;
  /** Mean (estimate − truth) / truth of the expected conventional fuel, and mean width of its interval over the truth, %. */
  expectedBiasPct: number; expectedWidthPct: number;
  /** Fraction of compared worlds whose saving interval holds the truth against the hybrid's own twin (not the estimand). */
  twinCoverage: number;
  controlTripsFound: number; controlMetierRight: number; hybridFound: number; hybridMetierRight: number;
}

const holds = (i: { low: number; high: number }, x: number) => i.low <= x && x <= i.high;
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

export function summariseControl(outcomes: readonly ControlWorldOutcome[]): ControlCalibrationSummary {
  const compared = outcomes.filter((o) => o.comparison);
  const errors = compared.map((o) => 100 * (o.comparison!.fraction.value - o.truth.fraction));
  const twinFraction = (o: ControlWorldOutcome) => 1 - (o.truth.conventionalKg * (1 - o.truth.fraction)) / o.truth.twinKg;
  return {
    worlds: outcomes.length, compared: compared.length,
    expectedCoverage: compared.filter((o) => holds(o.comparison!.expectedConventionalKg, o.truth.conventionalKg)).length / compared.length,
    fractionCoverage: compared.filter((o) => holds(o.comparison!.fraction, o.truth.fraction)).length / compared.length,
    meanErrorPp: mean(errors.map(Math.abs)), biasPp: mean(errors),
    meanWidthPp: mean(compared.map((o) => 100 * (o.comparison!.fraction.high - o.comparison!.fraction.low))),
    expectedBiasPct: mean(compared.map((o) => 100 * (o.comparison!.expectedConventionalKg.value / o.truth.conventionalKg - 1))),
    expectedWidthPct: mean(compared.map((o) => (100 * (o.comparison!.expectedConventionalKg.high - o.comparison!.expectedConventionalKg.low)) / o.truth.conventionalKg)),
    twinCoverage: compared.filter((o) => holds(o.comparison!.fraction, twinFraction(o))).length / compared.length,
    controlTripsFound: outcomes.reduce((a, o) => a + o.controlFound, 0) / outcomes.reduce((a, o) => a + o.voyagesOfControl, 0),
    controlMetierRight: outcomes.reduce((a, o) => a + o.controlMetierRight, 0) / outcomes.reduce((a, o) => a + o.controlTrips.length, 0),
    hybridFound: outcomes.reduce((a, o) => a + o.found, 0) / outcomes.reduce((a, o) => a + o.voyages, 0),
    hybridMetierRight: outcomes.reduce((a, o) => a + o.hybridMetierRight, 0) / outcomes.reduce((a, o) => a + o.found, 0),
  };
}
