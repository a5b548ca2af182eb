import { FaultInjector, type Fault } from '../../../simulators/faults/faults.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { HybridTrawler } from '../../../simulators/vessel/hybrid-trawler.ts';
import { readingsOf, signalBindings } from '../../../simulators/vessel/signals.ts';
import type { TripTruth } from '../../../simulators/vessel/truth.ts';
import { TripAnalyzer, type TripRecord } from '../../../shared/savings/index.ts';

export const profile = resolveVesselProfile('la-fregate');
export const START = Date.UTC(2024, 5, 10, 4);

export interface SimulatedTrip {
  truth: TripTruth;
  record: TripRecord;
  /** The phase the simulator was in at each second, and the phase the analyzer decided. */
  phaseAgreement: number;
  /** The conventional twin's fuel per clock hour at sea, kg: what a conventional vessel's meter would have read. */
  conventionalByHour: Map<number, number>;
}

/**
 * One trip simulated straight into the analyzer, second by second, with faults applied to what the instruments show
 * (never to the truth). `withoutGear` removes the gear-state signal so phases must be inferred.
 */
export function simulateTrip(o: { metier: string; seed: number; faults?: Fault[]; withoutGear?: boolean; start?: number }): SimulatedTrip {
  const sim = new HybridTrawler({ profile, metier: o.metier, seed: o.seed, start: o.start ?? START });
  const bindings = signalBindings(profile);
  const injector = new FaultInjector(o.faults ?? []);
  const analyzer = new TripAnalyzer({ profile });
  const truePhases: { t: number; phase: string }[] = [];
  const conventionalByHour = new Map<number, number>();
  let conventional = 0;
  while (sim.completedTrips.length === 0) {
    sim.step();
    const t = sim.instant.t;
    const nowConventional = sim.completedTrips[0]?.voyage.fuel.conventional ?? sim.currentTrip.voyage.fuel.conventional;
    const hour = Math.floor((t - 1) / 3_600_000) * 3_600_000;
    if (sim.instant.phase !== 'port') conventionalByHour.set(hour, (conventionalByHour.get(hour) ?? 0) + nowConventional - conventional);
    conventional = nowConventional;
    truePhases.push({ t, phase: sim.instant.phase });
    const readings = injector.readings(t, readingsOf(bindings, sim.instant)) as Record<string, number>;
    if (o.withoutGear) delete readings['fishing.gear.state'];
    analyzer.add(injector.deviceTime(t), readings);
  }
  analyzer.flush();
  const record = analyzer.trips[0]!;
  let agree = 0;
  let k = 0;
  for (const { t, phase } of truePhases) {
    while (k < record.phases.length - 1 && record.phases[k]!.end < t) k++;
    if (record.phases[k]!.phase === phase) agree++;
  }
  return { truth: sim.completedTrips[0]!, record, phaseAgreement: agree / truePhases.length, conventionalByHour };
}
