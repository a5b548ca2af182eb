import type { EngineProfile, VesselProfile } from '../../shared/profile/index.ts';

export interface EmsInput {
  /** Electrical demand on the bus: propulsion, winches, hotel, stabiliser, W. */
  demand: number;
  /** Power the harvesters could give now, W. */
  harvest: number;
  /** Alongside with the shore connection plugged in. */
  shoreConnected: boolean;
  soc: number;
  /** Battery acceptance and availability now, W. */
  maxCharge: number;
  maxDischarge: number;
  /** Which generator sets are running, and for how long, s. */
  running: readonly boolean[];
  runningFor: readonly number[];
}

export interface EmsDecision {
  running: boolean[];
  /** Electrical output of each generator set, W. */
  generatorPower: number[];
  shorePower: number;
  /** Harvest actually used, W (the rest is curtailed when nothing can take it). */
  harvestUsed: number;
  /** Battery terminal power asked for, W, positive charging. */
  batteryPower: number;
}

/**
 * The hybrid's energy-management strategy. Alongside, shore power carries the loads and charges the battery.
 * At sea the battery alone carries light loads; a generator set starts when the state of charge is low or the load
 * is heavy, the smallest set able to carry the load is chosen, and while the battery needs charge the set is held
 * near its best specific consumption (`chargingLoad`) with the surplus going into the battery: load-levelling.
 */
export function manageEnergy(profile: VesselProfile, input: EmsInput): EmsDecision {
  const gens = profile.generators;
  const ems = profile.energyManagement;
  const off = gens.map(() => false);
  const zero = gens.map(() => 0);
  if (input.shoreConnected) {
    const wanted = Math.max(0, input.demand - input.harvest + input.maxCharge);
    const shore = Math.min(profile.shorePower.maxPower, wanted);
    const harvestUsed = Math.min(input.harvest, input.demand + input.maxCharge);
    return { running: off, generatorPower: zero, shorePower: shore, harvestUsed, batteryPower: shore + harvestUsed - input.demand };
  }
  const net = input.demand - input.harvest;
  const heavy = net > ems.batteryOnlyMaxLoad || net > 0.95 * input.maxDischarge;
  const anyRunning = input.running.some(Boolean);
  let running = [...input.running];
  if (!anyRunning && (heavy || input.soc < ems.startSoc)) {
    running = chooseSets(gens, net);
  } else if (anyRunning) {
    const capacity = sumRated(gens, running);
    const settled = input.runningFor.every((s, i) => !running[i] || s >= ems.minRunTime);
    if (!heavy && input.soc >= ems.stopSoc && settled) running = off;
    // A settled set hands over to the smallest set that carries the load, so sets run near their rating.
    else if (net > 0.95 * capacity || settled) running = chooseSets(gens, net);
  }
  const capacity = sumRated(gens, running);
  if (capacity === 0) {
    const harvestUsed = Math.min(input.harvest, input.demand + input.maxCharge);
    return { running, generatorPower: zero, shorePower: 0, harvestUsed, batteryPower: harvestUsed - input.demand };
  }
  const charging = input.soc < ems.stopSoc;
  const floor = gens.reduce((s, g, i) => s + (running[i] ? g.minLoad * g.ratedPower : 0), 0);
  let total = Math.max(net, charging ? ems.chargingLoad * capacity : floor);
  total = Math.min(total, capacity, Math.max(net + input.maxCharge, floor));
  total = Math.max(total, floor);
  const harvestUsed = Math.max(0, Math.min(input.harvest, input.demand + input.maxCharge - total));
  const generatorPower = gens.map((g, i) => (running[i] ? (total * g.ratedPower) / capacity : 0));
  return { running, generatorPower, shorePower: 0, harvestUsed, batteryPower: total + harvestUsed - input.demand };
}

const sumRated = (gens: readonly EngineProfile[], running: readonly boolean[]) =>
  gens.reduce((s, g, i) => s + (running[i] ? g.ratedPower : 0), 0);

/** The smallest single set that carries `net` at ≤ 95 % of its rating, else every set. */
function chooseSets(gens: readonly EngineProfile[], net: number): boolean[] {
  const single = setsBySize(gens).find((g) => 0.95 * g.rated >= net);
  return gens.map((_, i) => (single ? i === single.i : true));
}

/** The sets smallest first, sorted once per profile: the strategy asks every second. */
const sortedSets = new WeakMap<readonly EngineProfile[], readonly { i: number; rated: number }[]>();

function setsBySize(gens: readonly EngineProfile[]): readonly { i: number; rated: number }[] {
  let bySize = sortedSets.get(gens);
  if (!bySize) {
    bySize = gens.map((g, i) => ({ i, rated: g.ratedPower })).sort((a, b) => a.rated - b.rated);
    sortedSets.set(gens, bySize);
  }
  return bySize;
}
