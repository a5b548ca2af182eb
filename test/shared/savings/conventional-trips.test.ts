import { describe, expect, it } from 'vitest';
import { resolveConventionalVesselProfile } from '../../../shared/profile/load-profile.ts';
import { ConventionalTripAnalyzer, tripMetier, type TripRecord } from '../../../shared/savings/index.ts';
import { ConventionalTrawler, type ConventionalTripTruth } from '../../../simulators/vessel/conventional-trawler.ts';
import { conventionalSignalBindings, readingsOf } from '../../../simulators/vessel/signals.ts';

const profile = resolveConventionalVesselProfile('la-fregate-control');
const MINUTE = 60_000;

/** One voyage of the control vessel, every second's readings through `edit`, into the analyzer. */
function voyage(metier: string, edit: (r: Record<string, number>, t: number) => Record<string, number> = (r) => r): { truth: ConventionalTripTruth; trips: TripRecord[] } {
  const sim = new ConventionalTrawler({ profile, metier, seed: 21, start: Date.UTC(2024, 8, 10, 4) });
  const analyzer = new ConventionalTripAnalyzer({ profile });
  const bindings = conventionalSignalBindings(profile);
  while (sim.completedTrips.length < 1) {
    sim.step();
    analyzer.add(sim.instant.t, edit(readingsOf(bindings, sim.instant) as Record<string, number>, sim.instant.t));
  }
  analyzer.flush();
  return { truth: sim.completedTrips[0]!, trips: analyzer.trips.filter((t) => t.departure !== null) };
}

describe("a conventional vessel's trips, from its engines, speed, position and gear state", () => {
  const seine = voyage('SDN');

  it('finds the voyage within a minute of its true departure and arrival', () => {
    expect(seine.trips).toHaveLength(1);
    const [trip] = seine.trips;
    expect(Math.abs(trip!.departure! - seine.truth.departure!)).toBeLessThanOrEqual(MINUTE);
    expect(Math.abs(trip!.arrival! - seine.truth.arrival!)).toBeLessThanOrEqual(MINUTE);
  });

  it('finds the phases it sailed, in order, and the métier its towing thrust shows', () => {
    const sailed = seine.truth.phases.map((p) => p.phase).filter((p, i, all) => i === 0 || p !== all[i - 1]);
    expect(seine.trips[0]!.phases.map((p) => p.phase)).toEqual(sailed);
    expect(tripMetier(profile, seine.trips[0]!)).toBe('SDN');
  });

  it("reads each phase's fuel from its engines' meters (nominal meters: the true fuel)", () => {
    for (const phase of ['steaming', 'towing', 'hauling'] as const) {
      const trueKg = seine.truth.phases.filter((p) => p.phase === phase).reduce((a, p) => a + p.fuel, 0);
      expect(seine.trips[0]!.byPhase[phase]!.fuelMetered / trueKg, phase).toBeCloseTo(1, 1);
    }
  });

  it('has no electrical figures: no generator sets, battery or harvesters to report', () => {
    const trip = seine.trips[0]!;
    expect(trip.battery).toEqual({ socDeparture: null, socArrival: null });
    expect(trip.byPhase.towing!.energy.generators).toEqual({});
    expect(trip.byPhase.towing!.baselineFuel).toBe(0);
  });

  it('counts a second without the auxiliary set\'s fuel flow as incomplete, not as zero fuel', () => {
    const silentFrom = seine.truth.departure! + 3_600_000;
    const { trips } = voyage('SDN', (r, t) => {
      if (t < silentFrom || t >= silentFrom + 600_000) return r;
      const { ['propulsion.aux.fuel.rate']: _aux, ...rest } = r;
      return rest;
    });
    // The meter's last value stands in for 30 s, as for any path.
    expect(trips[0]!.coverage.incompleteSeconds).toBe(600 - 30);
    expect(trips[0]!.coverage.atSeaCoveredSeconds).toBe(seine.trips[0]!.coverage.atSeaCoveredSeconds - 570);
  });
});
