import { CatchUpClock, type Clock } from '../shared/time/clock.ts';
import type { TelemetrySource } from '../shared/source.ts';
import { resolveVesselProfile } from '../shared/profile/load-profile.ts';
import { SimulatedVesselSource } from '../simulators/vessel/simulated-vessel-source.ts';

/** A simulated vessel and the clock it runs on, for commands that sample one instead of real devices. */
export function simulatedVessel(options: { seed: number; speedup: number; startHoursAgo: number }): { source: TelemetrySource; clock: Clock } {
  const start = Math.floor((Date.now() - options.startHoursAgo * 3_600_000) / 1000) * 1000;
  return {
    source: new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: options.seed, start }),
    clock: new CatchUpClock(start, options.speedup),
  };
}
