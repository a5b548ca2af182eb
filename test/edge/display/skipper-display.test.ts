import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../../edge/agent.ts';
import type { DisplayConfigInput } from '../../../edge/display/config.ts';
import { SOURCE_GROUPS } from '../../../edge/display/power-flows.ts';
import { TripTotals } from '../../../edge/display/trip-totals.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { freePort } from '../../helpers/ports.ts';
import { startShore } from '../../helpers/shore.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';
import { launchChromium } from './browser.ts';
import { ChosenReadings, TOWING_ON_BATTERY } from './chosen-readings.ts';

let browser: Browser;
const running: { agent: EdgeAgent; page: Page }[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  for (const { agent, page } of running.splice(0)) {
    await page.close();
    await agent.stop();
  }
});

/**
 * An edge agent sampling `source` once a second, its shore link pointing at `mqttUrl`, by default a port where
 * nobody listens.
 */
async function openDisplay(source: ChosenReadings, display: DisplayConfigInput = {}, mqttUrl?: string) {
  const agent = new EdgeAgent({
    config: {
      vessel: 'fregate',
      mqtt: { url: mqttUrl ?? `mqtt://127.0.0.1:${await freePort()}` },
      // Small batches, so that shore acknowledges within seconds.
      outbox: { path: ':memory:', batchSamples: 2, batchMaxAgeMs: 1000 },
      alarms: { deviceSilentAfterMs: 2500 },
      display: { port: await freePort(), vesselName: 'La Frégate', pushIntervalMs: 100, staleAfterMs: 2500,
        battery: { usableKWh: 1000, reserveStateOfCharge: 0.2 }, ...display },
    },
    sources: [source],
  });
  await agent.start();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  running.push({ agent, page });
  await page.goto(agent.displayUrl!);
  return { agent, page };
}

const text = (page: Page, selector: string) => page.locator(selector).first().textContent();
const flowValue = (page: Page, group: string) => text(page, `.node[data-group="${group}"] .value`);
const until = (page: Page, selector: string, expected: string, what = selector) =>
  waitFor(async () => (await text(page, selector)) === expected, 15_000, `${what} to read ${expected}`);

