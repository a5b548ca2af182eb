import { resolveVesselProfile } from '../simulators/profiles.ts';
import { calibrationPlans, runWorld, summarise, type WorldOutcome } from '../simulators/validation/calibration.ts';
import type { BenchResult } from './result.ts';

/**
 * The savings engine against truths it cannot see (METHOD §7, issue 14): SILLAGE_BENCH_EVIDENCE_WORLDS vessels (64),
 * each in its own world drawn from its profile's tolerances, both profiles, every métier, the four seasons in turn,
 * SILLAGE_BENCH_EVIDENCE_TRIPS voyages each (5), random faults on every third voyage; the measured baseline fitted on
 * two voyages of the same vessel two seasons away. Coverage figures are fractions of trips (or of worlds, for the
 * aggregates) whose 95 % interval holds the truth.
 */
export default async function run(): Promise<BenchResult[]> {
  const worlds = Number(process.env.SILLAGE_BENCH_EVIDENCE_WORLDS ?? 64);
  const trips = Number(process.env.SILLAGE_BENCH_EVIDENCE_TRIPS ?? 5);
  const profiles = [resolveVesselProfile('la-fregate'), resolveVesselProfile('coastal-12m')];
  const outcomes: WorldOutcome[] = [];
  const started = Date.now();
  for (const plan of calibrationPlans(profiles, worlds, trips, 2)) {
    outcomes.push(runWorld(plan));
    if (outcomes.length % 8 === 0) console.log(`  ${outcomes.length}/${worlds} worlds, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const s = summarise(outcomes);
  console.log(JSON.stringify(s, null, 2));
  const r = (x: number, d = 3) => Number(x.toFixed(d));
  const fig = (id: string, value: number, unit: string, note: string): BenchResult => ({ id, value: r(value), unit, reference: null, ratio: null, note });
  return [
    fig('evidence.model.coverage', s.model.coverage, 'fraction of trips', `${s.model.covered} of ${s.model.compared} included trips (${s.trips} voyages in ${worlds} worlds; target 0.90–0.98)`),
    ...Object.entries(s.byMetier).map(([k, m]) => fig(`evidence.model.coverage.${k}`, m.coverage, 'fraction of trips', `${m.compared} trips`)),
    fig('evidence.model.coverage.aggregate', s.aggregate.coverage, 'fraction of worlds', `each world's ${trips} voyages of one métier in one season, ${s.aggregate.worlds} worlds; mean width ${s.aggregate.meanWidthPp.toFixed(1)} pp`),
    fig('evidence.model.error_mean', s.model.meanErrorPp, 'pp', 'mean |estimate − truth| of the adjusted saving'),
    fig('evidence.model.error_worst', s.model.worstErrorPp, 'pp', 'worst trip'),
    fig('evidence.model.width_mean', s.model.meanWidthPp, 'pp', 'mean width of the 95 % interval'),
    fig('evidence.measured.coverage', s.measured.coverage, 'fraction of trips', `${s.measured.compared} trips; reference two seasons away; ${s.measured.worldsFitted} fits accepted, ${s.measured.worldsRefused} refused`),
    fig('evidence.measured.error_mean', s.measured.meanErrorPp, 'pp', 'mean |estimate − truth|'),
    fig('evidence.measured.error_worst', s.measured.worstErrorPp, 'pp', 'worst trip'),
    fig('evidence.measured.width_mean', s.measured.meanWidthPp, 'pp', 'mean width of the 95 % interval'),
    fig('evidence.trips.found', s.found / s.trips, 'fraction of voyages', `${s.found} of ${s.trips} voyages found by the trip detection within 15 min of their true departure and arrival`),
  ];
}
