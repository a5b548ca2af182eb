import type { Tolerance, UncertainParameter, UncertaintyProfile } from '../profile/index.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * Multipliers on the model baseline's assumptions, 1 when nominal, one per tolerance the profile states
 * (`profile.uncertainty`). Meter factors read "reading = true × factor": a drawn fuel meter of 1.01 reads 1 % high.
 */
export type BaselineParameters = Record<UncertainParameter, number>;

export const UNCERTAIN_PARAMETERS = [
  'mainEngineSfoc', 'mainEnginePartLoad', 'auxGeneratorSfoc', 'auxGeneratorPartLoad', 'auxGeneratorRating', 'generatorSfoc',
  'hybridPropulsorQuality', 'twinPropulsorQuality', 'twinPartLoadLoss', 'gearAndShaftEfficiency', 'hydraulicWinchEfficiency',
  'hydraulicStandby', 'electricDriveEfficiency', 'fuelMeter', 'powerMeter', 'speedLog',
] as const satisfies readonly UncertainParameter[];

export const NOMINAL: BaselineParameters = Object.fromEntries(UNCERTAIN_PARAMETERS.map((k) => [k, 1])) as BaselineParameters;

/** One draw of a stated tolerance: a normal whose 95 % interval is [low, high], or uniform on [low, high]; never negative. */
export function drawTolerance(rng: SeededRandom, t: Tolerance): number {
  if (t.distribution === 'uniform') return t.low + (t.high - t.low) * rng.next();
  return Math.max(0, rng.normal((t.low + t.high) / 2, (t.high - t.low) / (2 * 1.96)));
}

/** Every parameter drawn independently from its stated tolerance. */
export function drawBaselineParameters(rng: SeededRandom, u: UncertaintyProfile): BaselineParameters {
  return Object.fromEntries(UNCERTAIN_PARAMETERS.map((k) => [k, drawTolerance(rng, u[k])])) as BaselineParameters;
}
