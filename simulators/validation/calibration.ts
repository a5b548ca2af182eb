import type { VesselProfile } from '../../shared/profile/vessel-profile.ts';
import { pathsFor } from '../../shared/registry/index.ts';
import {
  fitMeasuredBaseline, measuredSavings, TripAnalyzer, tripSavings,
  type Interval, type MeasuredFit, type TripRecord, type TripSavings,
} from '../../shared/savings/index.ts';
import { FaultInjector, randomFaultPlan, type Fault } from '../faults/faults.ts';
import { HybridTrawler } from '../vessel/hybrid-trawler.ts';
import { readingsOf, signalBindings } from '../vessel/signals.ts';
import type { TripTruth } from '../vessel/truth.ts';
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
  /** A deviation beyond the stated tolerances, applied to the drawn world: a stress case, reported apart (METHOD §7). */
  stress?: (world: VesselWorld) => VesselWorld;
}

export interface TripOutcome {
  vessel: string; metier: string; season: string; faulted: boolean;
  truth: { fraction: number; savedKg: number; baselineKg: number };
  /** The engine's trip, null when the analyzer found no trip for this voyage (missed, merged or split). */
  model: { fraction: Interval; included: boolean } | null;
  measured: { fraction: Interval } | null;
  savings: TripSavings | null;
}

export interface WorldOutcome {
  plan: WorldPlan;
  world: VesselWorld;
  trips: TripOutcome[];
  /** Voyages the simulator made and trips the analyzer found. */
  voyages: number; found: number;
  fit: MeasuredFit | null;
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
  const vesselSeed = plan.seed;
  const trips = reporting.truths.map((truth, i): TripOutcome => {
    const record = matching(reporting.records, truth);
    const s = record ? tripSavings(plan.profile, record, { draws, vesselSeed }) : null;
    const battery = s ? s.battery.fuelEquivalentL * (plan.profile.fuel.density / 1000) : 0;
    const covered = record ? record.hours.reduce((sum, h) => sum + h.fuel, 0) : 0;
    const m = s && record && fit?.accepted ? measuredSavings(fit, record.hours, covered + battery) : null;
    return {
      vessel: plan.profile.identity.id, metier: plan.metier, season: SEASONS[plan.season]!.name, faulted: plan.faulted.includes(i),
      truth: { fraction: truth.savings.fraction, savedKg: truth.savings.fuel, baselineKg: truth.voyage.fuel.conventional },
      model: s ? { fraction: s.fuel.fraction, included: s.included } : null,
      measured: m ? { fraction: m.fraction } : null,
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
  return { plan, world, trips, voyages: reporting.truths.length, found: trips.filter((t) => t.model).length, fit, aggregate };
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
    aggregate: {
      coverage: aggregates.filter((o) => holds(o.aggregate!.model, o.aggregate!.truth)).length / aggregates.length,
      worlds: aggregates.length,
      meanWidthPp: mean(aggregates.map((o) => 100 * (o.aggregate!.model.high - o.aggregate!.model.low))),
    },
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
