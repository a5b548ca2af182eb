import { describe, expect, it } from 'vitest';
import type { Tolerance } from '../../../shared/profile/index.ts';
import { resolveConventionalVesselProfile } from '../../../shared/profile/load-profile.ts';
import { calmWaterPower, controlComparisons, smallSampleWidening, studentTQuantile, type TripPhase, type TripRecord, type WorkSegment } from '../../../shared/savings/index.ts';

const exact: Tolerance = { distribution: 'normal', low: 0.9999999, high: 1.0000001 };
const HOUR = 3600;

/** A trip of whole hours per phase, every second covered, with the fuel (kg) each phase burnt; its segments if given. */
function trip(phases: Partial<Record<TripPhase, { hours: number; kg: number }>>, segments: WorkSegment[] = []): TripRecord {
  const byPhase = Object.fromEntries(Object.entries(phases).map(([phase, p]) => [phase, {
    seconds: p.hours * HOUR, coveredSeconds: p.hours * HOUR, fuelMetered: p.kg, fuelEstimated: 0, baselineFuel: 0, baselineMainEnergy: 0, baselineAuxEnergy: 0,
    energy: { generators: {}, solar: 0, wind: 0, windDragCost: 0, hydro: 0, hydroDragCost: 0, wave: 0, shore: 0, batteryDischarge: 0, batteryCharge: 0, propulsion: 0, winch: 0, hotel: 0, stabiliser: 0 },
  }]));
  const seconds = Object.values(phases).reduce((a, p) => a + p.hours * HOUR, 0);
  return {
    start: 0, end: seconds * 1000, departure: 0, arrival: seconds * 1000, status: 'closed', phases: [], byPhase,
    coverage: { seconds, coveredSeconds: seconds, atSeaSeconds: seconds, atSeaCoveredSeconds: seconds, gapSeconds: 0, incompleteSeconds: 0, implausibleSeconds: 0, fuelFallbackSeconds: 0, clockAnomalies: 0 },
    battery: { socDeparture: null, socArrival: null }, generation: { energy: 0, marginalFuel: 0, meteredFuel: 0, expectedFuel: 0 },
    comfort: { silentSecondsAtSea: 0, noise: {} }, metierMisfit: {}, segments, hours: [],
  };
}

const control = (n: number, steamingKgPerHour: number, towingKgPerHour: number) => Array.from({ length: n }, () => ({
  metier: 'OTB', record: trip({ steaming: { hours: 4, kg: 4 * steamingKgPerHour }, towing: { hours: 8, kg: 8 * towingKgPerHour } }),
}));
const hybrid = [
  { metier: 'OTB', fuelKg: 600, record: trip({ steaming: { hours: 3, kg: 0 }, towing: { hours: 10, kg: 0 } }) },
  { metier: 'OTB', fuelKg: 700, record: trip({ steaming: { hours: 7, kg: 0 }, towing: { hours: 10, kg: 0 } }) },
];
const profile = resolveConventionalVesselProfile('la-fregate-control');
const meters = { profile, controlFuelMeter: exact, hybridFuelMeter: exact, controlSpeedLog: exact, hybridSpeedLog: exact, replicates: 400 };

/** An hour of steaming at a speed (m/s), burning `kgPerHour`, as one segment. */
const steamingHour = (stw: number, kgPerHour: number): WorkSegment => ({
  phase: 'steaming', seconds: HOUR, stw, fuel: kgPerHour / HOUR, propulsion: 0, hydro: 0, winch: 0, otherElectrical: 0, windTurbineThrust: 0,
});
/** A Willans line: 20 kg/h idle, and 0.2 kg/kWh of calm-water power. */
const willans = (stw: number) => 20 + 0.2 * (calmWaterPower(profile, 'OTB', 'steaming', stw) / 1000);
/** A trip steaming one hour at each speed, burning on the Willans line. */
const steamingAt = (speeds: number[]) => trip(
  { steaming: { hours: speeds.length, kg: speeds.reduce((a, v) => a + willans(v), 0) } },
  speeds.map((v) => steamingHour(v, willans(v))),
);

