import { describe, expect, it } from 'vitest';
import { HybridTrawler } from '../../../simulators/vessel/hybrid-trawler.ts';
import { readingsOf, signalBindings } from '../../../simulators/vessel/signals.ts';
import { estimateLiveSavings, fuelLitres } from '../../../shared/savings/index.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { profile, START } from './simulated-trips.ts';

describe("the skipper's live estimate", () => {
  it('gives fuel used and saved so far on a trip under way, matching the truth so far', () => {
    const sim = new HybridTrawler({ profile, metier: 'OTM', seed: 21, start: START });
    const bindings = signalBindings(profile);
    const samples: TelemetrySample[] = [];
    while (sim.now < START + 4 * 3_600_000) {
      sim.step();
      samples.push({ t: sim.instant.t, v: readingsOf(bindings, sim.instant) as TelemetrySample['v'] });
    }
    const truth = sim.currentTrip.fuel;
    const live = estimateLiveSavings(profile, samples);
    // The first sample describes no span before it: the trip starts with it.
    expect(live.tripStart).toBe(START + 1000);
    expect(live.fuelUsedL).toBeCloseTo(fuelLitres(truth.hybrid, profile.fuel.density), 0);
    expect(live.baselineL).toBeCloseTo(fuelLitres(truth.conventional, profile.fuel.density), 0);
    expect(live.savedFraction! * 100).toBeCloseTo(((truth.conventional - truth.hybrid) / truth.conventional) * 100, 0);
  });

  it('says nothing about a fraction before there is any baseline', () => {
    expect(estimateLiveSavings(profile, [])).toEqual({ tripStart: null, fuelUsedL: 0, baselineL: 0, fuelSavedL: 0, savedFraction: null });
  });
});
