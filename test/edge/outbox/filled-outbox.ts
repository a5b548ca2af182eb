import { join } from 'node:path';
import { Outbox } from '../../../edge/outbox/outbox.ts';
import type { SignalPath } from '../../../shared/registry/index.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { tempDir } from '../../helpers/tmp.ts';

export const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
export const VOLT = 'electrical.batteries.main.voltage' as SignalPath;
export const GEAR = 'fishing.gear.state' as SignalPath;

/**
 * A compact outbox holding `hours` at 1 Hz from T0 in batches of a minute, as an outage leaves it; its temporary
 * folder's remover is pushed onto `removers`.
 */
export async function filledOutbox(hours: number, removers: (() => void)[]): Promise<Outbox> {
  const { dir, remove } = tempDir('sillage-outbox-');
  removers.push(remove);
  const outbox = new Outbox(join(dir, 'outbox.db'), true);
  await outbox.start();
  for (let s = 0; s < hours * 3600; s++) {
    // Noise a compressor cannot remove: the batches are as large as real ones.
    outbox.append({ t: T0 + s * 1000, v: { [VOLT]: 600 + ((s * 7919) % 1000) / 10, [GEAR]: 2 } as TelemetrySample['v'] });
    if (s % 60 === 59) outbox.seal(60);
  }
  return outbox;
}
