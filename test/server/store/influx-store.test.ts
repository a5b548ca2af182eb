import { InfluxStore } from '../../../server/store/influx-store.ts';
import { startInfluxd } from '../../helpers/influxd.ts';
import { storeConformance } from './conformance.ts';
import { rollupConformance } from './rollup-conformance.ts';

storeConformance('InfluxDB', async () => {
  const influxd = await startInfluxd();
  return { store: new InfluxStore(influxd.urlFor('conformance')), close: () => influxd.stop() };
});

rollupConformance('InfluxDB', async () => {
  const influxd = await startInfluxd();
  return { engine: new InfluxStore(influxd.urlFor('rollups')), close: () => influxd.stop() };
});
