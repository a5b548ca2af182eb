/** A machine heard in the wheelhouse: its level at full load (dBA) and its present load fraction. */
export interface NoiseSource { fullLoadLevel: number; load: number }

/**
 * Wheelhouse A-weighted level: each running machine is quieter at part load (−8 dB from full to no load, typical of
 * diesel and motor noise against load) and levels add as powers: L = 10 log10 Σ 10^(Li/10).
 */
export function wheelhouseNoise(background: number, running: readonly NoiseSource[]): number {
  let sum = noisePower(background);
  for (const m of running) sum += machineNoisePower(m.fullLoadLevel, m.load);
  return noiseLevel(sum);
}

/**
 * The terms of that sum, for a caller that adds them as it goes rather than gathering the sources first (the
 * simulator, every second): the same terms added in the same order give the same level to the last bit.
 */
export function noisePower(level: number): number {
  return 10 ** (level / 10);
}

export function machineNoisePower(fullLoadLevel: number, load: number): number {
  return noisePower(fullLoadLevel - 8 * (1 - Math.max(0, Math.min(1, load))));
}

/** One machine's term, kept while its load holds: a generator set holds its load for minutes at a time. */
export class MachineNoise {
  private load = NaN;
  private power = 0;

  constructor(private readonly fullLoadLevel: number) {}

  at(load: number): number {
    if (load !== this.load) {
      this.load = load;
      this.power = machineNoisePower(this.fullLoadLevel, load);
    }
    return this.power;
  }
}

export function noiseLevel(power: number): number {
  return 10 * Math.log10(power);
}
