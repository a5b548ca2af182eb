import { InfluxStore } from '../../server/store/influx-store.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import { loadChartData } from './chart-data.ts';

/**
 * A process that loads seasons of 1 Hz chart data into an InfluxDB, one after another, until it is stopped: the
 * other work a busy shore does while its charts are drawn. Arguments: the database URL, the vessel id, the first
 * day (epoch ms). It prints the values written so far every second.
 */
const [url, vessel, first] = process.argv.slice(2);
const store = new InfluxStore(url!);
await store.start();
let written = 0;
const timer = setInterval(() => console.log(written), 1000);
process.on('SIGTERM', () => {
  clearInterval(timer);
  console.log(written);
  process.exit(0);
});
for (let season = 0; ; season++) {
  await loadChartData(async (samples) => {
    await store.write(asVesselId(vessel!), samples);
    written += samples.length * Object.keys(samples[0]!.v).length;
  }, Number(first) + season * 180 * 86_400_000, 180);
}