describe('skipper display, in real Chromium against a running edge agent', () => {
  it('shows the latest readings in the skipper’s units, French first', async () => {
    const { page } = await openDisplay(new ChosenReadings(TOWING_ON_BATTERY));
    await until(page, '#soc', '82');
    expect(await text(page, '#bat-power')).toBe('351,0');
    expect(await text(page, '#bat-power-label')).toBe('Décharge');
    expect(await text(page, '#bat-temp')).toBe('31,4');
    expect(await text(page, '#speed')).toBe('3,9');
    expect(await text(page, '#mode')).toBe('ÉLECTRIQUE');
    expect(await text(page, '#phase')).toBe('PÊCHE');
    const flows = { solar: '3,0', wind: '1,0', hydro: '0,5', wave: '0,5', generators: '0,0', shore: '0,0',
      propulsion: '200,0', winch: '140,0', hotel: '12,0', stabiliser: '8,0' };
    for (const [group, kw] of Object.entries(flows)) expect(await flowValue(page, group), group).toBe(kw);
    // (0.823 − 0.2) × 1000 kWh / (360 kW of loads − 5 kW harvested) = 1.755 h
    expect(await text(page, '#autonomy-now')).toBe('1 h 45');
    await until(page, '#autonomy-trip', '1 h 45');
    expect(await text(page, '#link-state')).toBe('Liaison coupée');
    expect(await text(page, '#link-sync')).toBe('jamais');
  });

  it('follows the simulated trawler: the state of charge on screen is the latest sample’s', async () => {
    const { simulatedVessel } = await import('../../../cli/simulated-vessel.ts');
    const sim = simulatedVessel({ seed: 3, speedup: 1, startHoursAgo: 0 });
    const agent = new EdgeAgent({
      config: { vessel: 'fregate', mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` }, outbox: { path: ':memory:' },
        display: { port: await freePort(), pushIntervalMs: 100 } },
      sources: [sim.source],
      clock: sim.clock,
    });
    await agent.start();
    const page = await browser.newPage();
    running.push({ agent, page });
    await page.goto(agent.displayUrl!);
    await waitFor(async () => {
      const latest = agent.latest?.v['electrical.batteries.main.capacity.stateOfCharge' as keyof typeof agent.latest.v];
      const hotel = agent.latest?.v['electrical.loads.hotel.power' as keyof typeof agent.latest.v];
      return latest !== undefined && hotel !== undefined
        && (await text(page, '#soc')) === String(Math.round(latest * 100))
        && (await flowValue(page, 'hotel')) === (hotel / 1000).toFixed(1).replace('.', ',');
    }, 15_000, 'the screen to show the latest sample');
  });

  it('tells a battery being charged by the generators while steaming, in hybrid mode', async () => {
    const { page } = await openDisplay(new ChosenReadings({ ...TOWING_ON_BATTERY,
      'electrical.batteries.main.capacity.stateOfCharge': 0.6, 'electrical.batteries.main.power': 50_000,
      'electrical.generators.gen1.power': 300_000, 'propulsion.main.power': 230_000, 'electrical.loads.winch.power': 0,
      'electrical.loads.stabiliser.power': 0, 'navigation.speedOverGround': 4, 'fishing.gear.state': 0,
      'propulsion.gen1.fuel.rate': 2.5e-5 }));
    await until(page, '#mode', 'HYBRIDE');
    expect(await text(page, '#phase')).toBe('ROUTE');
    expect(await text(page, '#bat-power-label')).toBe('Charge');
    expect(await text(page, '#bat-power')).toBe('50,0');
    expect(await text(page, '.node[data-group="battery"] text:last-of-type')).toBe('Charge');
    expect(await flowValue(page, 'generators')).toBe('300,0');
    // 2.5e-5 m³/s of fuel
    expect(await text(page, '#fuel-rate')).toBe('90,0');
    // On the battery alone: (0.6 − 0.2) × 1000 kWh / (242 kW of loads − 5 kW harvested) = 1.688 h
    expect(await text(page, '#autonomy-now')).toBe('1 h 41');
  });

  it('shows the shore link up with its last sync, then down with the samples waiting on board', async () => {
    const shore = await startShore();
    try {
      const { agent, page } = await openDisplay(new ChosenReadings(TOWING_ON_BATTERY), {}, shore.mqttUrl);
      await until(page, '#link-state', 'Liaison terre');
      expect(await page.locator('#link-dot').getAttribute('data-up')).toBe('true');
      await waitFor(async () => /^il y a \d+ s$/.test((await text(page, '#link-sync')) ?? ''), 15_000, 'a first sync');

      await shore.stop();
      await until(page, '#link-state', 'Liaison coupée');
      expect(await page.locator('#link-dot').getAttribute('data-up')).toBe('false');
      // The samples piling up on board while the link is down, as the agent counts them.
      await waitFor(async () => {
        const shown = Number((await text(page, '#link-backlog'))?.replace(/\s/g, ''));
        return shown >= 8 && shown === agent.backlog();
      }, 20_000, 'the backlog on screen to grow with the agent’s');
      const sync = (await text(page, '#link-sync'))!.match(/^il y a (\d+) s$/);
      expect(Number(sync?.[1])).toBeGreaterThanOrEqual(4);
    } finally {
      await shore.stop();
    }
  });

  it('raises a low state-of-charge alarm when it crosses the threshold, and clears it once acknowledged', async () => {
    const source = new ChosenReadings(TOWING_ON_BATTERY);
    const { page } = await openDisplay(source);
    await until(page, '#soc', '82');
    expect(await page.locator('#alarm-list li').count()).toBe(0);
    expect(await page.locator('#no-alarm').isVisible()).toBe(true);

    source.set({ 'electrical.batteries.main.capacity.stateOfCharge': 0.27 });
    const alarm = page.locator('#alarm-list li[data-kind="battery-low"]');
    await alarm.waitFor({ timeout: 15_000 });
    expect(await alarm.getAttribute('data-state')).toBe('active');
    expect(await alarm.locator('.text').textContent()).toBe('Batterie main faible : 27 % (seuil 30 %)');

    await alarm.locator('button.ack').click();
    await waitFor(async () => (await alarm.getAttribute('data-state')) === 'acknowledged', 15_000, 'acknowledged');
    expect(await alarm.locator('button.ack').count()).toBe(0);

    source.set({ 'electrical.batteries.main.capacity.stateOfCharge': 0.6 });
    await waitFor(async () => (await page.locator('#alarm-list li').count()) === 0, 15_000, 'the alarm to clear');
    expect(await page.locator('#no-alarm').isVisible()).toBe(true);
  });

  it('never hides an alarm still to acknowledge: beyond three rows it is counted, and moves up as others are acknowledged', async () => {
    const source = new ChosenReadings(TOWING_ON_BATTERY);
    const { page } = await openDisplay(source);
    await until(page, '#soc', '82');
    source.set({ 'electrical.batteries.main.capacity.stateOfCharge': 0.27, 'electrical.batteries.main.temperature': 323.15 });
    source.silence('electrical.loads.winch.power', 'electrical.solar.main.panelPower');
    const rows = page.locator('#alarm-list li.alarm');
    await until(page, '#alarm-list li.more', '+ 1 autre alarme, affichée dès que celles-ci sont acquittées', 'the fourth alarm counted');
    expect(await rows.count()).toBe(3);
    expect(await page.locator('#alarm-list li.alarm button.ack').count()).toBe(3);
    const shown = await rows.evaluateAll((li) => li.map((x) => (x as HTMLElement).dataset.id));

    await rows.first().locator('button.ack').click();
    await waitFor(async () => {
      const now = await rows.evaluateAll((li) => li.map((x) => (x as HTMLElement).dataset.id));
      return now.some((id) => !shown.includes(id));
    }, 15_000, 'the fourth alarm to move up');
    expect(await page.locator('#alarm-list li.alarm button.ack').count()).toBe(3);
    expect(await page.locator('#alarm-list li.alarm[data-state="acknowledged"]').count()).toBe(0);
  });

  it('switches to night mode (dark, red, no white) and to English at a touch, and remembers both', async () => {
    const source = new ChosenReadings(TOWING_ON_BATTERY);
    const { page } = await openDisplay(source);
    await until(page, '#soc', '82');
    const colours = () => page.evaluate(() => {
      const style = getComputedStyle(document.body);
      const soc = getComputedStyle(document.getElementById('soc')!);
      return { background: style.backgroundColor, text: soc.color };
    });
    expect(await colours()).toEqual({ background: 'rgb(255, 255, 255)', text: 'rgb(0, 0, 0)' });

    await page.click('#theme-toggle');
    const night = await colours();
    expect(night.background).toBe('rgb(0, 0, 0)');
    const [r, g, b] = night.text.match(/\d+/g)!.map(Number) as [number, number, number];
    expect(r).toBeGreaterThan(100);
    expect(g + b).toBeLessThan(r / 2);
    expect(await text(page, '#theme-toggle')).toBe('JOUR');

    await page.click('#lang-toggle');
    await until(page, '#bat-power-label', 'Discharging');
    expect(await text(page, '#bat-power')).toBe('351.0');
    expect(await text(page, '#phase')).toBe('FISHING');
    expect(await text(page, '#no-alarm')).toBe('No alarm');

    await page.reload();
    await until(page, '#soc', '82');
    expect(await page.evaluate(() => document.body.classList.contains('night'))).toBe(true);
    expect(await text(page, '#bat-power-label')).toBe('Discharging');
  });

  it('draws everything in night mode in red on black, nothing white, blue or green, alarms included', async () => {
    const page = await withActiveAlarm();
    await page.click('#theme-toggle');
    const colours = await page.evaluate(() => {
      const seen = new Set<string>();
      for (const node of document.querySelectorAll('body, body *')) {
        const style = getComputedStyle(node);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        for (const c of [style.color, style.backgroundColor, style.borderTopColor, style.fill, style.stroke, style.outlineColor]) {
          if (c.startsWith('rgb')) seen.add(c);
        }
      }
      return [...seen];
    });
    expect(colours.length).toBeGreaterThan(5);
    for (const colour of colours) {
      const [r, g, b, a = 1] = colour.match(/[\d.]+/g)!.map(Number) as [number, number, number, number?];
      if (a === 0) continue;
      // Red only: green and blue are what night vision is most sensitive to.
      expect(g + b, colour).toBeLessThanOrEqual(Math.max(8, r / 2));
      expect(r, colour).toBeLessThanOrEqual(230);
    }
  });

  it('draws every text in day mode at a contrast of at least 7:1 against what lies behind it, alarms included', async () => {
    const page = await withActiveAlarm();
    const contrasts = await page.evaluate(() => {
      const rgba = (c: string) => c.match(/[\d.]+/g)!.map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const lin = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
      };
      const behind = (node: Element | null): number[] => {
        for (let n = node; n; n = n.parentElement) {
          const c = rgba(getComputedStyle(n).backgroundColor);
          if ((c[3] ?? 1) > 0) return c;
        }
        return [255, 255, 255];
      };
      const seen: Array<{ what: string; ratio: number }> = [];
      for (const node of document.querySelectorAll('body *')) {
        const own = [...node.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent!.trim() !== '');
        const style = getComputedStyle(node);
        if (!own || style.display === 'none' || style.visibility === 'hidden' || (node as HTMLElement).offsetParent === null) continue;
        const [fg, bg] = [luminance(rgba(style.color)), luminance(behind(node))];
        seen.push({ what: `${node.tagName.toLowerCase()}#${node.id}.${node.className} "${node.textContent!.trim().slice(0, 20)}"`,
          ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) });
      }
      return seen;
    });
    expect(contrasts.length).toBeGreaterThan(30);
    const weakest = contrasts.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    console.log(`day mode: ${contrasts.length} texts, weakest contrast ${weakest.ratio.toFixed(1)}:1 (${weakest.what})`);
    for (const { what, ratio } of contrasts) expect(ratio, what).toBeGreaterThanOrEqual(7);
  });

  it('shows a silent device as stale, never as a frozen number, and raises it as an alarm', async () => {
    const source = new ChosenReadings(TOWING_ON_BATTERY);
    const { page } = await openDisplay(source);
    await until(page, '#bat-temp', '31,4');
    source.silence('electrical.batteries.main.temperature', 'electrical.loads.winch.power');
    await until(page, '#bat-temp', '—', 'the battery temperature');
    expect(await page.locator('#bat-temp').getAttribute('data-stale')).toBe('true');
    expect(await flowValue(page, 'winch')).toBe('—');
    expect(await page.locator('.node[data-group="winch"]').getAttribute('data-stale')).toBe('true');
    expect(await text(page, '#soc')).toBe('82');
    // Autonomy needs every flow; with the winch unknown it is not guessed.
    expect(await text(page, '#autonomy-now')).toBe('—');
    await page.locator('#alarm-list li[data-kind="device-silent"]').first().waitFor({ timeout: 15_000 });

    source.set({ 'electrical.batteries.main.temperature': 300.15, 'electrical.loads.winch.power': 140_000 });
    await until(page, '#bat-temp', '27,0');
    expect(await page.locator('#bat-temp').getAttribute('data-stale')).toBe('false');
  });

  it('blanks every figure when the agent stops answering', async () => {
    const { agent, page } = await openDisplay(new ChosenReadings(TOWING_ON_BATTERY));
    await until(page, '#soc', '82');
    running.splice(running.findIndex((r) => r.agent === agent), 1);
    await agent.stop();
    await until(page, '#soc', '—');
    expect(await page.locator('#nodata').isVisible()).toBe(true);
    expect(await flowValue(page, 'propulsion')).toBe('—');
    await page.close();
  });

  it('weighs under 300 kB for a whole page load, every response counted, and asks nothing of any other host', async () => {
    const { agent } = await openDisplay(new ChosenReadings(TOWING_ON_BATTERY));
    const page = await browser.newPage();
    running.push({ agent, page });
    const sizes: Promise<number>[] = [];
    // Every request the page makes, including any the browser refuses or that fails: none may leave the agent.
    const urls: string[] = [];
    const failed: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    page.on('requestfailed', (request) => failed.push(request.url()));
    page.on('requestfinished', (request) => {
      sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
    });
    await page.goto(agent.displayUrl!, { waitUntil: 'networkidle' });
    await until(page, '#soc', '82');
    const total = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    console.log(`skipper display page weight: ${total} bytes in ${sizes.length} responses`);
    expect(urls.filter((u) => !u.startsWith(agent.displayUrl!) && !u.startsWith('data:'))).toEqual([]);
    expect(failed).toEqual([]);
    expect(total).toBeGreaterThan(10_000);
    expect(total).toBeLessThan(300 * 1024);
  });

  it('keeps the same number of page elements however many updates arrive', async () => {
    const source = new ChosenReadings(TOWING_ON_BATTERY);
    const { page } = await openDisplay(source, { pushIntervalMs: 20 });
    await until(page, '#soc', '82');
    source.set({ 'electrical.batteries.main.capacity.stateOfCharge': 0.25 });
    await page.locator('#alarm-list li').first().waitFor({ timeout: 15_000 });
    const count = () => page.evaluate(() => document.getElementsByTagName('*').length);
    const before = await count();
    await page.waitForTimeout(3000);
    expect(await count()).toBe(before);
  });
});

