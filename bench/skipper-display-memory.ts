import type { CDPSession, Page } from 'playwright-core';
import { simulatedVessel } from '../cli/simulated-vessel.ts';
import { EdgeAgent } from '../edge/agent.ts';
import { launchChromium } from '../test/edge/display/browser.ts';
import { freePort } from '../test/helpers/ports.ts';
import { waitFor } from '../test/helpers/wait.ts';
import type { BenchResult } from './result.ts';

const HOURS = Number(process.env.SILLAGE_BENCH_DISPLAY_HOURS ?? 24);
const MINUTES = Number(process.env.SILLAGE_BENCH_DISPLAY_MINUTES ?? 3);
/**
 * 50 views a second instead of one: in a few minutes the page goes through as many updates as in hours on the
 * bridge, which is what would make a leak per update show.
 */
const PUSH_INTERVAL_MS = 20;
const SAMPLE_EVERY_MS = 30_000;
const WARM_UP_MS = 10_000;

interface Point { wallS: number; simulatedH: number; updates: number; heapKB: number; nodes: number; listeners: number; elements: number }

/** What the page holds once garbage is collected: a leak is what survives collections. */
async function measure(page: Page, cdp: CDPSession): Promise<Omit<Point, 'wallS' | 'simulatedH' | 'updates'>> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  // Nodes counted by the renderer include detached ones still referenced from script, which the DOM tree does not.
  const counters = await cdp.send('Memory.getDOMCounters');
  const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { heapKB: Math.round(heap.usedSize / 1024), nodes: counters.nodes, listeners: counters.jsEventListeners, elements };
}

/**
 * The skipper display in headless Chromium over many simulated hours: an edge agent with La Frégate's profile fed
 * by the simulated trawler replaying SILLAGE_BENCH_DISPLAY_HOURS (default 24) in about SILLAGE_BENCH_DISPLAY_MINUTES
 * (default 3), its shore link down (so link and backlog alarms come and go with the trip's own), the view pushed
 * every 20 ms. The page's JS heap and node counts after forced collections, at the start and every 30 s.
 */
export default async function run(): Promise<BenchResult[]> {
  const sim = simulatedVessel({ seed: 4, speedup: (HOURS * 3600) / (MINUTES * 60), startHoursAgo: HOURS });
  const start = sim.clock.now();
  const agent = new EdgeAgent({
    config: { vessel: 'fregate', profile: 'la-fregate', mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` },
      outbox: { path: ':memory:' }, display: { port: await freePort(), pushIntervalMs: PUSH_INTERVAL_MS } },
    sources: [sim.source],
    clock: sim.clock,
  });
  await agent.start();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let updates = 0;
    page.on('websocket', (ws) => ws.on('framereceived', () => { updates++; }));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await page.goto(agent.displayUrl!);
    await waitFor(async () => (await page.locator('#soc').textContent()) !== '—', 15_000, 'a first view');
    await page.waitForTimeout(WARM_UP_MS);
    const wall0 = Date.now();
    const point = async (): Promise<Point> => ({ wallS: Math.round((Date.now() - wall0) / 1000),
      simulatedH: ((agent.latest?.t ?? start) - start) / 3_600_000, updates, ...(await measure(page, cdp)) });
    const points = [await point()];
    // Until the replay has caught up with the present, or a minute past its planned length on a loaded machine.
    const deadline = wall0 + (MINUTES + 1) * 60_000;
    while (Date.now() < deadline && (agent.latest?.t ?? 0) < Date.now() - 5000) {
      await page.waitForTimeout(SAMPLE_EVERY_MS);
      points.push(await point());
      console.log(`  ${JSON.stringify(points.at(-1))}`);
    }
    const first = points[0]!;
    const last = points.at(-1)!;
    const later = points.slice(1).map((p) => p.heapKB);
    const seen = last.updates - first.updates;
    const note = `headless Chromium 1280×800, edge agent with La Frégate's profile fed by the simulated trawler (seed 4), `
      + `${last.simulatedH.toFixed(1)} of ${HOURS} simulated hours in ${(last.wallS / 60).toFixed(1)} wall min after ${WARM_UP_MS / 1000} s warm-up, `
      + `${seen} views received (pushed every ${PUSH_INTERVAL_MS} ms, ${(seen / 3600).toFixed(1)} h of the real 1 Hz), shore link down; `
      + `JS heap after two forced collections (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage) every ${SAMPLE_EVERY_MS / 1000} s: `
      + `${points.map((p) => p.heapKB).join(', ')} KB; reference = the same at the start`;
    return [
      { id: 'display.browser.heap_kb', value: last.heapKB, unit: 'KB', reference: first.heapKB, ratio: last.heapKB / first.heapKB, note },
      { id: 'display.browser.heap_growth_kb', value: last.heapKB - first.heapKB, unit: 'KB, end − start', reference: null, ratio: null, note },
      // A leak per update grows with the views; a one-off at start (code compiled as it gets hot, first alarms) does not.
      { id: 'display.browser.heap_span_after_first_sample_kb', value: Math.max(...later) - Math.min(...later), unit: `KB, max − min of the samples after the first ${SAMPLE_EVERY_MS / 1000} s`, reference: null, ratio: null, note },
      { id: 'display.browser.dom_nodes', value: last.nodes, unit: 'nodes (Memory.getDOMCounters)', reference: first.nodes, ratio: last.nodes / first.nodes, note },
      { id: 'display.browser.elements', value: last.elements, unit: 'elements in the document', reference: first.elements, ratio: last.elements / first.elements, note },
      { id: 'display.browser.listeners', value: last.listeners, unit: 'JS event listeners', reference: first.listeners, ratio: first.listeners ? last.listeners / first.listeners : null, note },
      { id: 'display.browser.views', value: seen, unit: 'views received', reference: null, ratio: null, note },
      { id: 'display.browser.simulated_hours', value: Number(last.simulatedH.toFixed(2)), unit: 'simulated h', reference: HOURS, ratio: last.simulatedH / HOURS, note },
    ];
  } finally {
    await browser.close();
    await agent.stop();
  }
}
