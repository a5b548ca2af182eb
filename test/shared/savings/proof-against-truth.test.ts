import { beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../../simulators/faults/faults.ts';
import { asSignalPath } from '../../../shared/registry/index.ts';
import { fitMeasuredBaseline, measuredSavings, tripSavings, type MeasuredFit } from '../../../shared/savings/index.ts';
import { profile, simulateTrip, START, type SimulatedTrip } from './simulated-trips.ts';

const METIERS = profile.metiers.map((m) => m.code);
const TRIPS = 50;
/** The first trips serve as the conventional reference period of the measured baseline; the rest report. */
const REFERENCE_TRIPS = 15;

const pp = (x: number) => 100 * x;

describe('trips, phases and métiers of 50 simulated trips; the measured baseline against its reference', () => {
  const trips: (SimulatedTrip & { metier: string })[] = [];
  let fit: MeasuredFit;

  beforeAll(() => {
    for (let i = 0; i < TRIPS; i++) {
      const metier = METIERS[i % METIERS.length]!;
      trips.push({ ...simulateTrip({ metier, seed: 1000 + i }), metier });
    }
    fit = fitMeasuredBaseline(trips.slice(0, REFERENCE_TRIPS).flatMap((trip) => trip.record.hours.map((hour) => ({
      hour, fuelKg: trip.conventionalByHour.get(hour.start) ?? 0,
    }))));
  }, 600_000);

  it('finds each trip port to port, and the phases of ≥ 95 % of the time, from the gear state', () => {
    for (const t of trips) {
      expect(t.record.departure).not.toBeNull();
      expect(t.record.arrival).not.toBeNull();
      expect(t.phaseAgreement).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('names the métier of each trip from the drag of its gear', () => {
    const right = trips.filter((t) => tripSavings(profile, t.record, { draws: 0 }).metier === t.metier).length;
    console.log(`métier recognised on ${right} of ${TRIPS} trips`);
    expect(right).toBeGreaterThanOrEqual(0.9 * TRIPS);
  });

  it('measured baseline: fitted on conventional reference trips, meets Guideline 14, and its interval holds the truth on ≥ 90 % of the others', () => {
    console.log(`measured baseline: n = ${fit.n}, p = ${fit.p}, CV(RMSE) ${(100 * fit.cvRmse).toFixed(2)} %, NMBE ${(100 * fit.nmbe).toFixed(3)} %, ρ ${fit.rho.toFixed(3)}, n′ ${fit.nPrime.toFixed(1)}`);
    expect(fit.accepted).toBe(true);
    const reporting = trips.slice(REFERENCE_TRIPS);
    let covered = 0;
    const errors: number[] = [];
    for (const t of reporting) {
      const s = measuredSavings(fit, t.record.hours, t.truth.voyage.fuel.hybrid)!;
      const truth = t.truth.savings.fuelOnlyFraction;
      if (s.fraction.low <= truth && truth <= s.fraction.high) covered++;
      errors.push(Math.abs(pp(s.fraction.value - truth)));
    }
    console.log(`measured baseline: error mean ${(errors.reduce((a, b) => a + b, 0) / errors.length).toFixed(2)} pp, max ${Math.max(...errors).toFixed(2)} pp; interval holds the truth on ${covered} of ${reporting.length} trips`);
    expect(covered).toBeGreaterThanOrEqual(0.9 * reporting.length);
  });
});

describe('phases inferred without the gear-state signal', () => {
  it.each(METIERS)('%s: right for ≥ 95 % of the time from speed, thrust and winch power', (metier) => {
    const t = simulateTrip({ metier, seed: 77, withoutGear: true });
    console.log(`phases without gear state, ${metier}: ${(100 * t.phaseAgreement).toFixed(2)} % of the time`);
    expect(t.phaseAgreement).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});

describe('degraded data never gives a confident wrong number', () => {
  const H = 3_600_000;
  const clean = simulateTrip({ metier: 'OTB', seed: 42 });
  const cleanSavings = tripSavings(profile, clean.record, { draws: 100 });
  const width = (s: { fuel: { fraction: { low: number; high: number } } }) => s.fuel.fraction.high - s.fuel.fraction.low;
  const holdsTruth = (s: ReturnType<typeof tripSavings>) =>
    s.fuel.fraction.low <= clean.truth.savings.fraction && clean.truth.savings.fraction <= s.fuel.fraction.high;

  it('gaps in the propulsion power widen the interval, which still holds the truth', () => {
    const faults: Fault[] = [2, 5, 8].map((h) => ({ kind: 'dropout' as const, path: asSignalPath('propulsion.main.power'), start: START + h * H, end: START + h * H + 600_000 }));
    const s = tripSavings(profile, simulateTrip({ metier: 'OTB', seed: 42, faults }).record, { draws: 100 });
    expect(s.included).toBe(true);
    expect(s.coverage).toBeLessThan(1);
    expect(width(s)).toBeGreaterThan(width(cleanSavings));
    expect(holdsTruth(s)).toBe(true);
    expect(s.reasons.join(' ')).toMatch(/coverage/);
  }, 120_000);

  it('a fuel meter silent for the whole trip: fuel estimated from generator power, the interval wider and still right', () => {
    const faults: Fault[] = [{ kind: 'dropout', path: asSignalPath('propulsion.gen1.fuel.rate'), start: START, end: START + 100 * H }];
    const s = tripSavings(profile, simulateTrip({ metier: 'OTB', seed: 42, faults }).record, { draws: 100 });
    expect(s.fuel.estimatedShare).toBeGreaterThan(0.3);
    expect(width(s)).toBeGreaterThan(width(cleanSavings));
    expect(holdsTruth(s)).toBe(true);
    expect(s.reasons.join(' ')).toMatch(/estimated from generator power/);
  }, 120_000);

  it('clock jumps are refused and counted; the trip keeps an honest interval', () => {
    const faults: Fault[] = [
      { kind: 'clock-jump', start: START + 3 * H, end: START + 3 * H + 300_000, magnitude: -1_800_000 },
      { kind: 'clock-jump', start: START + 6 * H, end: START + 6 * H + 300_000, magnitude: 2_400_000 },
    ];
    const s = tripSavings(profile, simulateTrip({ metier: 'OTB', seed: 42, faults }).record, { draws: 100 });
    expect(s.reasons.join(' ')).toMatch(/clock jumps/);
    expect(s.included ? holdsTruth(s) : s.reasons.length > 0).toBe(true);
  }, 120_000);

  it('a trip mostly without data is excluded, with the reason stated', () => {
    const faults: Fault[] = [{ kind: 'dropout', path: asSignalPath('navigation.speedThroughWater'), start: START + 2 * H, end: START + 6 * H },
      { kind: 'dropout', path: asSignalPath('navigation.speedOverGround'), start: START + 2 * H, end: START + 6 * H }];
    const s = tripSavings(profile, simulateTrip({ metier: 'OTB', seed: 42, faults }).record, { draws: 50 });
    expect(s.included).toBe(false);
    expect(s.reasons[0]).toMatch(/coverage .* below 90 %/);
  }, 120_000);

  it('spikes and stuck readings on power paths break the bus balance and are not integrated', () => {
    const faults: Fault[] = [
      { kind: 'spike', path: asSignalPath('propulsion.main.power'), start: START + 4 * H, end: START + 4 * H + 300_000, magnitude: 5 },
      { kind: 'spike', path: asSignalPath('propulsion.gen1.fuel.rate'), start: START + 5 * H, end: START + 5 * H + 600_000, magnitude: 8 },
    ];
    const t = simulateTrip({ metier: 'OTB', seed: 42, faults });
    const s = tripSavings(profile, t.record, { draws: 100 });
    expect(t.record.coverage.implausibleSeconds).toBeGreaterThan(0);
    expect(holdsTruth(s)).toBe(true);
  }, 120_000);
});
