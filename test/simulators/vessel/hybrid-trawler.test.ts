import { describe, expect, it } from 'vitest';
import type { VesselProfile } from '../../../shared/profile/index.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { HybridTrawler } from '../../../simulators/vessel/hybrid-trawler.ts';
import { readingsOf, signalBindings } from '../../../simulators/vessel/signals.ts';
import type { TripTruth } from '../../../simulators/vessel/truth.ts';

const profiles = { 'la-fregate': resolveVesselProfile('la-fregate'), 'coastal-12m': resolveVesselProfile('coastal-12m') };
type ProfileName = keyof typeof profiles;
const START = Date.UTC(2024, 5, 10, 4);

/** Runs one whole trip, integrating the emitted signals second by second as a shore analysis would. */
function runTrip(profile: VesselProfile, metier: string, seed: number) {
  const sim = new HybridTrawler({ profile, metier, seed, start: START });
  const bindings = signalBindings(profile);
  const sums: Record<string, number> = {};
  const charged = { in: 0, out: 0 };
  const battery = `electrical.batteries.${profile.battery.id}.power`;
  while (sim.completedTrips.length === 0) {
    sim.step();
    const r = readingsOf(bindings, sim.instant) as Record<string, number>;
    for (const [path, v] of Object.entries(r)) sums[path] = (sums[path] ?? 0) + v;
    if (r[battery]! >= 0) charged.in += r[battery]!; else charged.out -= r[battery]!;
  }
  return { truth: sim.completedTrips[0]!, sums, charged };
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

describe.each([
  ['la-fregate', 'OTB'], ['la-fregate', 'OTM'], ['la-fregate', 'SDN'], ['coastal-12m', 'OTB'], ['coastal-12m', 'SDN'],
] as [ProfileName, string][])('a simulated trip of %s, %s', (name, metier) => {
  const profile = profiles[name];
  const { truth, sums, charged } = runTrip(profile, metier, 11);

  it('conserves energy on the DC bus within 0.1 %', () => {
    const s = truth.energy.sources;
    const l = truth.energy.loads;
    const supplied = sum(s.generators) + s.solar + s.wind + s.hydro + s.wave + s.shore + s.batteryDischarge;
    const used = l.propulsion + l.winch + l.hotel + l.stabiliser + l.batteryCharge;
    expect(Math.abs(supplied - used) / used).toBeLessThan(0.001);
  });

  it('accounts the battery: energy in − energy out = stored change + losses, within 0.1 % of throughput', () => {
    const e = truth.energy;
    const throughput = e.loads.batteryCharge + e.sources.batteryDischarge;
    const balance = e.loads.batteryCharge - e.sources.batteryDischarge - (truth.battery.energyEnd - truth.battery.energyStart) - e.batteryLosses;
    expect(Math.abs(balance) / throughput).toBeLessThan(0.001);
    expect(e.batteryLosses).toBeGreaterThan(0);
  });

  it('has truth totals equal to the integrals of the emitted signals, source by source and load by load', () => {
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));
    const e = truth.energy;
    const h = profile.harvesters;
    close(sum(Object.fromEntries(profile.generators.map((g) => [g.id, sums[`electrical.generators.${g.id}.power`]!]))), sum(e.sources.generators));
    profile.generators.forEach((g) => close(sums[`electrical.generators.${g.id}.power`]!, e.sources.generators[g.id]!));
    close(sums[`propulsion.${profile.propulsion.motorId}.power`]!, e.loads.propulsion);
    close(sums[`electrical.loads.${profile.winches[0]!.id}.power`]!, e.loads.winch);
    close(sums[`electrical.loads.${profile.hotel.id}.power`]!, e.loads.hotel);
    close(profile.stabiliser ? sums[`electrical.loads.${profile.stabiliser.id}.power`]! : 0, e.loads.stabiliser);
    close(sums['electrical.shore.power']!, e.sources.shore);
    close(h.solar ? sums[`electrical.solar.${h.solar.id}.panelPower`]! : 0, e.sources.solar);
    close(h.wind ? sums[`electrical.windGenerators.${h.wind.id}.power`]! : 0, e.sources.wind);
    close(h.hydro ? sums[`electrical.hydroGenerators.${h.hydro.id}.power`]! : 0, e.sources.hydro);
    close(h.wave ? sums[`electrical.waveGenerators.${h.wave.id}.power`]! : 0, e.sources.wave);
    close(charged.in, e.loads.batteryCharge);
    close(charged.out, e.sources.batteryDischarge);
    const fuelVolume = sum(Object.fromEntries(profile.generators.map((g) => [g.id, sums[`propulsion.${g.id}.fuel.rate`]!])));
    close(fuelVolume * profile.fuel.density, truth.fuel.hybrid);
  });

  it('records phases that tile the trip from port to port, their fuel adding up to the trip\'s', () => {
    expect(truth.phases[0]!.phase).toBe('port');
    expect(truth.phases.at(-1)!.phase).toBe('port');
    expect(truth.phases[0]!.start).toBe(truth.start);
    expect(truth.phases.at(-1)!.end).toBe(truth.end);
    truth.phases.slice(1).forEach((p, i) => expect(p.start).toBe(truth.phases[i]!.end));
    expect(truth.phases.map((p) => p.phase)).toContain('towing');
    expect(truth.phases.reduce((s, p) => s + p.fuel.hybrid, 0)).toBeCloseTo(truth.fuel.hybrid, 6);
    expect(truth.phases.reduce((s, p) => s + p.fuel.conventional, 0)).toBeCloseTo(truth.fuel.conventional, 6);
  });

  it('burns less fuel than its conventional twin did on the same voyage, by a physically plausible margin', () => {
    expect(truth.fuel.conventional).toBeCloseTo(truth.fuel.conventionalMainEngine + truth.fuel.conventionalAuxiliary, 6);
    const v = truth.voyage.fuel;
    expect(truth.savings.fuelOnlyFraction).toBeCloseTo((v.conventional - v.hybrid) / v.conventional, 12);
    expect(truth.savings.fraction).toBeCloseTo((v.conventional - v.hybrid - truth.savings.batteryFuelEquivalent) / v.conventional, 12);
    expect(truth.savings.fraction).toBeGreaterThan(0.03);
    expect(truth.savings.fraction).toBeLessThan(0.5);
  });

  it('charges the harvesters\' drag to the hybrid\'s propulsion alone (METHOD §5)', () => {
    const e = truth.energy;
    if (profile.harvesters.hydro) expect(e.hydroDragCost).toBeGreaterThan(e.sources.hydro);
    if (profile.harvesters.wind) expect(e.windDragCost).not.toBe(0);
    else expect(e.windDragCost).toBe(0);
  });

  it('runs the twin\'s main engine at a specific consumption its fuel curve allows', () => {
    const main = profile.conventional.mainEngine;
    const sfoc = (truth.fuel.conventionalMainEngine * 3.6e9) / truth.energy.conventional.mainEngine;
    const curve = main.fuelCurve.kind === 'points' ? main.fuelCurve.points.map((p) => p.sfoc) : [150];
    expect(sfoc).toBeGreaterThan(Math.min(...curve));
    expect(sfoc).toBeLessThan(600);
  });
});

