import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceReport } from '../../../server/reports/build-report.ts';
import { figuresOf } from '../../../server/reports/figures.ts';
import type { SignalPath } from '../../../shared/registry/index.ts';
import type { AggregateSavings } from '../../../shared/savings/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { launchChromium } from '../web/browser.ts';
import { startShoreWithTrip, type ShoreWithTrip } from '../web/simulated-shore.ts';
import { jsonValue } from './report-values.ts';
import { sillage } from '../../helpers/sillage-cli.ts';

describe('evidence reports of a simulated trip', () => {
  let shore: ShoreWithTrip;
  let browser: Browser;
  let json: EvidenceReport;
  let configFile: string;
  const query = () => `scope=trip&trip=${shore.tripId}`;

  beforeAll(async () => {
    shore = await startShoreWithTrip({ hoursAgo: 3, speedup: 1500, settle: true });
    browser = await launchChromium();
    json = await shore.get<EvidenceReport>(`/api/reports?${query()}&format=json`);
    configFile = join(shore.dataDir, 'server.json');
    writeFileSync(configFile, JSON.stringify({ ...shore.config, http: undefined, mqtt: undefined }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await shore?.stop();
  });

  it('states the savings engine\'s figures: the trip\'s, and the same aggregate as /api/savings', async () => {
    const trip = await shore.get<{ savings: { fuel: { savedL: unknown; fraction: unknown; actualL: number } } }>(`/api/trips/${shore.tripId}`);
    expect(json.trips).toHaveLength(1);
    expect(json.trips[0]!.savedL).toEqual(trip.savings.fuel.savedL);
    expect(json.trips[0]!.fraction).toEqual(trip.savings.fuel.fraction);
    const start = Date.parse(json.trips[0]!.start);
    const api = await shore.get<{ total: AggregateSavings }>(`/api/savings?vessel=fregate&from=${start}&to=${start + 1}`);
    expect(json.savings).toEqual(api.total);
    expect(json.savings.included).toBe(1);
    expect(json.savings.fuel.fraction.low).toBeLessThan(json.savings.fuel.fraction.value);
    // Each métier the trips were recognised as is weighed against its own claim; an unrecognised one has none.
    expect(json.claims.map((c) => c.metier)).toEqual(Object.keys(json.byMetier).filter((m) => m !== 'unknown'));
    for (const c of json.claims) {
      expect(c).toMatchObject({ low: 0.15, high: 0.21 });
      expect(['within', 'overlaps', 'below', 'above']).toContain(c.verdict);
    }
    expect(json.energy.sources.find((s) => s.source === 'generator gen1')!.kWh).toBeGreaterThan(0);
    expect(json.comfort.noise.map((n) => n.mode)).toEqual(['alongside', 'battery-only', 'generators-running']);
    expect(json.coverage.shareAtSea).toBeGreaterThan(0.9);
  });

  it('carries a reproducibility block: window, version, parameters and the digest of the trip\'s telemetry', () => {
    const r = json.reproducibility;
    expect(r.vessels).toEqual(['fregate']);
    expect(r.dataWindow.from).toBe(Date.parse(json.trips[0]!.start));
    expect(r.dataWindow.to).toBe(Date.parse(json.trips[0]!.end) + 1);
    expect(r.softwareVersion).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')).version);
    expect(r.input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.input.samples).toBeGreaterThan(3 * 3600 * 0.9);
    expect(json.baseline.vessels.fregate?.conventional.mainEngine.ratedPower).toBeGreaterThan(0);
  });

  it('gives the same numbers in CSV as in JSON, at full precision', async () => {
    const csv = await shore.get<string>(`/api/reports?${query()}&format=csv&lang=en`);
    const rows = new Map(csv.trim().split('\n').slice(1).map((line) => {
      const [section, key, value, low, high] = line.split(',');
      return [`${section}|${key}`, { value, low, high }];
    }));
    const savings = figuresOf(json.savings, '').filter((f) => typeof f.value === 'number');
    expect(savings.length).toBeGreaterThan(10);
    for (const f of savings) {
      const row = rows.get(`savings|${f.key}`)!;
      expect(Number(row.value), f.key).toBe(f.value);
      if (f.low !== undefined) expect([Number(row.low), Number(row.high)], f.key).toEqual([f.low, f.high]);
    }
    expect(rows.get('reproducibility|input.sha256')!.value).toBe(json.reproducibility.input.sha256);
    expect(Number(rows.get('comfort|generatorOffHoursAtSea')!.value)).toBe(json.comfort.generatorOffHoursAtSea);
  });

  it('gives the same numbers in the HTML, and prints on A4 pages', async () => {
    const page = await browser.newPage();
    await page.goto(`${shore.httpUrl}/api/reports?${query()}&format=html`);
    const figures = await page.locator('[data-key][data-value]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-key')!, e.getAttribute('data-value')!] as const));
    expect(figures.length).toBeGreaterThan(40);
    for (const [key, value] of figures) {
      const expected = jsonValue(json, key);
      expect(typeof expected === 'number' ? Number(value) : value, key).toBe(expected);
    }
    const intervals = await page.locator('[data-low]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-key')!.replace(/\.interval$/, ''), Number(e.getAttribute('data-low')), Number(e.getAttribute('data-high'))] as const));
    for (const [key, low, high] of intervals) expect([low, high], key).toEqual([(jsonValue(json, key) as { low: number }).low, (jsonValue(json, key) as { high: number }).high]);
    expect(await page.locator('[data-key="savings.fuel.fraction.value"]').first().textContent()).toBe(`${(100 * json.savings.fuel.fraction.value).toFixed(1)} %`);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    // The dossier of one trip: its claim, baseline, assumptions and tornado, emissions, comfort, coverage, calibration…
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(9);
    await page.close();
  });

  it('is produced the same by `sillage report` from the server\'s configuration', async () => {
    const out = join(shore.dataDir, 'report.json');
    const result = await sillage('report', '--config', configFile, '--trip', shore.tripId, '--format', 'json', '--out', out);
    expect(result.code, result.stderr).toBe(0);
    const fromCli = JSON.parse(readFileSync(out, 'utf8')) as EvidenceReport;
    expect({ ...fromCli, generatedAt: null }).toEqual({ ...json, generatedAt: null });
  });

  it('refuses bad flags with one clear line and exit status 2', async () => {
    const both = await sillage('report', '--config', configFile, '--trip', shore.tripId, '--trial');
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe('sillage report: give exactly one scope: --trip ID, --metier CODE, --month YYYY-MM, --from/--to or --trial');
    const month = await sillage('report', '--config', configFile, '--month', '2024-13');
    expect(month.code).toBe(2);
    expect(month.stderr).toContain('YYYY-MM');
  });

  it('--verify says a saved report still matches, in each format, then detects a changed input value', async () => {
    for (const format of ['json', 'csv', 'html']) {
      const file = join(shore.dataDir, `saved.${format}`);
      writeFileSync(file, await shore.get<string>(`/api/reports?${query()}&format=${format}`).then((x) => (typeof x === 'string' ? x : JSON.stringify(x))));
      const ok = await sillage('report', '--config', configFile, '--verify', file);
      expect(ok.code, `${format}: ${ok.stdout}${ok.stderr}`).toBe(0);
      expect(ok.stdout).toContain('The report still matches its data and parameters.');
    }
    // One value of one sample inside the window, rewritten: what an edited or corrupted store looks like.
    const t = json.reproducibility.dataWindow.from + 3_600_000;
    await shore.server.store.write(asVesselId('fregate'), [{ t, v: { ['electrical.batteries.main.capacity.stateOfCharge' as SignalPath]: 0.123 } }]);
    const changed = await sillage('report', '--config', configFile, '--verify', join(shore.dataDir, 'saved.html'));
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^CHANGED input data SHA-256/);
    expect(changed.stdout).toContain('MATCH   baseline parameters');
    expect(changed.stdout).toContain('NO LONGER matches');
  }, 180_000);

  it('--verify names a report of the older format instead of calling its data changed, exit status 2', async () => {
    const file = join(shore.dataDir, 'old-format.json');
    writeFileSync(file, JSON.stringify({ ...json, format: 'sillage-evidence-report/1' }));
    const old = await sillage('report', '--config', configFile, '--verify', file);
    expect(old.code).toBe(2);
    expect(old.stdout).toBe('');
    expect(old.stderr).toContain('the report is of format sillage-evidence-report/1');
  });
});
