import type { VesselProfile } from '../../shared/profile/vessel-profile.ts';
import { pathsFor } from '../../shared/registry/index.ts';
import {
  fitLogbookBaseline, fitMeasuredBaseline, logbookSaving, logbookTripOf, measuredSavings, predictConventionalFuel, TripAnalyzer, tripSavings,
  type Interval, type LogbookFit, type LogbookTrip, type MeasuredFit, type TripRecord, type TripSavings,
} from '../../shared/savings/index.ts';
import { readLogbookCsv } from '../../server/reference/logbook-file.ts';
import { FaultInjector, randomFaultPlan, type Fault } from '../faults/faults.ts';
import { HybridTrawler } from '../vessel/hybrid-trawler.ts';
import { readingsOf, signalBindings } from '../vessel/signals.ts';
import type { TripTruth } from '../vessel/truth.ts';
import { LOGBOOK_TIME_ZONE, simulateConventionalLogbook } from '../world/conventional-logbook.ts';
import { drawWorld, type VesselWorld } from '../world/vessel-world.ts';

/**
 * Simulation-based calibration of the savings engine (METHOD §7): vessels each in a world of their own, drawn from
 * the tolerances their profile states, sailing real schedules in every season with faults on some trips, their
 * telemetry fed to the engine as the shore would receive it. The engine sees only the nominal profile and that
 * telemetry; each of its intervals is then checked against the truth computed in the world.
 */

export const SEASONS = [
  { name: 'winter', month: 0 }, { name: 'spring', month: 3 }, { name: 'summer', month: 6 }, { name: 'autumn', month: 9 },
] as const;

export interface WorldPlan {
  profile: VesselProfile;
  metier: string;
  seed: number;
  /** Index into SEASONS: the reporting trips start on the 10th of its month, the reference trips two seasons later. */
  season: number;
  year: number;
  trips: number;
  /** Trips (by index) whose telemetry carries random faults. */
  faulted: readonly number[];
  /** Trips of the conventional reference period for the measured baseline, 0 for none. */
  referenceTrips: number;
  /**
   * The conventional vessel's logbook over the year before the reporting period (option C on its records): fishing
   * spells spread over its seasons, as a French CSV with the noise of real records, read back through the import.
   */
  logbook?: { blocks: number; tripsPerBlock: number };
  /** A deviation beyond the stated tolerances, applied to the drawn world: a stress case, reported apart (METHOD §7). */
  stress?: (world: VesselWorld) => VesselWorld;
}

export interface TripOutcome {
  vessel: string; metier: string; season: string; faulted: boolean;
  truth: { fraction: number; savedKg: number; baselineKg: number };
  /** The engine's trip, null when the analyzer found no trip for this voyage (missed, merged or split). */
  model: { fraction: Interval; included: boolean } | null;
  measured: { fraction: Interval } | null;
  /** Option C on the logbook: the conventional fuel predicted (L) against the twin's true fuel, and the saving. */
  logbook: LogbookOutcome | null;
  savings: TripSavings | null;
}

export interface LogbookOutcome { conventionalL: Interval; truthL: number; fraction: Interval; truthFraction: number }

export interface WorldOutcome {
  plan: WorldPlan;
  world: VesselWorld;
  trips: TripOutcome[];
  /** Voyages the simulator made and trips the analyzer found. */
  voyages: number; found: number;
  fit: MeasuredFit | null;
  logbookFit: LogbookFit | null;
  /** Option C on the logbook over all the world's predicted trips at once. */
  logbook: LogbookOutcome | null;
  /** The world's aggregate over its included trips: the truth and the engine's interval. */
  aggregate: { truth: number; model: Interval } | null;
}

const HOUR = 3_600_000;

interface Run { truths: TripTruth[]; records: TripRecord[]; conventionalByHour: Map<number, number> }

/**
 * One vessel's run in its world: `trips` voyages from `start`, every second's readings through the fault plan into
 * one analyzer, as the shore would process them. Also the conventional twin's fuel per clock hour at sea, read through
 * the world's first fuel meter: what a conventional vessel's own meter would have logged.
 */
