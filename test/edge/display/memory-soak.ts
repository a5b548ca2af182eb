/**
 * Memory check of the skipper display in Chromium: many live updates at 50 per second, the JS heap measured
 * after a forced garbage collection at the start and at the end. Run: npx tsx test/edge/display/memory-soak.ts [minutes]
 */
import { EdgeAgent } from '../../../edge/agent.ts';
import { freePort } from '../../helpers/ports.ts';
import { launchChromium } from './browser.ts';
import { ChosenReadings, TOWING_ON_BATTERY } from './chosen-readings.ts';

const minutes = Number(process.argv[2] ?? 3);
const source = new ChosenReadings(TOWING_ON_BATTERY);
const agent = new EdgeAgent({
  config: { vessel: 'fregate', mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` }, outbox: { path: ':memory:' },
    display: { port: await freePort(), pushIntervalMs: 20, battery: { usableKWh: 1000 } } },
  sources: [source],
});
await agent.start();
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
let updates = 0;
page.on('websocket', (ws) => ws.on('framereceived', () => { updates++; }));
const cdp = await page.context().newCDPSession(page);
await cdp.send('HeapProfiler.enable');
await page.goto(agent.displayUrl!);
const measure = async () => {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { heapKB: Math.round(heap.usedSize / 1024), nodes };
};
await page.waitForTimeout(5000);
const start = await measure();
const series = [{ minute: 0, updates, ...start }];
const end = Date.now() + minutes * 60_000;
let i = 0;
while (Date.now() < end) {
  // Every second the readings change and an alarm comes and goes, so text, attributes and the alarm list all churn.
  i++;
  source.set({ 'electrical.batteries.main.capacity.stateOfCharge': i % 20 < 10 ? 0.25 : 0.6 + (i % 7) / 100,
    'propulsion.main.power': 150_000 + (i % 13) * 1000 });
  await page.waitForTimeout(1000);
  if (i % 60 === 0) series.push({ minute: i / 60, updates, ...(await measure()) });
}
console.log(JSON.stringify(series));
await browser.close();
await agent.stop();