describe('determinism', () => {
  it('replays the same trip bit for bit from the same seed, and another one from another seed', () => {
    const profile = profiles['la-fregate'];
    const a = runTrip(profile, 'OTB', 5);
    const b = runTrip(profile, 'OTB', 5);
    const c = runTrip(profile, 'OTB', 6);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(c.truth.fuel.hybrid).not.toBe(a.truth.fuel.hybrid);
  });
});

describe('trips in sequence', () => {
  it('starts the next trip where the last ended, each with its own truth record', () => {
    const trips: TripTruth[] = [];
    const sim = new HybridTrawler({ profile: profiles['la-fregate'], metier: 'SDN', seed: 3, start: START, onTrip: (t) => trips.push(t) });
    sim.advanceTo(START + 48 * 3_600_000);
    expect(trips.length).toBeGreaterThanOrEqual(2);
    expect(trips[1]!.start).toBe(trips[0]!.end);
    expect(trips[1]!.battery.socStart).toBe(trips[0]!.battery.socEnd);
    expect(trips.map((t) => t.tripIndex)).toEqual(trips.map((_, i) => i));
  });
});

describe('the trip in progress', () => {
  it('shows each set\'s energy, fuel and running time so far, however often it is read', () => {
    const profile = profiles['la-fregate'];
    const sim = new HybridTrawler({ profile, metier: 'OTB', seed: 11, start: START });
    const bindings = signalBindings(profile);
    const energy: Record<string, number> = Object.fromEntries(profile.generators.map((g) => [g.id, 0]));
    let reads = 0;
    while (sim.now < START + 12 * 3_600_000) {
      sim.step();
      if (sim.currentTrip.end === sim.now) reads++;
      const r = readingsOf(bindings, sim.instant) as Record<string, number>;
      for (const g of profile.generators) energy[g.id]! += r[`electrical.generators.${g.id}.power`]!;
    }
    expect(reads).toBe(12 * 3600);
    expect(sim.completedTrips).toEqual([]);
    const trip = sim.currentTrip;
    expect(sum(trip.generatorRunTime)).toBeGreaterThan(0);
    expect(sum(trip.fuel.hybridByGenerator)).toBeCloseTo(trip.fuel.hybrid, 9);
    for (const g of profile.generators) expect(trip.energy.sources.generators[g.id]).toBeCloseTo(energy[g.id]!, 3);
  });
});