function run(plan: WorldPlan, world: VesselWorld, start: number, trips: number, faulted: readonly number[]): Run {
  const { profile } = plan;
  const sim = new HybridTrawler({ profile, metier: plan.metier, seed: plan.seed, start, world });
  const bindings = signalBindings(profile);
  const analyzer = new TripAnalyzer({ profile });
  const paths = pathsFor(profile.equipment);
  const conventionalByHour = new Map<number, number>();
  let injector = new FaultInjector([]);
  let tripIndex = -1;
  let conventional = 0;
  const meter = world.meters.fuel[0] ?? 1;
  while (sim.completedTrips.length < trips) {
    if (sim.completedTrips.length !== tripIndex) {
      tripIndex = sim.completedTrips.length;
      const plan0: Fault[] = faulted.includes(tripIndex)
        ? randomFaultPlan({ seed: plan.seed * 31 + tripIndex, start: sim.now, end: sim.now + 48 * HOUR, perHour: 2, paths, units: [1, 2, 3, 4, 10, 11] })
        : [];
      injector = new FaultInjector(plan0);
    }
    const before = sim.currentTrip;
    sim.step();
    const t = sim.instant.t;
    const trip = sim.completedTrips.length > tripIndex ? sim.completedTrips[tripIndex]! : before;
    const nowConventional = trip.voyage.fuel.conventional;
    if (sim.instant.phase !== 'port') {
      const hour = Math.floor((t - 1) / HOUR) * HOUR;
      conventionalByHour.set(hour, (conventionalByHour.get(hour) ?? 0) + (nowConventional - conventional) * meter);
    }
    conventional = sim.completedTrips.length > tripIndex ? 0 : nowConventional;
    if (!injector.linkUp(t)) continue;
    analyzer.add(injector.deviceTime(t), injector.readings(t, readingsOf(bindings, sim.instant)) as Record<string, number>);
  }
  analyzer.flush();
  return { truths: sim.completedTrips.slice(0, trips), records: analyzer.trips.filter((r) => r.departure !== null), conventionalByHour };
}

/** The analyzer's trip for a true voyage: the one whose departure lies within 15 minutes of the true departure. */
function matching(records: readonly TripRecord[], truth: TripTruth): TripRecord | undefined {
  return records.find((r) => Math.abs(r.departure! - truth.voyage.departure!) <= 15 * 60_000 && r.arrival !== null
    && Math.abs(r.arrival - truth.voyage.arrival!) <= 15 * 60_000);
}

const seasonStart = (plan: WorldPlan, offsetSeasons = 0) => {
  const s = (plan.season + offsetSeasons) % 4;
  return Date.UTC(plan.year + Math.floor((plan.season + offsetSeasons) / 4), SEASONS[s]!.month, 10, 4);
};

