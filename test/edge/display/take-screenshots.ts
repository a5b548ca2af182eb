/**
 * Day and night screenshots of the skipper display for the docs, on a simulated trip replayed to the present.
 * Run: npx tsx test/edge/display/take-screenshots.ts [hours-ago]
 */
import { join } from 'node:path';
import { simulatedVessel } from '../../../cli/simulated-vessel.ts';
import { EdgeAgent } from '../../../edge/agent.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';
import { launchChromium } from './browser.ts';

const hoursAgo = Number(process.argv[2] ?? 5);
const out = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');
const sim = simulatedVessel({ seed: 7, speedup: 1500, startHoursAgo: hoursAgo });
const agent = new EdgeAgent({
  config: {
    vessel: 'fregate', profile: 'la-fregate', mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` }, outbox: { path: ':memory:' },
    display: { port: await freePort(), vesselName: 'La Frégate' },
  },
  sources: [sim.source],
  clock: sim.clock,
});
await agent.start();
await waitFor(() => Date.now() - (agent.latest?.t ?? 0) < 3000, 120_000, 'the trip to be replayed up to now');
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(agent.displayUrl!);
await page.waitForTimeout(2500);
await page.screenshot({ path: join(out, 'skipper-day.png') });
await page.click('#theme-toggle');
await page.waitForTimeout(1500);
await page.screenshot({ path: join(out, 'skipper-night.png') });
await browser.close();
await agent.stop();
console.log(`screenshots in ${out}`);
