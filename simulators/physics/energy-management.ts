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
  // Plain loops throughout: the strategy decides every simulated second, and closures cost more than its arithmetic.
  const gens = profile.generators;
  const ems = profile.energyManagement;
  if (input.shoreConnected) {
    const wanted = Math.max(0, input.demand - input.harvest + input.maxCharge);
    const shore = Math.min(profile.shorePower.maxPower, wanted);
    const harvestUsed = Math.min(input.harvest, input.demand + input.maxCharge);
    return { running: allStopped(gens), generatorPower: noPower(gens), shorePower: shore, harvestUsed, batteryPower: shore + harvestUsed - input.demand };
  }
  const net = input.demand - input.harvest;
  const heavy = net > ems.batteryOnlyMaxLoad || net > 0.95 * input.maxDischarge;
  let anyRunning = false;
  for (const r of input.running) anyRunning ||= r;
  let decided: boolean[] | undefined;
  if (!anyRunning && (heavy || input.soc < ems.startSoc)) {
    decided = chooseSets(gens, net);
  } else if (anyRunning) {
    const capacity = sumRated(gens, input.running);
    let settled = true;
    for (let i = 0; i < input.runningFor.length; i++) settled &&= !input.running[i] || input.runningFor[i]! >= ems.minRunTime;
    if (!heavy && input.soc >= ems.stopSoc && settled) decided = allStopped(gens);
    // A settled set hands over to the smallest set that carries the load, so sets run near their rating.
    else if (net > 0.95 * capacity || settled) decided = chooseSets(gens, net);
  }
  const running = decided ?? input.running.slice();
  const capacity = sumRated(gens, running);
  if (capacity === 0) {
    const harvestUsed = Math.min(input.harvest, input.demand + input.maxCharge);
    return { running, generatorPower: noPower(gens), shorePower: 0, harvestUsed, batteryPower: harvestUsed - input.demand };
  }
  const charging = input.soc < ems.stopSoc;
  let floor = 0;
  for (let i = 0; i < gens.length; i++) if (running[i]) floor += gens[i]!.minLoad * gens[i]!.ratedPower;
  let total = Math.max(net, charging ? ems.chargingLoad * capacity : floor);
  total = Math.min(total, capacity, Math.max(net + input.maxCharge, floor));
  total = Math.max(total, floor);
  const harvestUsed = Math.max(0, Math.min(input.harvest, input.demand + input.maxCharge - total));
  const generatorPower = noPower(gens);
  for (let i = 0; i < gens.length; i++) if (running[i]) generatorPower[i] = (total * gens[i]!.ratedPower) / capacity;
  return { running, generatorPower, shorePower: 0, harvestUsed, batteryPower: total + harvestUsed - input.demand };
}

function allStopped(gens: readonly EngineProfile[]): boolean[] {
  return new Array<boolean>(gens.length).fill(false);
}

function noPower(gens: readonly EngineProfile[]): number[] {
  return new Array<number>(gens.length).fill(0);
}

/** Rated power of the sets running. Skipping the stopped ones adds nothing a +0 would have: the sum is the same. */
function sumRated(gens: readonly EngineProfile[], running: readonly boolean[]): number {
  let sum = 0;
  for (let i = 0; i < gens.length; i++) if (running[i]) sum += gens[i]!.ratedPower;
  return sum;
}

/** The smallest single set that carries `net` at ≤ 95 % of its rating, else every set. */
function chooseSets(gens: readonly EngineProfile[], net: number): boolean[] {
  const bySize = setsBySize(gens);
  let single = -1;
  for (let k = 0; k < bySize.length && single < 0; k++) if (0.95 * bySize[k]!.rated >= net) single = bySize[k]!.i;
  const running = new Array<boolean>(gens.length);
  for (let i = 0; i < gens.length; i++) running[i] = single < 0 || i === single;
  return running;
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
