import { CatchUpClock, type Clock } from '../shared/time/clock.ts';
import type { TelemetrySource } from '../shared/source.ts';
import { resolveAnyVesselProfile } from '../shared/profile/load-profile.ts';
import { simulatedSource } from '../simulators/vessel/simulated-vessel-source.ts';

/**
 * A simulated vessel and the clock it runs on, for commands that sample one instead of real devices: La Frégate
 * bottom trawling unless another profile is named (`la-fregate-control`, her conventional control vessel, meets
 * the weather of `weatherSeed`).
 */
export function simulatedVessel(options: { seed: number; speedup: number; startHoursAgo: number; profile?: string; weatherSeed?: number }): { source: TelemetrySource; clock: Clock } {
  const start = Math.floor((Date.now() - options.startHoursAgo * 3_600_000) / 1000) * 1000;
  return {
    source: simulatedSource({ profile: resolveAnyVesselProfile(options.profile ?? 'la-fregate'), metier: 'OTB', seed: options.seed, weatherSeed: options.weatherSeed, start }),
    clock: new CatchUpClock(start, options.speedup),
  };
}