describe('the control baseline (third baseline, METHOD §3)', () => {
  it("expects the hybrid's hours in each phase at the control's fuel per hour of that phase", () => {
    const [c] = controlComparisons(hybrid, control(5, 60, 90), meters);
    // 10 h steaming × 60 kg/h + 20 h towing × 90 kg/h.
    expect(c!.expectedConventionalKg.value).toBeCloseTo(600 + 1800, 6);
    expect(c!.hybridKg).toBe(1300);
    expect(c!.savedKg.value).toBeCloseTo(1100, 6);
    expect(c!.fraction.value).toBeCloseTo(1100 / 2400, 9);
    expect(c!.phases.find((p) => p.phase === 'towing')).toMatchObject({ hybridHours: 20, controlHours: 40, controlKgPerHour: { value: 90 } });
    expect([c!.method, c!.hybridTrips, c!.controlTrips]).toEqual(['bootstrap over trips', 2, 5]);
  });

  it('has an interval of nothing but the meters when every control trip burnt alike', () => {
    const [c] = controlComparisons(hybrid, control(5, 60, 90), { ...meters, controlFuelMeter: { distribution: 'uniform', low: 0.98, high: 1.02 } });
    expect(c!.expectedConventionalKg.low).toBeGreaterThan(2400 / 1.02 - 1);
    expect(c!.expectedConventionalKg.high).toBeLessThan(2400 / 0.98 + 1);
    expect(c!.expectedConventionalKg.high - c!.expectedConventionalKg.low).toBeGreaterThan(0.03 * 2400);
  });

  it('widens with the spread between control trips, and narrows with more of them', () => {
    const spread = (n: number) => Array.from({ length: n }, (_, i) => ({
      metier: 'OTB', record: trip({ steaming: { hours: 4, kg: 4 * (50 + 20 * (i % 2)) }, towing: { hours: 8, kg: 8 * (80 + 20 * (i % 2)) } }),
    }));
    const few = controlComparisons(hybrid, spread(4), meters)[0]!.expectedConventionalKg;
    const many = controlComparisons(hybrid, spread(40), meters)[0]!.expectedConventionalKg;
    expect(few.low).toBeLessThan(few.value);
    expect(few.high).toBeGreaterThan(few.value);
    expect(many.high - many.low).toBeLessThan(few.high - few.low);
  });

  it("prices the hybrid's hours at the control's fuel rate at the hybrid's own speeds, the rate a line in calm-water power", () => {
    const controlTrips = [[4.4, 5.1], [4.6, 4.9], [4.5, 5.0]].map((speeds) => ({ metier: 'OTB', record: steamingAt(speeds) }));
    const hybridTrips = [{ metier: 'OTB', fuelKg: 0, record: steamingAt([3.6, 3.6]) }];
    const [c] = controlComparisons(hybridTrips, controlTrips, meters);
    // Slower than any control hour: far less than its mean rate per hour says.
    expect(c!.expectedConventionalKg.value).toBeCloseTo(2 * willans(3.6), 6);
    expect(c!.expectedConventionalKg.value).toBeLessThan(0.7 * 2 * c!.phases.find((p) => p.phase === 'steaming')!.controlKgPerHour.value);
  });

  it("has a wider interval when the speed logs' calibration is uncertain: a speed 2 % off moves the power priced by 6 % or more", () => {
    const controlTrips = [[4.4, 5.1], [4.6, 4.9], [4.5, 5.0]].map((speeds) => ({ metier: 'OTB', record: steamingAt(speeds) }));
    const hybridTrips = [{ metier: 'OTB', fuelKg: 0, record: steamingAt([4.0, 4.0]) }];
    const exactLogs = controlComparisons(hybridTrips, controlTrips, meters)[0]!.expectedConventionalKg;
    const log: Tolerance = { distribution: 'normal', low: 0.98, high: 1.02 };
    const drawnLogs = controlComparisons(hybridTrips, controlTrips, { ...meters, hybridSpeedLog: log, controlSpeedLog: log })[0]!.expectedConventionalKg;
    expect(drawnLogs.value).toBe(exactLogs.value);
    expect(drawnLogs.high - drawnLogs.low).toBeGreaterThan(0.05 * exactLogs.value);
    expect(exactLogs.high - exactLogs.low).toBeLessThan(0.001 * exactLogs.value);
  });

  it('prices a phase the control never showed at its mean fuel per hour at sea', () => {
    const drifting = [{ metier: 'OTB', fuelKg: 0, record: trip({ drifting: { hours: 2, kg: 0 } }) }];
    const [c] = controlComparisons(drifting, control(3, 60, 90), meters);
    expect(c!.expectedConventionalKg.value).toBeCloseTo(2 * ((4 * 60 + 8 * 90) / 12), 6);
  });

  it('compares no métier the control did not fish, or fished once: one trip tells nothing of the spread', () => {
    expect(controlComparisons([{ ...hybrid[0]!, metier: 'SDN' }], control(3, 60, 90), meters)).toEqual([]);
    expect(controlComparisons(hybrid, control(1, 60, 90), meters)).toEqual([]);
  });

  it('widens a bootstrap of few trips as a pooled two-sample t-interval would, less and less with more trips', () => {
    expect(smallSampleWidening(5, 4)).toBeCloseTo(Math.sqrt(9 / 7) * (studentTQuantile(0.975, 7) / 1.959964), 6);
    expect(smallSampleWidening(2, 2)).toBeGreaterThan(3);
    expect(smallSampleWidening(50, 50)).toBeLessThan(1.03);
  });
});
