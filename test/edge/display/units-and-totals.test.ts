import { describe, expect, it } from 'vitest';
import { DaySavings } from '../../../edge/display/day-savings.ts';
import { TripTotals } from '../../../edge/display/trip-totals.ts';
import { skipperUnits as u } from '../../../edge/display/units.ts';
import { fishingPhase, operatingMode } from '../../../shared/display/operating-state.ts';
import type { LiveSavingsEstimate } from '../../../shared/savings/live-estimate.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';

describe('skipper units', () => {
  it('converts the registry’s SI units to what a skipper reads', () => {
    expect(u.kW(48_250)).toBe(48.3);
    expect(u.kWh(3.6e6 * 12.34)).toBe(12.3);
    expect(u.litres(0.0125)).toBe(12.5);
    expect(u.litresPerHour(2.2222e-5)).toBe(80); // 80 L/h steaming at 9.5 kn (METHOD §1)
    expect(u.knots(4.8)).toBe(9.3); // 4.8 × 3600 / 1852 = 9.33
    expect(u.celsius(304.57)).toBe(31.4);
    expect(u.percent(0.825)).toBe(83);
    expect(u.minutes(6317)).toBe(105);
  });

  it('never shows minus zero', () => {
    expect(Object.is(u.kW(-20), 0)).toBe(true);
  });
});

describe('operating mode and fishing phase', () => {
  it('tells electric, hybrid and diesel running apart', () => {
    expect(operatingMode(0, -120_000)).toBe('electric');
    expect(operatingMode(300_000, 150_000)).toBe('hybrid');
    expect(operatingMode(300_000, 500)).toBe('diesel');
  });

  it('takes the phase from the gear, and from speed when the gear is stowed', () => {
    expect(fishingPhase(2, 1.8)).toBe('fishing');
    expect(fishingPhase(1, 1.5)).toBe('fishing');
    expect(fishingPhase(3, 0.5)).toBe('hauling');
    expect(fishingPhase(0, 4.5)).toBe('steaming');
    expect(fishingPhase(0, 0.1)).toBe('port');
  });
});

const T0 = new Date(2026, 5, 10, 12, 0, 0).getTime();
const sample = (s: number, v: Record<string, number>): TelemetrySample => ({ t: T0 + s * 1000, v } as TelemetrySample);
const atSea = { 'fishing.gear.state': 2, 'navigation.speedOverGround': 1.8 };
const inPort = { 'fishing.gear.state': 0, 'navigation.speedOverGround': 0 };

