/**
 * Screenshots of the shore web for the docs: a simulated trip of La Frégate replayed to now, a few refused payloads
 * and an edge alarm, then each page in Chromium, and the trip's evidence report printed to an A4 PDF (page 1 as PNG).
 * Run: npx tsx test/server/web/take-screenshots.ts [hours-ago]      (needs pdftoppm from poppler-utils for the A4 page)
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { topicFor } from '../../../shared/wire/topics.ts';
import { launchChromium, openPage } from './browser.ts';
import { startShoreWithTrip } from './simulated-shore.ts';

const out = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');
const shore = await startShoreWithTrip({ hoursAgo: Number(process.argv[2] ?? 7), speedup: 1500 });
const fregate = asVesselId('fregate');
const client = await mqtt.connectAsync(shore.server.mqttUrl);
await client.publishAsync(topicFor(fregate, 'telemetry'), '{"seq": 1, "samples": [', { qos: 1 });
await client.publishAsync(topicFor(fregate, 'telemetry'), JSON.stringify({
  seq: 9_000_000, samples: [{ t: Date.now(), v: { 'electrical.batteries.main.capacity.stateOfCharge': 7, 'propulsion.main.thrust': 1 } }],
}), { qos: 1 });
const t = Date.now();
await client.publishAsync(topicFor(fregate, 'events'), JSON.stringify({
  t, kind: 'alarm.raised', detail: { id: 'battery-over-temperature:main', alarm: 'battery-over-temperature', subject: 'main', severity: 'warning', value: 321.4, threshold: 318.15, since: t },
}), { qos: 1 });
await client.endAsync();

const browser = await launchChromium();
const pages: [string, string, number?][] = [
  ['shore-fleet', '/ui/#/', 560],
  ['shore-vessel', '/ui/#/vessel/fregate?paths=electrical.batteries.main.capacity.stateOfCharge,electrical.batteries.main.power,electrical.generators.gen1.power,electrical.generators.gen2.power,propulsion.main.power,navigation.speedThroughWater&span=28800000'],
  ['shore-trip', `/ui/#/trip/${shore.tripId}`],
  ['shore-quality', '/ui/#/quality', 1300],
  ['shore-events', '/ui/#/events', 700],
  ['shore-reports', '/ui/#/reports', 640],
];
for (const [name, path, height] of pages) {
  const page = await openPage(browser, `${shore.httpUrl}${path}`, { width: 1360, height: height ?? 900 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: height === undefined });
  await page.close();
}
const report = await browser.newPage();
await report.goto(`${shore.httpUrl}/api/reports?scope=trip&trip=${shore.tripId}&format=html`);
const pdf = join(out, '..', 'shore-report-example.pdf');
await report.pdf({ path: pdf, format: 'A4', printBackground: true });
execFileSync('pdftoppm', ['-png', '-r', '90', '-f', '1', '-l', '1', '-singlefile', pdf, join(out, 'shore-report-a4')]);
await browser.close();
await shore.stop();
console.log(`screenshots in ${out}`);
