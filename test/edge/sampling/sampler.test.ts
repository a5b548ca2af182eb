import { describe, expect, it } from 'vitest';
import { Sampler } from '../../../edge/sampling/sampler.ts';
import { systemClock } from '../../../shared/time/clock.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { waitFor } from '../../helpers/wait.ts';

const source = { name: 'constant', start: async () => {}, stop: async () => {}, read: () => ({ 'propulsion.main.power': 1000 }) };

describe('sampler', () => {
  it('loses only the second whose sample could not be handed on, and samples the next ones', async () => {
    const kept: TelemetrySample[] = [];
    const refused: { t: number; error: string }[] = [];
    let calls = 0;
    const sampler = new Sampler([source], systemClock, {
      sample: (sample) => {
        calls += 1;
        if (calls === 2) throw new Error('disk full');
        kept.push(sample);
      },
      sourceError: () => {},
      sampleError: (t, error) => refused.push({ t, error: error.message }),
    }, 50);
    await sampler.start();
    try {
      await waitFor(() => kept.length >= 3, 5000, 'samples after the refused one');
    } finally {
      await sampler.stop();
    }
    expect(refused).toEqual([{ t: kept[0]!.t + 50, error: 'disk full' }]);
    expect(kept[1]!.t).toBe(kept[0]!.t + 100);
  });
});
