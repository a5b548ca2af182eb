import type { VesselProfile } from '../../../shared/profile/index.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { HybridTrawler } from '../../../simulators/vessel/hybrid-trawler.ts';
import { readingsOf, signalBindings } from '../../../simulators/vessel/signals.ts';

/** What the simulated trawler's instruments read, second by second, from `start` for `hours`: telemetry to store. */
export function simulatedSamples(o: { profile: VesselProfile; metier: string; seed: number; start: number; hours: number }): TelemetrySample[] {
  const sim = new HybridTrawler({ profile: o.profile, metier: o.metier, seed: o.seed, start: o.start });
  const bindings = signalBindings(o.profile);
  const samples: TelemetrySample[] = [];
  while (sim.now < o.start + o.hours * 3_600_000) {
    sim.step();
    samples.push({ t: sim.instant.t, v: readingsOf(bindings, sim.instant) as TelemetrySample['v'] });
  }
  return samples;
}