describe('trip totals', () => {
  it('adds up energy by source, fuel and battery-only draw, holding each sample until the next', () => {
    const totals = new TripTotals();
    const v = { ...atSea, 'electrical.solar.main.panelPower': 3600, 'electrical.generators.gen1.power': 360_000,
      'propulsion.gen1.fuel.rate': 2e-5, 'propulsion.main.power': 200_000, 'electrical.loads.hotel.power': 10_000 };
    for (let s = 0; s <= 10; s++) totals.observe(sample(s, v));
    const trip = totals.tripTotals()!;
    expect(trip.coveredMs).toBe(10_000);
    expect(trip.energyJ.solar).toBeCloseTo(36_000); // 3.6 kW × 10 s
    expect(trip.energyJ.generators).toBeCloseTo(3.6e6); // 1 kWh
    expect(trip.fuelM3).toBeCloseTo(2e-4);
    expect(trip.batteryOnlyDrawJ).toBeCloseTo((210_000 - 3600) * 10);
  });

  it('does not guess over a gap longer than the tolerance', () => {
    const totals = new TripTotals(5000);
    totals.observe(sample(0, { 'electrical.shore.power': 100_000 }));
    totals.observe(sample(60, { 'electrical.shore.power': 100_000 }));
    totals.observe(sample(61, { 'electrical.shore.power': 100_000 }));
    expect(totals.todayTotals()!.coveredMs).toBe(1000);
    expect(totals.todayTotals()!.energyJ.shore).toBeCloseTo(100_000);
  });

  it('counts generator hours from the engines’ own counters', () => {
    const totals = new TripTotals();
    totals.observe(sample(0, { 'electrical.generators.gen1.power': 1e5, 'propulsion.gen1.runTime': 7200 }));
    totals.observe(sample(1, { 'electrical.generators.gen1.power': 1e5, 'propulsion.gen1.runTime': 7200 + 5400 }));
    expect(totals.tripTotals()!.generatorSeconds).toBe(5400);
  });

  it('starts a new trip when the vessel leaves port, and keeps today’s totals', () => {
    const totals = new TripTotals();
    totals.observe(sample(0, { ...inPort, 'electrical.shore.power': 36_000 }));
    totals.observe(sample(1, { ...inPort, 'electrical.shore.power': 36_000 }));
    totals.observe(sample(2, { ...atSea, 'electrical.shore.power': 0 }));
    expect(totals.tripTotals()!.since).toBe(T0 + 2000);
    expect(totals.tripTotals()!.energyJ.shore).toBe(0);
    expect(totals.todayTotals()!.energyJ.shore).toBeCloseTo(72_000);
  });

  it('starts today afresh at local midnight', () => {
    const totals = new TripTotals();
    const beforeMidnight = new Date(2026, 5, 10, 23, 59, 59).getTime();
    totals.observe({ t: beforeMidnight, v: {} } as TelemetrySample);
    totals.observe({ t: beforeMidnight + 2000, v: {} } as TelemetrySample);
    expect(totals.todayTotals()!.since).toBe(beforeMidnight + 2000);
  });
});

describe('fuel saved today, from the trip’s live estimate', () => {
  const estimate = (tripStart: number, fuelSavedL: number, baselineL: number): LiveSavingsEstimate =>
    ({ tripStart, fuelUsedL: baselineL - fuelSavedL, baselineL, batteryFuelL: 0, fuelSavedL, savedFraction: fuelSavedL / baselineL });
  const at = (h: number, m: number, s = 0) => new Date(2026, 5, 10, h, m, s).getTime();

  it('counts only what the trip saved since local midnight', () => {
    const day = new DaySavings();
    const tripStart = at(20, 0) - 86_400_000;
    day.observe(at(23, 59, 58) - 86_400_000, estimate(tripStart, 10, 50));
    day.observe(at(23, 59, 59) - 86_400_000, estimate(tripStart, 12, 60));
    day.observe(at(0, 0, 1), estimate(tripStart, 13, 66));
    day.observe(at(2, 0), estimate(tripStart, 20, 100));
    expect(day.today()).toEqual({ fuelSavedL: 8, baselineL: 40, savedFraction: 0.2 });
  });

  it('adds what trips ended earlier today saved to the trip under way', () => {
    const day = new DaySavings();
    day.observe(at(4, 0), estimate(at(4, 0), 0, 0.5));
    day.observe(at(12, 0), estimate(at(4, 0), 30, 150));
    day.observe(at(14, 0), estimate(at(14, 0), 0.5, 2));
    day.observe(at(16, 0), estimate(at(14, 0), 6, 48));
    expect(day.today()).toEqual({ fuelSavedL: 36, baselineL: 198, savedFraction: 36 / 198 });
  });

  it('has no fraction before any baseline, and ignores a sample that goes back in time', () => {
    const day = new DaySavings();
    expect(day.today()).toEqual({ fuelSavedL: 0, baselineL: 0, savedFraction: null });
    day.observe(at(0, 0, 5), estimate(at(20, 0) - 86_400_000, 10, 50));
    day.observe(at(23, 59, 59) - 86_400_000, estimate(at(20, 0) - 86_400_000, 9, 45));
    expect(day.today()).toEqual({ fuelSavedL: 10, baselineL: 50, savedFraction: 0.2 });
  });
});
