import { resolveVesselProfile } from '../shared/profile/load-profile.ts';
import { HybridTrawler } from './vessel/hybrid-trawler.ts';

export interface SpeedupMeasurement {
  simulatedSeconds: number;
  wallSeconds: number;
  /** Simulated time over wall time, one core. */
  speedup: number;
}

/**
 * Runs `hours` of La Frégate (OTB, fixed seed) at full speed on this core and reports how many times faster than
 * real time the physics ran. For the benchmark runner; not a unit test.
 */
export function measureSimulatorSpeedup(hours = 24, metier = 'OTB'): SpeedupMeasurement {
  const profile = resolveVesselProfile('la-fregate');
  const start = Date.UTC(2024, 2, 1);
  const sim = new HybridTrawler({ profile, metier, seed: 1, start });
  const t0 = process.hrtime.bigint();
  const steps = sim.advanceTo(start + hours * 3_600_000);
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { simulatedSeconds: steps, wallSeconds, speedup: steps / wallSeconds };
}
