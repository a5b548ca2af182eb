import { describe, expect, it } from 'vitest';
import { HybridTrawler } from '../../../simulators/vessel/hybrid-trawler.ts';
import { readingsOf, signalBindings } from '../../../simulators/vessel/signals.ts';
import { estimateLiveSavings, fuelLitres, LiveSavings, TripAnalyzer } from '../../../shared/savings/index.ts';
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
    const truth = sim.currentTrip.voyage.fuel;
    const live = estimateLiveSavings(profile, samples);
    // The first sample describes no span before it: the record starts with it.
    expect(live.tripStart).toBe(START + 1000);
    expect(live.fuelUsedL).toBeCloseTo(fuelLitres(truth.hybrid, profile.fuel.density), 0);
    // The engine's declared fuel maps against the nominal world's own smooth curves through the same points.
    expect(Math.abs(live.baselineL / fuelLitres(truth.conventional, profile.fuel.density) - 1)).toBeLessThan(0.01);
    expect(live.fuelSavedL).toBeCloseTo(live.baselineL - live.fuelUsedL - live.batteryFuelL, 9);
  });

  it('says nothing about a fraction before there is any baseline', () => {
    expect(estimateLiveSavings(profile, [])).toEqual({ tripStart: null, fuelUsedL: 0, baselineL: 0, batteryFuelL: 0, fuelSavedL: 0, savedFraction: null });
  });
});

describe('the live estimate fed one sample at a time', () => {
  it('equals the estimate over all samples so far at every moment, phase changes still undecided included', () => {
    const sim = new HybridTrawler({ profile, metier: 'OTB', seed: 5, start: START });
    const bindings = signalBindings(profile);
    const samples: TelemetrySample[] = [];
    const live = new LiveSavings(profile);
    // A second analyzer says when instants wait on the phase smoother: the moments flush() changes the figures.
    const watch = new TripAnalyzer({ profile });
    let undecidedChecks = 0;
    let checks = 0;
    while (sim.now < START + 3 * 3_600_000) {
      sim.step();
      const sample = { t: sim.instant.t, v: readingsOf(bindings, sim.instant) as TelemetrySample['v'] };
      samples.push(sample);
      live.add(sample);
      watch.add(sample.t, sample.v);
      const undecided = watch.current!.end !== sample.t;
      if (!(undecided && undecidedChecks < 40) && samples.length % 613 !== 0) continue;
      if (undecided) undecidedChecks++;
      checks++;
      expect(live.estimate()).toEqual(estimateLiveSavings(profile, samples));
    }
    expect(undecidedChecks).toBeGreaterThan(10);
    expect(checks).toBeGreaterThan(25);
  });
});
