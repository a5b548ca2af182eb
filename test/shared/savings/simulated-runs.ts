import { FaultInjector, randomFaultPlan, type Fault, type FaultKind } from '../../../simulators/faults/faults.ts';
import { HybridTrawler } from '../../../simulators/vessel/hybrid-trawler.ts';
import { readingsOf, signalBindings } from '../../../simulators/vessel/signals.ts';
import type { TripTruth } from '../../../simulators/vessel/truth.ts';
import type { VesselProfile } from '../../../shared/profile/index.ts';
import { pathsFor } from '../../../shared/registry/index.ts';
import { TripAnalyzer, type TripRecord } from '../../../shared/savings/index.ts';

/** The simulator's longest trip plus the port stays around it stay well under this: the fault plan covers the run. */
const MAX_TRIP_MS = 36 * 3_600_000;

export interface SimulatedRun {
  truths: TripTruth[];
  /** Every trip record the analyzer made, in order. */
  records: TripRecord[];
  faults: Fault[];
  /** Each kind of fault that touched what the analyzer received, with how many times the injector applied it. */
  fired: Partial<Record<FaultKind, number>>;
  /** Stretches of true time, [from, to] ms, in which no sample reached the analyzer with a true timestamp (a link outage, a clock jump). */
  silences: { from: number; to: number }[];
  /** Share of the run's seconds in which the analyzer's phase is the simulator's. */
  phaseAgreement: number;
}

/** A trip's departure and arrival in the truth: the end of its first port stay, the start of its last. */
export function trueBoundaries(truth: TripTruth): { departure: number; arrival: number } {
  const ports = truth.phases.filter((p) => p.phase === 'port');
  return { departure: ports[0]!.end, arrival: ports[ports.length - 1]!.start };
}

/** Reads the phase `intervals` give at time t, each owning (start, end], for times read in increasing order. */
function phaseAt(intervals: readonly { phase: string; start: number; end: number }[]): (t: number) => string | undefined {
  let k = 0;
  return (t) => {
    while (k < intervals.length && intervals[k]!.end < t) k++;
    const i = intervals[k];
    return i && i.start < t ? i.phase : undefined;
  };
}

/**
 * Several consecutive trips of one vessel simulated straight into one analyzer, second by second, as the recorder
 * aboard would give them: a link outage loses the seconds it covers, sensor faults change readings, clock jumps
 * shift the timestamps (`FaultInjector.deviceTime`). `faults` is a fault plan, or `faultsPerHour` draws a random one
 * over every signal the vessel has; `withoutGear` removes the gear-state signal so phases must be inferred.
 */
export function simulateRun(o: {
  profile: VesselProfile; metier: string; seed: number; start: number; trips: number;
  faultsPerHour?: number; faults?: Fault[]; withoutGear?: boolean;
}): SimulatedRun {
  const sim = new HybridTrawler({ profile: o.profile, metier: o.metier, seed: o.seed, start: o.start });
  const bindings = signalBindings(o.profile);
  const faults = o.faults ?? (o.faultsPerHour
    ? randomFaultPlan({
      seed: o.seed, start: o.start, end: o.start + o.trips * MAX_TRIP_MS, perHour: o.faultsPerHour,
      // The simulate command's units without a register map: a silent Modbus unit never reaches a recording anyway.
      paths: pathsFor(o.profile.equipment), units: [1, 2, 3, 4, 10, 11],
    })
    : []);
  const injector = new FaultInjector(faults);
  const analyzer = new TripAnalyzer({ profile: o.profile });
  const silences: { from: number; to: number }[] = [];
  const silent = (t: number) => {
    const last = silences[silences.length - 1];
    if (last && last.to === t - 1000) last.to = t;
    else silences.push({ from: t, to: t });
  };
  while (sim.completedTrips.length < o.trips) {
    sim.step();
    const t = sim.instant.t;
    if (!injector.linkUp(t)) {
      silent(t);
      continue;
    }
    const readings = injector.readings(t, readingsOf(bindings, sim.instant)) as Record<string, number>;
    if (o.withoutGear) delete readings['fishing.gear.state'];
    const stamp = injector.deviceTime(t);
    if (stamp !== t) silent(t);
    analyzer.add(stamp, readings);
  }
  analyzer.flush();

  const truths = sim.completedTrips;
  const truePhase = phaseAt(truths.flatMap((trip) => trip.phases));
  const decidedPhase = phaseAt(analyzer.trips.flatMap((trip) => trip.phases));
  let agree = 0;
  let seconds = 0;
  for (let t = truths[0]!.start + 1000; t <= truths[truths.length - 1]!.end; t += 1000) {
    seconds++;
    if (decidedPhase(t) === truePhase(t)) agree++;
  }
  return { truths, records: analyzer.trips, faults, fired: injector.fired, silences, phaseAgreement: agree / seconds };
}
