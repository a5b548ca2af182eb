import type { Reason } from './reasons.ts';
import { intervalOf, type Interval, type TripSavings } from './trip-savings.ts';

export interface AggregateSavings {
  trips: number;
  included: number;
  /** Each excluded trip's first reason, in English and as a code; no codes when one of them was stored before there were any. */
  excluded: { count: number; reasons: string[]; reasonCodes: Reason[] | null };
  fuel: { actualL: number; baselineL: number; savedL: Interval; fraction: Interval; fuelOnly: { savedL: Interval; fraction: Interval } };
  co2e: { savedKg: Interval; shoreKg: number };
  nox: { avoidedKg: Interval };
  pm: { avoidedKg: Interval };
  shoreKWh: number;
  /** Alongside, between the trips: shore energy, and the fuel the hybrid and a conventional vessel burnt there. */
  portStays: { hours: number; shoreKWh: number; shoreCo2eKg: number; hybridFuelL: number; conventionalFuelL: Interval };
}

const sumOf = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

/** Draw-by-draw sums over the trips: every trip's draw d moved its vessel's systematic parameters alike. */
function drawSums(trips: readonly TripSavings[], pick: (t: TripSavings) => readonly number[]): number[] {
  const n = Math.min(...trips.map((t) => pick(t).length));
  if (!Number.isFinite(n) || n === 0) return [];
  return Array.from({ length: n }, (_, d) => sumOf(trips, (t) => pick(t)[d]!));
}


/** Intervals of figures without draws (NOx, PM, port fuel): added end to end, the honest upper bound for shared errors. */
function addLinearly<T>(xs: readonly T[], f: (x: T) => Interval): Interval {
  const value = sumOf(xs, (x) => f(x).value);
  return { value, low: value - sumOf(xs, (x) => f(x).value - f(x).low), high: value + sumOf(xs, (x) => f(x).high - f(x).value) };
}

/**
 * Savings over several trips (a métier, a season, a fleet). The trips' Monte Carlo draws are summed draw by draw:
 * draw d of two trips of one vessel shares that vessel's engines, propulsors and meters, so the systematic part of
 * the error adds linearly across its trips, while the trips' own (coverage) and other vessels' draws are independent
 * and add in quadrature (METHOD §4). The fraction is Σ saved / Σ baseline within each draw.
 */
export function aggregateSavings(all: readonly TripSavings[]): AggregateSavings {
  const trips = all.filter((t) => t.included);
  const sum = (f: (t: TripSavings) => number) => sumOf(trips, f);
  const baseDraws = drawSums(trips, (t) => t.draws.baselineKg);
  const savedDraws = drawSums(trips, (t) => t.draws.savedKg);
  const fuelOnlyDraws = drawSums(trips, (t) => t.draws.fuelOnlySavedKg);
  const density = trips[0]?.fuel.density ?? 0;
  const toL = (kg: number) => (density > 0 ? (kg / density) * 1000 : 0);
  const litres = (sample: number[]): Interval => {
    const i = intervalOf(sample, 0);
    return { value: toL(i.value), low: toL(i.low), high: toL(i.high) };
  };
  const zero: Interval = { value: 0, low: 0, high: 0 };
  const have = savedDraws.length > 0;
  const co2 = addLinearly(trips, (t) => t.co2e.savedKg);
  const stays = all.map((t) => t.portStay).filter((p) => p !== null);
  const left = all.filter((t) => !t.included);
  return {
    trips: all.length,
    included: trips.length,
    excluded: {
      count: all.length - trips.length, reasons: left.flatMap((t) => t.reasons.slice(0, 1)),
      reasonCodes: left.every((t) => t.reasonCodes) ? left.flatMap((t) => t.reasonCodes.slice(0, 1)) : null,
    },
    fuel: {
      actualL: sum((t) => t.fuel.actualL),
      baselineL: have ? litres(baseDraws).value : sum((t) => t.fuel.baselineL),
      savedL: have ? litres(savedDraws) : addLinearly(trips, (t) => t.fuel.savedL),
      fraction: have ? intervalOf(savedDraws.map((s, d) => s / baseDraws[d]!), 0) : zero,
      fuelOnly: {
        savedL: have ? litres(fuelOnlyDraws) : addLinearly(trips, (t) => t.fuel.fuelOnly.savedL),
        fraction: have ? intervalOf(fuelOnlyDraws.map((s, d) => s / baseDraws[d]!), 0) : zero,
      },
    },
    co2e: { savedKg: co2, shoreKg: sum((t) => t.shore.co2eKg) },
    nox: { avoidedKg: addLinearly(trips, (t) => t.nox.avoidedKg) },
    pm: { avoidedKg: addLinearly(trips, (t) => t.pm.avoidedKg) },
    shoreKWh: sum((t) => t.shore.kWh),
    portStays: {
      hours: sumOf(stays, (p) => p.hours),
      shoreKWh: sumOf(stays, (p) => p.shoreKWh),
      shoreCo2eKg: sumOf(stays, (p) => p.shoreCo2eKg),
      hybridFuelL: sumOf(stays, (p) => p.hybridFuelL),
      conventionalFuelL: addLinearly(stays, (p) => p.conventionalFuelL),
    },
  };
}