export function runWorld(plan: WorldPlan, draws = 200): WorldOutcome {
  const start = seasonStart(plan);
  const drawn = drawWorld(plan.profile, plan.seed, start);
  const world = plan.stress ? plan.stress(drawn) : drawn;
  const reporting = run(plan, world, start, plan.trips, plan.faulted);
  let fit: MeasuredFit | null = null;
  if (plan.referenceTrips > 0) {
    // The conventional reference period: the same vessel two seasons away, out of a dry-dock as the reporting period
    // is, its fuel read off its own meter over the seconds the analyzer covered.
    const refStart = seasonStart(plan, 2);
    const reference = run({ ...plan, seed: plan.seed + 7919 }, { ...world, drift: { ...world.drift, since: refStart } }, refStart, plan.referenceTrips, [0]);
    fit = fitMeasuredBaseline(reference.records.flatMap((r) => r.hours.map((hour) => ({
      hour, fuelKg: ((reference.conventionalByHour.get(Math.floor((hour.start) / HOUR) * HOUR) ?? 0) * hour.coveredSeconds) / Math.max(1, hour.seconds),
    }))));
  }
  const logbookFit = plan.logbook ? fitOnLogbook(plan, world, start) : null;
  const litres = (kg: number) => (kg / plan.profile.fuel.density) * 1000;
  const predicted: { trip: LogbookTrip; actualL: number; truth: TripTruth }[] = [];
  const vesselSeed = plan.seed;
  const trips = reporting.truths.map((truth, i): TripOutcome => {
    const record = matching(reporting.records, truth);
    const s = record ? tripSavings(plan.profile, record, { draws, vesselSeed }) : null;
    const battery = s ? s.battery.fuelEquivalentL * (plan.profile.fuel.density / 1000) : 0;
    const covered = record ? record.hours.reduce((sum, h) => sum + h.fuel, 0) : 0;
    const m = s && record && fit?.accepted ? measuredSavings(fit, record.hours, covered + battery) : null;
    const trip = record && s?.included && logbookFit?.accepted ? logbookTripOf(record, plan.metier) : null;
    const actualL = s ? s.fuel.actualL + s.battery.fuelEquivalentL : 0;
    if (trip) predicted.push({ trip, actualL, truth });
    return {
      vessel: plan.profile.identity.id, metier: plan.metier, season: SEASONS[plan.season]!.name, faulted: plan.faulted.includes(i),
      truth: { fraction: truth.savings.fraction, savedKg: truth.savings.fuel, baselineKg: truth.voyage.fuel.conventional },
      model: s ? { fraction: s.fuel.fraction, included: s.included } : null,
      measured: m ? { fraction: m.fraction } : null,
      logbook: trip ? logbookOutcome(logbookFit!, [{ trip, actualL, truth }], litres) : null,
      savings: s,
    };
  });
  const included = trips.filter((t) => t.model?.included);
  let aggregate: WorldOutcome['aggregate'] = null;
  if (included.length > 0) {
    const saved = included.reduce((s, t) => s + t.truth.savedKg, 0);
    const base = included.reduce((s, t) => s + t.truth.baselineKg, 0);
    const draws0 = included.map((t) => t.savings!.draws);
    const n = Math.min(...draws0.map((d) => d.savedKg.length));
    const fractions = Array.from({ length: n }, (_, d) => draws0.reduce((s, x) => s + x.savedKg[d]!, 0) / draws0.reduce((s, x) => s + x.baselineKg[d]!, 0));
    fractions.sort((a, b) => a - b);
    const q = (p: number) => fractions[Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))))]!;
    aggregate = { truth: saved / base, model: { value: q(0.5), low: q(0.025), high: q(0.975) } };
  }
  const logbook = predicted.length > 0 ? logbookOutcome(logbookFit!, predicted, litres) : null;
  return { plan, world, trips, voyages: reporting.truths.length, found: trips.filter((t) => t.model).length, fit, logbookFit, logbook, aggregate };
}

/**
 * Option C fitted on the conventional vessel's logbook of the year before `start`: written as its skipper's file,
 * with its noise, then read back through the import and fitted as the shore would.
 */
function fitOnLogbook(plan: WorldPlan, world: VesselWorld, start: number): LogbookFit {
  const yearStart = start - 365 * 86_400_000;
  const lb = simulateConventionalLogbook({
    profile: plan.profile, metier: plan.metier, seed: plan.seed, world: { ...world, drift: { ...world.drift, since: yearStart } }, yearStart, ...plan.logbook!,
  });
  const file = readLogbookCsv(Buffer.from(lb.csv), { timeZone: LOGBOOK_TIME_ZONE });
  return fitLogbookBaseline([{ basis: file.basis, records: file.records, rejectedLines: file.rejected.map((r) => r.line) }]);
}

function logbookOutcome(fit: LogbookFit, trips: readonly { trip: LogbookTrip; actualL: number; truth: TripTruth }[], litres: (kg: number) => number): LogbookOutcome | null {
  const prediction = predictConventionalFuel(fit, trips.map((t) => t.trip));
  if ('unknown' in prediction) return null;
  const truthL = trips.reduce((s, t) => s + litres(t.truth.voyage.fuel.conventional), 0);
  const savedL = trips.reduce((s, t) => s + litres(t.truth.savings.fuel), 0);
  const { fraction } = logbookSaving(prediction, trips.reduce((s, t) => s + t.actualL, 0));
  return { conventionalL: prediction.conventionalL, truthL, fraction, truthFraction: savedL / truthL };
}

