import { PM_G_PER_KWH } from './constants.ts';

export type NoxTier = 'II' | 'III';

/**
 * NOx limit (g/kWh) of MARPOL Annex VI regulation 13 at rated speed `rpm`. Tier II: 14.4 below 130 rpm,
 * 44·n^−0.23 from 130 to 1999 rpm, 7.7 from 2000. Tier III: 3.4, 9·n^−0.2, 2.0. Engines certified to the limit
 * emit close to it over the E2/D2 cycles, so it serves as their emission factor.
 */
export function noxGramsPerKWh(rpm: number, tier: NoxTier = 'II'): number {
  if (tier === 'II') {
    if (rpm < 130) return 14.4;
    if (rpm < 2000) return 44 * rpm ** -0.23;
    return 7.7;
  }
  if (rpm < 130) return 3.4;
  if (rpm < 2000) return 9 * rpm ** -0.2;
  return 2.0;
}

/** NOx (kg) from `energyJ` of engine output at rated speed `ratedSpeedHz` (registry unit: Hz). */
export function noxKg(energyJ: number, ratedSpeedHz: number, tier: NoxTier = 'II'): number {
  return (energyJ / 3.6e6) * noxGramsPerKWh(ratedSpeedHz * 60, tier) / 1000;
}

/** Particulate matter (kg) from `energyJ` of engine output (EMEP/EEA: ≈ 0.20 g/kWh on ≤ 10 ppm sulphur fuel). */
export function pmKg(energyJ: number, gPerKWh: number = PM_G_PER_KWH): number {
  return (energyJ / 3.6e6) * gPerKWh / 1000;
}
