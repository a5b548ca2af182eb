import { describe, expect, it } from 'vitest';
import { TripAnalyzer, tripSavings } from '../../../shared/savings/index.ts';
import { HybridTrawler } from '../../../simulators/vessel/hybrid-trawler.ts';
import { readingsOf, signalBindings } from '../../../simulators/vessel/signals.ts';
import { profile, START } from './simulated-trips.ts';

const HOUR = 3_600_000;

/** One OTB voyage's telemetry from casting off to the end of its landing, and the last reading alongside before it. */
function voyage() {
  const sim = new HybridTrawler({ profile, metier: 'OTB', seed: 11, start: START });
  const bindings = signalBindings(profile);
  const samples: { t: number; v: Record<string, number> }[] = [];
  let alongside: Record<string, number> | undefined;
  let departure: number | undefined;
  while (sim.completedTrips.length === 0) {
    sim.step();
    const v = readingsOf(bindings, sim.instant) as Record<string, number>;
    if (departure === undefined && sim.instant.phase === 'port') alongside = v;
    else {
      departure ??= sim.instant.t;
      samples.push({ t: sim.instant.t, v });
    }
  }
  return { samples, alongside: alongside!, departure: departure! };
}

describe('time alongside belongs to no trip', () => {
  const { samples, alongside, departure } = voyage();
  const savingsAfter = (stayHours: number) => {
    const analyzer = new TripAnalyzer({ profile });
    for (let t = departure - stayHours * HOUR; t < departure; t += 1000) analyzer.add(t, alongside);
    for (const s of samples) analyzer.add(s.t, s.v);
    analyzer.flush();
    const trip = analyzer.trips.find((r) => r.departure !== null)!;
    return tripSavings(profile, trip, { draws: 100 });
  };
  const stays = [1, 14, 62].map((h) => ({ h, s: savingsAfter(h) }));

  it('port stays of 1 h, 14 h and 62 h before a trip leave its saving unchanged to 0.1 pp', () => {
    const fractions = stays.map(({ s }) => 100 * s.fuel.fraction.value);
    console.log(`saving after 1 h, 14 h, 62 h alongside: ${fractions.map((f) => f.toFixed(3)).join(', ')} %`);
    expect(Math.max(...fractions) - Math.min(...fractions)).toBeLessThan(0.1);
  });

  it('reports the port stay on its own: its hours, and what a conventional vessel\'s auxiliary set would have burnt there', () => {
    for (const { h, s } of stays) {
      expect(s.portStay!.hours).toBeGreaterThanOrEqual(h);
      expect(s.portStay!.hours).toBeLessThan(h + 2);
    }
    const conventional = stays.map(({ s }) => s.portStay!.conventionalFuelL.value);
    expect(conventional[1]! / conventional[0]!).toBeGreaterThan(5);
    expect(conventional[2]! / conventional[1]!).toBeGreaterThan(3);
  });
});