/**
 * The plans of a calibration: both profiles, every métier, the four seasons in turn, faults on every third trip; a
 * conventional reference period of `referenceTrips` voyages for every `referenceEvery`-th world.
 */
export function calibrationPlans(profiles: readonly VesselProfile[], worlds: number, tripsPerWorld: number, referenceTrips: number, firstSeed = 1, referenceEvery = 1): WorldPlan[] {
  const combos = profiles.flatMap((profile) => profile.metiers.map((m) => ({ profile, metier: m.code })));
  return Array.from({ length: worlds }, (_, i) => {
    const { profile, metier } = combos[i % combos.length]!;
    return {
      profile, metier, seed: firstSeed + i, season: Math.floor(i / combos.length) % 4, year: 2024, trips: tripsPerWorld,
      faulted: Array.from({ length: tripsPerWorld }, (_, j) => j).filter((j) => (i * tripsPerWorld + j) % 3 === 0),
      referenceTrips: i % referenceEvery === 0 ? referenceTrips : 0,
    };
  });
}

export interface CalibrationSummary {
  trips: number; found: number;
  /** Errors are |estimate − truth| of the headline saving; the bias is their signed mean (estimate − truth). */
  model: { coverage: number; covered: number; compared: number; meanErrorPp: number; biasPp: number; worstErrorPp: number; meanWidthPp: number };
  byMetier: Record<string, { coverage: number; compared: number; biasPp: number }>;
  measured: { coverage: number; compared: number; meanErrorPp: number; worstErrorPp: number; meanWidthPp: number; worldsFitted: number; worldsRefused: number; refusals: string[] };
  aggregate: { coverage: number; worlds: number; meanWidthPp: number };
  /** Option C on the logbook: how often its 95 % intervals hold the twin's true fuel and the true saving. */
  logbook: {
    worldsFitted: number; worldsRefused: number; refusals: string[]; meanCvRmse: number;
    trips: { compared: number; fuelCoverage: number; savingCoverage: number; meanErrorPp: number; meanWidthPp: number };
    worlds: { compared: number; fuelCoverage: number; savingCoverage: number; meanWidthPp: number };
  };
}

const holds = (i: Interval, x: number) => i.low <= x && x <= i.high;
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

export function summarise(outcomes: readonly WorldOutcome[]): CalibrationSummary {
  const trips = outcomes.flatMap((o) => o.trips);
  const compared = trips.filter((t) => t.model?.included);
  const modelErrors = compared.map((t) => 100 * Math.abs(t.model!.fraction.value - t.truth.fraction));
  const byMetier: CalibrationSummary['byMetier'] = {};
  for (const t of compared) {
    const key = `${t.vessel}.${t.metier}`;
    const m = (byMetier[key] ??= { coverage: 0, compared: 0, biasPp: 0 });
    m.coverage += holds(t.model!.fraction, t.truth.fraction) ? 1 : 0;
    m.biasPp += 100 * (t.model!.fraction.value - t.truth.fraction);
    m.compared++;
  }
  for (const m of Object.values(byMetier)) {
    m.coverage /= m.compared;
    m.biasPp /= m.compared;
  }
  const measured = trips.filter((t) => t.measured);
  const measuredErrors = measured.map((t) => 100 * Math.abs(t.measured!.fraction.value - t.truth.fraction));
  const withFit = outcomes.filter((o) => o.fit);
  const aggregates = outcomes.filter((o) => o.aggregate);
  const covered = compared.filter((t) => holds(t.model!.fraction, t.truth.fraction)).length;
  return {
    trips: trips.length,
    found: trips.filter((t) => t.model).length,
    model: {
      coverage: covered / compared.length, covered, compared: compared.length,
      meanErrorPp: mean(modelErrors), biasPp: mean(compared.map((t) => 100 * (t.model!.fraction.value - t.truth.fraction))), worstErrorPp: Math.max(...modelErrors),
      meanWidthPp: mean(compared.map((t) => 100 * (t.model!.fraction.high - t.model!.fraction.low))),
    },
    byMetier,
    measured: {
      coverage: measured.filter((t) => holds(t.measured!.fraction, t.truth.fraction)).length / measured.length,
      compared: measured.length,
      meanErrorPp: mean(measuredErrors), worstErrorPp: measuredErrors.length ? Math.max(...measuredErrors) : NaN,
      meanWidthPp: mean(measured.map((t) => 100 * (t.measured!.fraction.high - t.measured!.fraction.low))),
      worldsFitted: withFit.filter((o) => o.fit!.accepted).length,
      worldsRefused: withFit.filter((o) => !o.fit!.accepted).length,
      refusals: withFit.filter((o) => !o.fit!.accepted).map((o) => `${o.plan.profile.identity.id} ${o.plan.metier} seed ${o.plan.seed}: ${o.fit!.reason}`),
    },
    logbook: logbookSummary(outcomes),
    aggregate: {
      coverage: aggregates.filter((o) => holds(o.aggregate!.model, o.aggregate!.truth)).length / aggregates.length,
      worlds: aggregates.length,
      meanWidthPp: mean(aggregates.map((o) => 100 * (o.aggregate!.model.high - o.aggregate!.model.low))),
    },
  };
}