/**
 * Sizes as Chromium lays the page out on a 10-inch 1280 × 800 tablet, in CSS px. SVG text is scaled by its
 * viewBox, so its size is the font size times the scale the diagram is drawn at.
 */
function renderedSizes(page: Page, selector: string) {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)].map((node) => {
    const px = parseFloat(getComputedStyle(node).fontSize);
    const scale = node instanceof SVGElement ? node.ownerSVGElement!.getScreenCTM()!.a : 1;
    const box = node.getBoundingClientRect();
    return { font: px * scale, width: box.width, height: box.height, text: node.textContent ?? '' };
  }), selector);
}

/** An alarm row on screen, so that its text and its acknowledge button are measured too. */
async function withActiveAlarm() {
  const source = new ChosenReadings(TOWING_ON_BATTERY);
  const { page } = await openDisplay(source);
  await until(page, '#soc', '82');
  source.set({ 'electrical.batteries.main.capacity.stateOfCharge': 0.27 });
  await page.locator('#alarm-list li[data-kind="battery-low"] button.ack').waitFor({ timeout: 15_000 });
  return page;
}

describe('readable from two metres on a 10-inch tablet (1280 × 800)', () => {
  const MAIN_PX = 48;
  const SECONDARY_PX = 20;
  const LABEL_PX = 16;
  const TOUCH_PX = 44;

  it('draws the state of charge and both autonomies at least 48 px high', async () => {
    const page = await withActiveAlarm();
    const measured: string[] = [];
    for (const selector of ['#soc', '#autonomy-now', '#autonomy-trip']) {
      const [size] = await renderedSizes(page, selector);
      measured.push(`${selector} ${size!.font.toFixed(1)}`);
      expect(size!.font, selector).toBeGreaterThanOrEqual(MAIN_PX);
    }
    console.log(`main figures (px): ${measured.join(', ')}`);
  });

  it('draws every other value at least 20 px high, and every label at least 16 px', async () => {
    const page = await withActiveAlarm();
    const values = ['#bat-power', '#bat-temp', '#speed', '#fuel-rate', '#mode', '#phase', '#clock', '.node .value',
      '#totals-body td.num', '#link-state', '#link-sync', '#link-backlog', '.alarm .text'];
    const labels = ['h2', '.pairs dt', '.node .label', '.totals th', '.totals td.unit', '.unit', 'footer.link span',
      '#no-alarm'];
    const measured: string[] = [];
    for (const [selectors, min] of [[values, SECONDARY_PX], [labels, LABEL_PX]] as const) {
      for (const selector of selectors) {
        const sizes = await renderedSizes(page, selector);
        expect(sizes.length, selector).toBeGreaterThan(0);
        const smallest = Math.min(...sizes.map((s) => s.font));
        measured.push(`${selector} ${smallest.toFixed(1)}`);
        expect(smallest, selector).toBeGreaterThanOrEqual(min);
      }
    }
    console.log(`smallest of each (px): ${measured.join(', ')}`);
  });

  it('gives every button a touch target of at least 44 × 44 px', async () => {
    const page = await withActiveAlarm();
    const buttons = await renderedSizes(page, 'button');
    expect(buttons.map((b) => b.text)).toEqual(['NUIT', 'EN', 'ACQUITTER']);
    console.log(`buttons (px): ${buttons.map((b) => `${b.text} ${Math.round(b.width)} × ${Math.round(b.height)}`).join(', ')}`);
    for (const b of buttons) expect(Math.min(b.width, b.height), b.text).toBeGreaterThanOrEqual(TOUCH_PX);
  });

  it('fits the whole display on the screen, no word cut off or running into the next cell, in French and English', async () => {
    const page = await withActiveAlarm();
    const overflowing = () => page.evaluate(() => {
      const cut: string[] = [];
      const root = document.documentElement;
      if (root.scrollWidth > root.clientWidth || root.scrollHeight > root.clientHeight) cut.push('page');
      for (const node of document.querySelectorAll('.panel, .totals th, .totals td, .pairs dt, .pairs dd, header.bar > *, footer.link')) {
        if (node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1) cut.push(node.textContent!.trim().slice(0, 40));
      }
      for (const box of document.querySelectorAll<SVGGElement>('.node')) {
        const frame = box.querySelector('rect')!.getBBox();
        for (const words of box.querySelectorAll('text')) {
          const b = words.getBBox();
          if (b.x < frame.x || b.x + b.width > frame.x + frame.width) cut.push(words.textContent!);
        }
      }
      return cut;
    });
    expect(await overflowing()).toEqual([]);
    await page.click('#lang-toggle');
    await until(page, '#no-alarm', 'No alarm');
    expect(await overflowing()).toEqual([]);
  });
});

