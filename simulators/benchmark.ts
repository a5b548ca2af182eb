import { resolveVesselProfile } from '../shared/profile/load-profile.ts';
import { HybridTrawler } from './vessel/hybrid-trawler.ts';
import { drawWorld } from './world/vessel-world.ts';

export interface SpeedupMeasurement {
  simulatedSeconds: number;
  wallSeconds: number;
  /** Simulated time over wall time, one core. */
  speedup: number;
  /** Simulated time over the CPU time this process spent on it: what the neighbours of a shared machine do not move. */
  cpuSpeedup: number;
}

/**
 * Runs `hours` of La Frégate (fixed seed) in a world drawn from its tolerances, as the calibration runs it, at full
 * speed on this core, and reports how many times faster than real time the physics ran. For the benchmark
 * runner; not a unit test.
 */
export function measureSimulatorSpeedup(hours = 24, metier = 'OTB', seed = 1): SpeedupMeasurement {
  const profile = resolveVesselProfile('la-fregate');
  const start = Date.UTC(2024, 2, 1);
  const sim = new HybridTrawler({ profile, metier, seed, start, world: drawWorld(profile, seed, start) });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const steps = sim.advanceTo(start + hours * 3_600_000);
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { simulatedSeconds: steps, wallSeconds, speedup: steps / wallSeconds, cpuSpeedup: steps / ((cpu.user + cpu.system) / 1e6) };
}
