import type { Interval, TripSavings } from './trip-savings.ts';

export interface AggregateSavings {
  trips: number;
  included: number;
  excluded: { count: number; reasons: string[] };
  fuel: { actualL: number; baselineL: number; savedL: Interval; fraction: Interval };
  co2e: { savedKg: Interval; shoreKg: number };
  nox: { avoidedKg: Interval };
  pm: { avoidedKg: Interval };
  shoreKWh: number;
}

/**
 * Savings over several trips (a métier, a season). The model baseline's parameters are the same on every trip, so
 * their part of each interval is systematic and adds linearly; METHOD §4's √Σ ΔS² holds for independent errors and is
 * what a measured baseline's trips combine by (`combineIndependent`). Linear addition is the honest upper bound here.
 */
export function aggregateSavings(all: readonly TripSavings[]): AggregateSavings {
  const trips = all.filter((t) => t.included);
  const sum = (f: (t: TripSavings) => number) => trips.reduce((s, t) => s + f(t), 0);
  const add = (f: (t: TripSavings) => Interval): Interval => ({
    value: sum((t) => f(t).value),
    low: sum((t) => f(t).value) - sum((t) => f(t).value - f(t).low),
    high: sum((t) => f(t).value) + sum((t) => f(t).high - f(t).value),
  });
  const savedL = add((t) => t.fuel.savedL);
  const baselineL = sum((t) => t.fuel.baselineL);
  return {
    trips: all.length,
    included: trips.length,
    excluded: { count: all.length - trips.length, reasons: all.filter((t) => !t.included).flatMap((t) => t.reasons.slice(0, 1)) },
    fuel: {
      actualL: sum((t) => t.fuel.actualL), baselineL, savedL,
      fraction: baselineL > 0
        ? { value: savedL.value / baselineL, low: savedL.low / baselineL, high: savedL.high / baselineL }
        : { value: 0, low: 0, high: 0 },
    },
    co2e: { savedKg: add((t) => t.co2e.savedKg), shoreKg: sum((t) => t.shore.co2eKg) },
    nox: { avoidedKg: add((t) => t.nox.avoidedKg) },
    pm: { avoidedKg: add((t) => t.pm.avoidedKg) },
    shoreKWh: sum((t) => t.shore.kWh),
  };
}

