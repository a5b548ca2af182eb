import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { asSignalPath } from '../../../shared/registry/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { InfluxStore } from '../../../server/store/influx-store.ts';
import type { TimeSeriesStore } from '../../../server/store/port.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';
import { startInfluxd, type RunningInfluxd } from '../../helpers/influxd.ts';
import { tempDir } from '../../helpers/tmp.ts';

const SOC = asSignalPath('electrical.batteries.main.capacity.stateOfCharge');
const STW = asSignalPath('navigation.speedThroughWater');
const T0 = Date.UTC(2026, 5, 1, 8);
const V = asVesselId('raw');

/** The raw range read the analytics integrate, expected of every store adapter. */
function rawRangeRead(name: string, open: () => Promise<{ store: TimeSeriesStore; close: () => Promise<void> }>) {
  describe(`${name} store: raw samples in a time range`, () => {
    let store: TimeSeriesStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await open());
      await store.start();
      await store.write(V, [
        { t: T0 + 2000, v: { [SOC]: 0.7 } },
        { t: T0, v: { [SOC]: 0.8, [STW]: 2.5 } },
        { t: T0 + 1000, v: { [STW]: 2.25 } },
        { t: T0 + 3000, v: { [SOC]: 0.6, [STW]: 2 } },
      ]);
    }, 60_000);
    afterAll(async () => {
      await store.stop();
      await close();
    });

    it('returns every value of [from, to) grouped by time, in time order', async () => {
      expect(await store.samples(V, T0, T0 + 3000)).toEqual([
        { t: T0, v: { [SOC]: 0.8, [STW]: 2.5 } },
        { t: T0 + 1000, v: { [STW]: 2.25 } },
        { t: T0 + 2000, v: { [SOC]: 0.7 } },
      ]);
    });

    it('returns nothing for an unknown vessel or an empty range', async () => {
      expect(await store.samples(asVesselId('ghost'), T0, T0 + 3000)).toEqual([]);
      expect(await store.samples(V, T0 + 10_000, T0 + 20_000)).toEqual([]);
    });
  });
}

rawRangeRead('sqlite', async () => {
  const tmp = tempDir();
  return { store: new SqliteStore(join(tmp.dir, 'store.db')), close: async () => tmp.remove() };
});

let influxd: RunningInfluxd | undefined;
rawRangeRead('influxdb', async () => {
  influxd = await startInfluxd();
  return { store: new InfluxStore(influxd.urlFor('raw')), close: async () => influxd?.stop() };
});
