import { measureSimulatorSpeedup } from '../simulators/benchmark.ts';
import type { BenchResult } from './result.ts';

/** Simulated seconds per wall second for a 24-hour trip on one core (issue 3 asks for ≥ 10,000×). */
export default async function run(): Promise<BenchResult[]> {
  const result = measureSimulatorSpeedup(24, 'OTB');
  return [{ id: 'simulator.speedup', value: Math.round(result.speedup), unit: 'simulated s / wall s', reference: 10_000, ratio: result.speedup / 10_000, note: '24 h OTB trip, La Frégate, one core; reference = target' }];
}