/** The rows of the totals table, top to bottom. */
const TOTALS_ROWS = [...SOURCE_GROUPS, 'fuelUsed', 'fuelSaved', 'fuelSavedPct', 'generatorHours'] as const;
type TotalsRow = (typeof TOTALS_ROWS)[number];

/**
 * An agent with La Frégate's profile on a simulated trip replayed from `hoursAgo` to now, its display open. Once
 * caught up the vessel stops answering, so that the figures on screen hold still for the comparison. Returns the
 * samples the agent took, every one still pending in its outbox (a batch would need 10 000, or a day).
 */
async function replayedTotals(seed: number, hoursAgo: number) {
  const { simulatedVessel } = await import('../../../cli/simulated-vessel.ts');
  const sim = simulatedVessel({ seed, speedup: 600, startHoursAgo: hoursAgo });
  let frozen = false;
  const source = { name: sim.source.name, start: () => sim.source.start(), stop: () => sim.source.stop(),
    read: (t: number) => (frozen ? {} : sim.source.read(t)) };
  const tmp = tempDir();
  const outboxPath = `${tmp.dir}/outbox.db`;
  const agent = new EdgeAgent({
    config: { vessel: 'fregate', profile: 'la-fregate', mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` },
      outbox: { path: outboxPath, batchSamples: 10_000, batchMaxAgeMs: 86_400_000 }, display: { port: await freePort(), pushIntervalMs: 100 } },
    sources: [source],
    clock: sim.clock,
  });
  await agent.start();
  const page = await browser.newPage();
  running.push({ agent, page });
  await page.goto(agent.displayUrl!);
  // The agent's own newest sample, not the clock: on a loaded machine the sampler trails the catch-up clock, and
  // freezing the vessel on the clock's word would cut the replay short of the present (and of a midnight in it).
  await waitFor(() => (agent.latest?.t ?? 0) >= Date.now() - 2000, 150_000, 'the simulated trip to be replayed');
  frozen = true;
  const cell = (row: TotalsRow, column: 'today' | 'trip') =>
    page.locator('#totals-body tr').nth(TOTALS_ROWS.indexOf(row)).locator('td').nth(column === 'today' ? 1 : 2);
  const shown = async () => `${await cell('fuelSaved', 'today').textContent()}|${await cell('fuelSavedPct', 'today').textContent()}|`
    + `${await cell('fuelSaved', 'trip').textContent()}|${await cell('fuelSavedPct', 'trip').textContent()}`;
  let last = '';
  await waitFor(async () => {
    const now = await shown();
    const still = now === last;
    last = now;
    return still;
  }, 15_000, 'the figures to hold still');

  const db = new Database(outboxPath, { readonly: true });
  const samples = (db.prepare('SELECT t, v FROM samples ORDER BY t').all() as { t: number; v: string }[])
    .map((r) => ({ t: r.t, v: JSON.parse(r.v) }) as TelemetrySample);
  db.close();
  tmp.remove();
  return { page, samples, cell };
}

const fr = (x: number) => new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);

describe('today and this trip, on the skipper display', () => {
  it('shows energy per source, fuel used and generator hours added up over the very samples the agent took', async () => {
    const { samples, cell } = await replayedTotals(12, 1);
    const totals = new TripTotals();
    for (const sample of samples) totals.observe(sample);
    const trip = totals.tripTotals()!;
    // A trip with the generators running, so that a blank or zero column could not pass.
    expect(trip.fuelM3 * 1000).toBeGreaterThan(1);
    expect(trip.energyJ.generators).toBeGreaterThan(0);
    for (const [column, period] of [['today', totals.todayTotals()!], ['trip', trip]] as const) {
      for (const source of SOURCE_GROUPS) {
        expect(await cell(source, column).textContent(), `${source} ${column}`).toBe(fr(period.energyJ[source] / 3.6e6));
      }
      expect(await cell('fuelUsed', column).textContent(), column).toBe(fr(period.fuelM3 * 1000));
      const minutes = Math.floor(period.generatorSeconds / 60);
      expect(await cell('generatorHours', column).textContent(), column).toBe(`${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`);
    }
  });
});

describe('fuel saved against the diesel baseline, on the skipper display', () => {
  it('shows the savings engine’s estimate over the very samples the agent took, in L and %', async () => {
    const { estimateLiveSavings } = await import('../../../shared/savings/live-estimate.ts');
    const { resolveVesselProfile } = await import('../../../shared/profile/load-profile.ts');
    const { page, samples, cell } = await replayedTotals(11, 1);
    expect(samples.length).toBeGreaterThan(300);
    const expected = estimateLiveSavings(resolveVesselProfile('la-fregate'), samples);
    expect(expected.savedFraction).not.toBeNull();
    expect(await cell('fuelSaved', 'trip').textContent()).toBe(fr(expected.fuelSavedL));
    expect(await cell('fuelSavedPct', 'trip').textContent()).toBe(fr(expected.savedFraction! * 100));
    expect(await page.locator('#savings-note').isVisible()).toBe(false);
  });

  it('shows today’s part of it, from the vessel’s local midnight, beside the trip’s', async () => {
    const { LiveSavings } = await import('../../../shared/savings/live-estimate.ts');
    const { resolveVesselProfile } = await import('../../../shared/profile/load-profile.ts');
    // A time zone whose midnight fell 20 to 80 minutes ago, so that the replayed trip runs through it.
    const midnight = Math.floor((Date.now() - 20 * 60_000) / 3_600_000) * 3_600_000;
    const h = new Date(midnight).getUTCHours();
    const offset = h <= 12 ? -h : 24 - h;
    const zone = offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
    const tz = process.env.TZ;
    process.env.TZ = zone;
    try {
      expect(new Date(midnight).getHours()).toBe(0);
      // 2.7 hours back (the outbox's 10 000 samples, read whole below): the trip casts off 30 to 75 minutes in, so it
      // is at sea before a midnight 20 to 80 minutes ago; time alongside counts for nothing.
      const { cell, samples } = await replayedTotals(11, 2.7);
      // Today's is what the trip's estimate grew by since midnight.
      const estimate = new LiveSavings(resolveVesselProfile('la-fregate'));
      for (const sample of samples.filter((x) => x.t < midnight)) estimate.add(sample);
      const atMidnight = estimate.estimate();
      for (const sample of samples.filter((x) => x.t >= midnight)) estimate.add(sample);
      const now = estimate.estimate();
      expect(now.tripStart).toBe(atMidnight.tripStart);
      // At sea before midnight (time alongside counts for nothing), with enough saved or lost by then (the battery's
      // change valued as fuel) that today's figure, to the display's tenth of a litre, cannot read as the trip's.
      expect(atMidnight.baselineL).toBeGreaterThan(5);
      expect(Math.abs(atMidnight.fuelSavedL)).toBeGreaterThan(0.1);
      const savedL = now.fuelSavedL - atMidnight.fuelSavedL;
      expect(await cell('fuelSaved', 'today').textContent()).toBe(fr(savedL));
      expect(await cell('fuelSavedPct', 'today').textContent()).toBe(fr((savedL / (now.baselineL - atMidnight.baselineL)) * 100));
      expect(await cell('fuelSaved', 'trip').textContent()).toBe(fr(now.fuelSavedL));
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  }, 240_000);

  it('says why the figure is missing when no vessel profile is configured, in French then English', async () => {
    const { page } = await openDisplay(new ChosenReadings(TOWING_ON_BATTERY));
    await until(page, '#soc', '82');
    expect(await text(page, '#savings-note')).toBe('Gazole économisé non estimé : profil du navire non configuré');
    expect(await page.locator('#totals-body tr').nth(7).locator('td').nth(2).textContent()).toBe('—');
    await page.click('#lang-toggle');
    await until(page, '#savings-note', 'Fuel saved not estimated: vessel profile not configured');
  });
});
