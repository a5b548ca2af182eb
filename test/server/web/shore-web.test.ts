import mqtt from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicFor } from '../../../shared/wire/topics.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { waitFor } from '../../helpers/wait.ts';
import { launchChromium, openPage } from './browser.ts';
import { startShoreWithTrip, type ShoreWithTrip } from './simulated-shore.ts';

interface SeriesAnswer { from: number; to: number; step: number; series: Record<string, { t: number[]; mean: (number | null)[] }> }
interface FleetAnswer { vessels: { id: string; online: boolean; stateOfCharge: number | null; openAlarms: { id: string }[] }[] }

/** The shore web in real Chromium against a real shore holding a simulated trip of La Frégate. */
describe('the engineers\' pages', () => {
  let shore: ShoreWithTrip;
  let browser: Browser;

  // Four hours of La Frégate's seed-7 trip reach its first tow (port 1 h, steaming 1 h 42 min, shooting).
  beforeAll(async () => {
    shore = await startShoreWithTrip({ hoursAgo: 4, speedup: 1500, settle: true });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await shore?.stop();
  });

  it('lists the fleet with the state of charge, mode and fuel saved today the API gives', async () => {
    const fleet = await shore.get<FleetAnswer & { vessels: { fuelSavedToday: { value: number } | null }[] }>('/api/fleet');
    const page = await openPage(browser, `${shore.httpUrl}/ui/#/`);
    const row = page.locator('tr[data-vessel="fregate"]');
    await expect(row.textContent()).resolves.toContain('La Frégate');
    const soc = fleet.vessels[0]!.stateOfCharge!;
    expect(await row.locator('[data-key="soc"]').textContent()).toContain(`${Math.round(soc * 100)} %`);
    const saved = fleet.vessels[0]!.fuelSavedToday!.value;
    expect(await row.locator('[data-key="saved-today"]').textContent()).toContain(`${Math.round(saved).toLocaleString('en-GB')} L`);
    await page.close();
  });

  it('charts the chosen signals with exactly the API\'s downsampled series, converted for display', async () => {
    const page = await openPage(browser, `${shore.httpUrl}/ui/#/vessel/fregate?paths=electrical.batteries.main.power,propulsion.main.power,navigation.speedThroughWater&span=14400000`);
    const charts = await page.evaluate(() => [...document.querySelectorAll<HTMLElement & { uplot?: { data: (number | null)[][]; series: { label: string }[] } }>('.chart-box')]
      .map((box) => ({ unit: box.dataset.unit, labels: box.uplot!.series.slice(1).map((s) => s.label), data: box.uplot!.data })));
    expect(charts.map((c) => c.unit).sort()).toEqual(['W', 'm/s']);
    const csvHref = await page.locator('.chart-head a.csv').first().getAttribute('href');
    const q = new URL(csvHref!, shore.httpUrl).searchParams;
    const api = await shore.get<SeriesAnswer>(`/api/vessels/fregate/series?paths=electrical.batteries.main.power,propulsion.main.power,navigation.speedThroughWater&from=${q.get('from')}&to=${q.get('to')}`);
    const kw = charts.find((c) => c.unit === 'W')!;
    expect(kw.labels).toEqual(['electrical.batteries.main.power', 'propulsion.main.power']);
    const propulsion = api.series['propulsion.main.power']!;
    expect(propulsion.t.length).toBeGreaterThan(100);
    expect(kw.data[0]).toEqual(propulsion.t.map((t) => t / 1000));
    kw.data[2]!.forEach((v, k) => expect(v! * 1000).toBeCloseTo(propulsion.mean[k]!, 6));
    const knots = charts.find((c) => c.unit === 'm/s')!;
    knots.data[1]!.forEach((v, k) => expect(v! * 1852 / 3600).toBeCloseTo(api.series['navigation.speedThroughWater']!.mean[k]!, 9));
    await page.close();
  });

  it('zooms by dragging: the server downsamples the narrower range into finer buckets', async () => {
    const page = await openPage(browser, `${shore.httpUrl}/ui/#/vessel/fregate?paths=propulsion.main.power&span=14400000`);
    const before = await page.evaluate(() => (document.querySelector('.chart-box') as HTMLElement & { uplot: { data: number[][] } }).uplot.data[0]!);
    const over = page.locator('.chart-box .u-over');
    const box = (await over.boundingBox())!;
    const answer = page.waitForResponse((r) => r.url().includes('/series?'));
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const zoomed = (await (await answer).json()) as SeriesAnswer;
    await page.waitForFunction((n) => (document.querySelector('.chart-box') as HTMLElement & { uplot?: { data: number[][] } } | null)?.uplot?.data[0]?.length !== n, before.length);
    const step = (before[1]! - before[0]!) * 1000;
    expect(zoomed.step).toBeLessThan(step);
    expect(zoomed.to - zoomed.from).toBeLessThan((before.at(-1)! - before[0]!) * 1000 * 0.3);
    expect(page.url()).toContain(`from=`);
    await page.close();
  });

  it('exports a chart\'s data as CSV holding the same buckets as the API', async () => {
    const page = await openPage(browser, `${shore.httpUrl}/ui/#/vessel/fregate?paths=electrical.batteries.main.capacity.stateOfCharge&span=14400000`);
    const href = (await page.locator('.chart-head a.csv').getAttribute('href'))!;
    const csv = await shore.get<string>(href);
    const q = new URL(href, shore.httpUrl).searchParams;
    const api = await shore.get<SeriesAnswer>(`/api/vessels/fregate/series?paths=electrical.batteries.main.capacity.stateOfCharge&from=${q.get('from')}&to=${q.get('to')}&step=${q.get('step')}`);
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toBe('time_utc,epoch_ms,electrical.batteries.main.capacity.stateOfCharge.mean [ratio],electrical.batteries.main.capacity.stateOfCharge.min [ratio],electrical.batteries.main.capacity.stateOfCharge.max [ratio],electrical.batteries.main.capacity.stateOfCharge.count');
    const soc = api.series['electrical.batteries.main.capacity.stateOfCharge']!;
    expect(rows.map((r) => Number(r.split(',')[1]))).toEqual(soc.t);
    expect(rows.map((r) => Number(r.split(',')[2]))).toEqual(soc.mean);
    await page.close();
  });

  it('shows the current trip\'s phases on a timeline and the track as positions', async () => {
    const trip = await shore.get<{ phases: { phase: string }[] }>(`/api/trips/${shore.tripId}`);
    const page = await openPage(browser, `${shore.httpUrl}/ui/#/vessel/fregate?paths=propulsion.main.power&span=14400000`);
    expect(await page.locator('.timeline-bar rect').evaluateAll((r) => r.map((x) => x.getAttribute('data-phase')))).toEqual(trip.phases.map((p) => p.phase));
    expect(trip.phases.map((p) => p.phase)).toEqual(expect.arrayContaining(['port', 'steaming', 'towing']));
    const route = (await page.locator('svg.track path.route').getAttribute('d'))!;
    expect(route.split('L').length).toBeGreaterThan(100);
    await page.close();
  });

  it('lists the trips and details one with its figures from the savings engine', async () => {
    const trip = await shore.get<{ fuel: { actualL: number; fraction: { value: number } }; energyByPhase: Record<string, unknown> }>(`/api/trips/${shore.tripId}`);
    const list = await openPage(browser, `${shore.httpUrl}/ui/#/trips`);
    expect(await list.locator(`tr[data-trip="${shore.tripId}"] [data-key="fraction"]`).textContent()).toContain(`${(100 * trip.fuel.fraction.value).toFixed(1)} %`);
    await list.close();
    const detail = await openPage(browser, `${shore.httpUrl}/ui/#/trip/${shore.tripId}`);
    expect(await detail.locator('[data-key="actualL"]').textContent()).toBe(`${Math.round(trip.fuel.actualL).toLocaleString('en-GB')} L`);
    expect(await detail.locator('section:has(h2:text("Energy balance by phase")) tbody tr').count()).toBe(Object.keys(trip.energyByPhase).length);
    await detail.close();
  });

  it('shows rejected messages by reason, as counted, and the dead letters kept', async () => {
    const client = await mqtt.connectAsync(shore.server.mqttUrl);
    await client.publishAsync(topicFor(asVesselId('fregate'), 'telemetry'), '{"seq": 1, "samples": [', { qos: 1 });
    await client.publishAsync(topicFor(asVesselId('fregate'), 'telemetry'),
      JSON.stringify({ seq: 9_000_000, samples: [{ t: Date.now(), v: { 'electrical.batteries.main.capacity.stateOfCharge': 7 } }] }), { qos: 1 });
    await client.endAsync();
    await waitFor(async () => (await shore.get<string>('/metrics')).includes('sillage_ingest_rejected_total{reason="out-of-range"} 1'), 10_000, 'the rejections counted');
    const page = await openPage(browser, `${shore.httpUrl}/ui/#/quality`);
    const rejected = await page.locator('section:has(h2:text("Rejected since start")) tbody tr').evaluateAll((rows) =>
      Object.fromEntries(rows.map((r) => [r.getAttribute('data-reason'), Number(r.children[1]!.textContent)])));
    expect(rejected).toMatchObject({ 'invalid-json': 1, 'out-of-range': 1, 'unknown-path': 0 });
    const kept = await page.locator('section:has(h2:text("Dead letters kept")) tbody tr').allTextContents();
    expect(kept.some((r) => r.includes('out of range'))).toBe(true);
    expect(await page.locator('section:has(h2:text("Gaps per signal")) tr[data-path]').count()).toBeGreaterThan(30);
    await page.close();
  });

  it('shows an alarm from the edge as it arrives, in the history and among the open alarms', async () => {
    const page = await openPage(browser, `${shore.httpUrl}/ui/#/events`);
    const client = await mqtt.connectAsync(shore.server.mqttUrl);
    const t = Date.now();
    await client.publishAsync(topicFor(asVesselId('fregate'), 'events'), JSON.stringify({
      t, kind: 'alarm.raised', detail: { id: 'battery-over-temperature:main', alarm: 'battery-over-temperature', subject: 'main', severity: 'alarm', value: 333, threshold: 328, since: t },
    }), { qos: 1 });
    await client.endAsync();
    await page.locator('table.events tr[data-kind="alarm.raised"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('table.events tr[data-kind="alarm.raised"]').first().textContent()).toContain('battery over temperature main');
    await page.close();
    const fleet = await shore.get<FleetAnswer>('/api/fleet');
    expect(fleet.vessels[0]!.openAlarms.map((a) => a.id)).toEqual(['battery-over-temperature:main']);
    const history = await shore.get<{ events: { kind: string; t: number }[] }>('/api/events?vessel=fregate&kind=alarm.');
    expect(history.events[0]).toMatchObject({ kind: 'alarm.raised', t });
  });

  it('documents the API at /docs, with the query parameters of the series and the reports', async () => {
    const doc = await shore.get<{ paths: Record<string, Record<string, { parameters?: { name: string }[] }>> }>('/docs/json');
    for (const path of ['/api/fleet', '/api/vessels/{id}/series', '/api/reports', '/api/quality', '/api/trips/{id}', '/api/savings', '/api/health']) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(doc.paths['/api/vessels/{id}/series']!.get!.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['paths', 'from', 'to', 'step', 'id']));
    const page = await browser.newPage();
    await page.goto(`${shore.httpUrl}/docs`);
    await page.locator('.opblock-summary-path', { hasText: '/api/reports' }).first().waitFor({ timeout: 15_000 });
    await page.close();
  });
});
