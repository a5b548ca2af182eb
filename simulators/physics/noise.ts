/** A machine heard in the wheelhouse: its level at full load (dBA) and its present load fraction. */
export interface NoiseSource { fullLoadLevel: number; load: number }

/**
 * Wheelhouse A-weighted level: each running machine is quieter at part load (−8 dB from full to no load, typical of
 * diesel and motor noise against load) and levels add as powers: L = 10 log10 Σ 10^(Li/10).
 */
export function wheelhouseNoise(background: number, running: readonly NoiseSource[]): number {
  let sum = 10 ** (background / 10);
  for (const m of running) sum += 10 ** ((m.fullLoadLevel - 8 * (1 - Math.max(0, Math.min(1, m.load)))) / 10);
  return 10 * Math.log10(sum);
}
