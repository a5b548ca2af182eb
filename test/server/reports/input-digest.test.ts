import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, digestInputs } from '../../../server/reports/input-digest.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { tempDir } from '../../helpers/tmp.ts';

const fregate = asVesselId('fregate');
const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const SOG = 'navigation.speedOverGround' as SignalPath;
const T0 = Date.UTC(2024, 5, 1, 4);
const sample = (t: number, soc: number, sog: number): TelemetrySample => ({ t, v: { [SOG]: sog, [SOC]: soc } as TelemetrySample['v'] });
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
/** A sample's record written out independently: SHA-256 of its sorted paths, vessel, NUL, then t and values as big-endian doubles. */
const record = (vessel: string, t: number, values: Record<string, number>) => {
  const paths = Object.keys(values).sort();
  const numbers = Buffer.alloc(8 * (1 + paths.length));
  [t, ...paths.map((p) => values[p]!)].forEach((x, k) => numbers.writeDoubleBE(x, 8 * k));
  return Buffer.concat([createHash('sha256').update(paths.join('\n')).digest(), Buffer.from(`${vessel}\0`), numbers]);
};
/** The sum modulo 2^256 of the SHA-256 of each record, as 64 hex digits: a part's digest. */
const sumOf = (records: Buffer[]) =>
  (records.reduce((sum, r) => sum + BigInt(`0x${createHash('sha256').update(r).digest('hex')}`), 0n) % (1n << 256n)).toString(16).padStart(64, '0');

describe('the SHA-256 of a report\'s input data, read back from a real store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: SqliteStore;
  beforeEach(async () => {
    tmp = tempDir();
    store = new SqliteStore(join(tmp.dir, 'telemetry.db'));
    await store.start();
    await store.write(fregate, [sample(T0, 0.8, 2.5), sample(T0 + 1000, 0.79, 2.75)]);
  });
  afterEach(async () => {
    await store.stop();
    tmp.remove();
  });

  it('hashes one line per day part holding data, each with the sum of the SHA-256 of that part\'s sample records, paths sorted', async () => {
    const records = [record('fregate', T0, { [SOG]: 2.5, [SOC]: 0.8 }), record('fregate', T0 + 1000, { [SOG]: 2.75, [SOC]: 0.79 })];
    const inputText = `fregate\t${T0}\t${T0 + 2000}\t2\t4\t${sumOf(records)}\n`;
    const digest = await digestInputs(store, [fregate], { from: T0, to: T0 + 2000 });
    expect(digest).toEqual({ sha256: sha(inputText), samples: 2, values: 4, days: 1, hoursRead: 1 });
  });

  it('splits a window at UTC midnight, and leaves out the days without data', async () => {
    const midnight = Date.UTC(2024, 5, 2);
    const late = sample(midnight + 5000, 0.5, 1);
    await store.write(fregate, [late]);
    const window = { from: T0, to: midnight + 3 * DAY_MS };
    const first = [record('fregate', T0, { [SOG]: 2.5, [SOC]: 0.8 }), record('fregate', T0 + 1000, { [SOG]: 2.75, [SOC]: 0.79 })];
    const second = [record('fregate', late.t, { [SOG]: 1, [SOC]: 0.5 })];
    const inputText = `fregate\t${T0}\t${midnight}\t2\t4\t${sumOf(first)}\nfregate\t${midnight}\t${midnight + DAY_MS}\t1\t2\t${sumOf(second)}\n`;
    const digest = await digestInputs(store, [fregate], window);
    expect({ ...digest, hoursRead: undefined }).toEqual({ sha256: sha(inputText), samples: 3, values: 6, days: 2, hoursRead: undefined });
    expect(digest.hoursRead).toBe(20 + 3 * 24);
  });

  it('changes when one stored value changes, and comes back when it is restored', async () => {
    const window = { from: T0, to: T0 + 2000 };
    const before = await digestInputs(store, [fregate], window);
    await store.write(fregate, [sample(T0 + 1000, 0.7, 2.75)]);
    expect((await digestInputs(store, [fregate], window)).sha256).not.toBe(before.sha256);
    await store.write(fregate, [sample(T0 + 1000, 0.79, 2.75)]);
    expect((await digestInputs(store, [fregate], window)).sha256).toBe(before.sha256);
  });

  it('covers [from, to): a sample at `to` is outside, one added inside is not', async () => {
    const window = { from: T0, to: T0 + 2000 };
    const before = await digestInputs(store, [fregate], window);
    await store.write(fregate, [sample(T0 + 2000, 0.5, 1)]);
    expect(await digestInputs(store, [fregate], window)).toEqual(before);
    await store.write(fregate, [sample(T0 + 1500, 0.5, 1)]);
    expect((await digestInputs(store, [fregate], window)).samples).toBe(3);
  });

  it('hashes the vessels in id order whatever order they are given in, and a vessel\'s data changes it', async () => {
    const window = { from: T0, to: T0 + 2000 };
    const alone = await digestInputs(store, [fregate], window);
    const mouette = asVesselId('mouette');
    await store.write(mouette, [sample(T0 + 500, 0.4, 1.5)]);
    const both = await digestInputs(store, [mouette, fregate], window);
    expect(both).toEqual(await digestInputs(store, [fregate, mouette], window));
    expect(both.sha256).not.toBe(alone.sha256);
    expect(both.days).toBe(2);
  });

  it('reads a window longer than its hourly chunks in full', async () => {
    await store.write(fregate, [sample(T0 + 3 * 3_600_000 + 5, 0.6, 3)]);
    expect((await digestInputs(store, [fregate], { from: T0, to: T0 + 4 * 3_600_000 })).samples).toBe(3);
  });
});