function logbookSummary(outcomes: readonly WorldOutcome[]): CalibrationSummary['logbook'] {
  const fitted = outcomes.filter((o) => o.logbookFit);
  const accepted = fitted.filter((o) => o.logbookFit!.accepted);
  const of = (xs: readonly LogbookOutcome[]) => ({
    compared: xs.length,
    fuelCoverage: xs.filter((x) => holds(x.conventionalL, x.truthL)).length / xs.length,
    savingCoverage: xs.filter((x) => holds(x.fraction, x.truthFraction)).length / xs.length,
    meanWidthPp: mean(xs.map((x) => 100 * (x.fraction.high - x.fraction.low))),
  });
  const trips = outcomes.flatMap((o) => o.trips.flatMap((t) => (t.logbook ? [t.logbook] : [])));
  return {
    worldsFitted: accepted.length, worldsRefused: fitted.length - accepted.length,
    refusals: fitted.filter((o) => !o.logbookFit!.accepted).map((o) => `${o.plan.profile.identity.id} ${o.plan.metier} seed ${o.plan.seed}: ${o.logbookFit!.reason}`),
    meanCvRmse: mean(accepted.map((o) => o.logbookFit!.cvRmse)),
    trips: { ...of(trips), meanErrorPp: mean(trips.map((x) => 100 * Math.abs(x.fraction.value - x.truthFraction))) },
    worlds: of(outcomes.flatMap((o) => (o.logbook ? [o.logbook] : []))),
  };
}

/**
 * Deviations beyond the stated tolerances (METHOD §7): they show how the estimator fails, not how often. Each is
 * applied on top of a drawn world.
 */
export const STRESS_CASES: { name: string; what: string; stress: (w: VesselWorld) => VesselWorld }[] = [
  { name: 'old_main_engine', what: "the twin's main engine 10 % above its declared curve (twice the ISO 3046 tolerance)",
    stress: (w) => ({ ...w, twin: { ...w.twin, main: { ...w.twin.main, level: 1.1 } } }) },
  { name: 'poor_twin_propeller', what: "the twin's propeller 10 % below its stated quality and twice its part-load loss",
    stress: (w) => ({ ...w, twin: { ...w.twin, propulsorQuality: 0.9, partLoadLoss: 2 } }) },
  { name: 'fouled_hull', what: 'a hull fouled by 1 % of resistance a day (ten times the drawn worlds\' worst)',
    stress: (w) => ({ ...w, drift: { ...w.drift, foulingPerDay: 0.01 } }) },
  { name: 'biased_speed_log', what: 'a speed log reading 8 % high (four times its tolerance)',
    stress: (w) => ({ ...w, meters: { ...w.meters, speedLog: 1.08 } }) },
];
