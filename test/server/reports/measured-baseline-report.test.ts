import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TripRepository } from '../../../server/analytics/trip-repository.ts';
import type { ServerConfigInput } from '../../../server/config.ts';
import type { EvidenceReport } from '../../../server/reports/build-report.ts';
import { figuresOf } from '../../../server/reports/figures.ts';
import { csvCells } from '../../../server/reports/read-report.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import type { SignalPath } from '../../../shared/registry/index.ts';
import type { Interval } from '../../../shared/savings/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { profile, START } from '../../shared/savings/simulated-trips.ts';
import { saveSeason, simulateSeason, type SimulatedSeason } from '../analytics/conventional-trips.ts';
import { launchChromium, openPage } from '../web/browser.ts';
import { jsonValue } from './report-values.ts';
import { sillage } from '../../helpers/sillage-cli.ts';
import { started } from '../../helpers/started.ts';

const DAY = 86_400_000;
const fregate = asVesselId('fregate');
/** Her sister, with the same trips, but a fuel meter that read 40 % and 160 % of the truth in turn during her reference period. */
const sister = asVesselId('sister');
const faultyMeter = (kg: number, hour: number) => kg * (hour % 2 === 0 ? 0.4 : 1.6);

type Measured = NonNullable<EvidenceReport['measuredBaseline']>[string];

describe('evidence reports with a measured baseline (IPMVP option C)', () => {
  let season: SimulatedSeason;
  let shore: RunningShore;
  let db: Database.Database;
  let config: ServerConfigInput;
  let json: EvidenceReport;
  let browser: Browser | undefined;
  /** The season after the refit: the trips that report against the reference period, not its own. */
  const window = () => `from=${Date.parse(season.reference.to)}&to=${START + 20 * DAY}`;
  const query = () => `scope=period&${window()}`;
  const text = async (path: string) => {
    const res = await fetch(`${shore.httpUrl}${path}`);
    expect(res.status, path).toBe(200);
    return res.text();
  };
  /** The shore's configuration as `sillage report --config` reads it. */
  const writeConfig = () => {
    const file = join(shore.dataDir, 'server.json');
    writeFileSync(file, JSON.stringify({ ...config, dataDir: shore.dataDir }));
    return file;
  };
  const reportingTrips = () => json.trips.filter((t) => t.vessel === fregate);

  beforeAll(async () => {
    season = simulateSeason({ reference: 6, reporting: 3 });
    const vessel = (id: string, name: string) => ({ id, name, profile, conventionalReference: season.reference });
    config = { vessels: [vessel(fregate, 'La Frégate'), vessel(sister, 'La Corvette')] };
    shore = await startShore(config);
    // The trips as the shore's analytics store them, in its own state database (no telemetry: the season is simulated).
    db = openStateDb(join(shore.dataDir, 'server.db'));
    const trips = await started(new TripRepository({ db }));
    saveSeason(trips, fregate, season);
    saveSeason(trips, sister, season, faultyMeter);
    json = await shore.get<EvidenceReport>(`/api/reports?${query()}&format=json`);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    db?.close();
    await shore?.stop();
  });

  it('gives option C beside option D, the same as /api/savings, with the fit\'s statistics and reference window', async () => {
    const api = await shore.get<{ measuredBaseline: Record<string, Measured> }>(`/api/savings?vessel=fregate&${window()}`);
    const m = json.measuredBaseline!.fregate!;
    expect(m).toEqual(api.measuredBaseline.fregate);
    expect(m).toMatchObject({ available: true, reference: { ...season.reference, trips: 6 }, fit: { p: 9, accepted: true } });
    expect(m.available && m.savings).toMatchObject({ trips: 3 });
    expect(json.baseline.measured).toMatchObject({ limits: { cvRmse: 0.3, nmbe: 0.1 }, references: { fregate: season.reference, sister: season.reference } });
    expect(json.savings.included).toBe(6);
  });

  it('gives each trip after the reference period its option-C savings with their interval', () => {
    const reporting = reportingTrips();
    expect(reporting).toHaveLength(3);
    for (const t of reporting) {
      const c = t.optionC!;
      expect(c.savedL!.low).toBeLessThan(c.savedL!.value);
      expect(c.savedL!.high).toBeGreaterThan(c.savedL!.value);
      expect(c.fraction.low).toBeLessThan(c.fraction.value);
      expect(t.savedL).not.toBeNull();
    }
  });

  it('shows a fit that fails Guideline 14 with its statistics and gives no option-C savings', () => {
    const m = json.measuredBaseline!.sister!;
    expect(m).toMatchObject({ available: false, reference: { trips: 6 }, fit: { accepted: false } });
    if (m.available || !('fit' in m)) throw new Error('the sister\'s fit should be stated');
    expect(m.fit.cvRmse).toBeGreaterThan(0.3);
    expect(m.fit.n).toBeGreaterThan(6 * 15);
    expect(m.reason).toMatch(/^fails ASHRAE Guideline 14/);
    expect('savings' in m).toBe(false);
    for (const t of json.trips.filter((x) => x.vessel === sister)) expect(t.optionC).toBeNull();
  });

  it('gives the same option-C figures in CSV as in JSON, at full precision', async () => {
    const rows = new Map((await text(`/api/reports?${query()}&format=csv&lang=en`)).trim().split('\n').slice(1).map((line) => {
      const [section, key, value, low, high] = csvCells(line);
      return [`${section}|${key}`, { value, low, high }];
    }));
    const expected = [
      ...figuresOf(json.measuredBaseline!.fregate, '').map((f) => ({ ...f, section: 'measured baseline fregate' })),
      ...figuresOf(json.measuredBaseline!.sister, '').map((f) => ({ ...f, section: 'measured baseline sister' })),
      ...reportingTrips().flatMap((t) => figuresOf(t.optionC, 'optionC').map((f) => ({ ...f, section: `trip ${t.id}` }))),
    ].filter((f) => typeof f.value === 'number');
    expect(expected.length).toBeGreaterThan(20);
    for (const f of expected) {
      const row = rows.get(`${f.section}|${f.key}`);
      expect(Number(row?.value), `${f.section} ${f.key}`).toBe(f.value);
      if (f.low !== undefined) expect([Number(row!.low), Number(row!.high)], f.key).toEqual([f.low, f.high]);
    }
    expect(rows.get('measured baseline sister|fit.accepted')?.value).toBe('false');
    expect([...rows.keys()].filter((k) => k.startsWith('measured baseline sister|savings'))).toEqual([]);
    expect(rows.get('reproducibility|referenceInputs.0.sha256')?.value).toBe(json.reproducibility.referenceInputs![0]!.sha256);
  });

  it('gives the same option-C figures in the HTML, and the failing fit\'s statistics without savings', async () => {
    const html = await text(`/api/reports?${query()}&format=html`);
    const figures = [...html.matchAll(/data-key="([^"]+)" data-value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as const);
    const optionC = figures.filter(([key]) => key.startsWith('measuredBaseline.') || key.includes('.optionC.'));
    expect(optionC.filter(([key]) => key.includes('.optionC.'))).toHaveLength(6);
    for (const [key, value] of optionC) {
      const expected = jsonValue(json, key);
      expect(typeof expected === 'number' ? Number(value) : value.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))), key)
        .toBe(typeof expected === 'number' ? expected : String(expected));
    }
    const keys = new Set(optionC.map(([key]) => key));
    for (const k of ['savings.savedL.value', 'savings.fraction.value', 'fit.cvRmse', 'fit.nmbe', 'fit.n', 'fit.p', 'fit.accepted']) expect(keys, k).toContain(`measuredBaseline.fregate.${k}`);
    for (const k of ['fit.cvRmse', 'fit.nmbe', 'fit.n', 'fit.accepted', 'reason']) expect(keys, k).toContain(`measuredBaseline.sister.${k}`);
    expect([...keys].filter((k) => k.startsWith('measuredBaseline.sister.savings'))).toEqual([]);
    for (const m of html.matchAll(/data-key="([^"]+)\.interval" data-low="([^"]*)" data-high="([^"]*)"/g)) {
      if (!m[1]!.startsWith('measuredBaseline.') && !m[1]!.includes('.optionC.')) continue;
      const i = jsonValue(json, m[1]!) as Interval;
      expect([Number(m[2]), Number(m[3])], m[1]).toEqual([i.low, i.high]);
    }
  });

  it('gives a trip\'s option-C savings in its detail and on its page, the same as the report', async () => {
    const t = reportingTrips()[0]!;
    const detail = await shore.get<{ measuredSavings: { savedL: Interval; fraction: Interval } | null }>(`/api/trips/${t.id}`);
    expect(detail.measuredSavings).toMatchObject(t.optionC!);
    // The reference period's own trips do not report against the fit made from them.
    const referenceTrip = (await shore.get<{ trips: { id: string; start: string }[] }>('/api/vessels/fregate/trips')).trips.find((x) => x.start < t.start)!;
    expect((await shore.get<{ measuredSavings: unknown }>(`/api/trips/${referenceTrip.id}`)).measuredSavings).toBeNull();
    const sisterTrip = json.trips.find((x) => x.vessel === sister && Date.parse(x.start) === Date.parse(t.start))!;
    expect((await shore.get<{ measuredSavings: unknown }>(`/api/trips/${sisterTrip.id}`)).measuredSavings).toBeNull();

    browser = await launchChromium();
    const page = await openPage(browser, `${shore.httpUrl}/#/trip/${t.id}`);
    expect(await page.locator('[data-key="measuredFraction"]').textContent()).toBe(`${(100 * t.optionC!.fraction.value).toFixed(1)} %`);
    const other = await openPage(browser, `${shore.httpUrl}/#/trip/${sisterTrip.id}`);
    expect(await other.locator('[data-baseline="measured"]').count()).toBe(0);
  }, 120_000);

  it('is produced the same by `sillage report` from the server\'s configuration', async () => {
    const out = join(shore.dataDir, 'cli-report.json');
    const result = await sillage('report', '--config', writeConfig(), '--from', String(Date.parse(season.reference.to)), '--to', String(START + 20 * DAY), '--out', out);
    expect(result.code, result.stderr).toBe(0);
    const fromCli = JSON.parse(readFileSync(out, 'utf8')) as EvidenceReport;
    expect(fromCli.measuredBaseline).toEqual(json.measuredBaseline);
    expect(fromCli.trips).toEqual(json.trips);
    expect(fromCli.baseline).toEqual(json.baseline);
    expect(fromCli.reproducibility.referenceInputs!.map((r) => r.sha256)).toEqual(json.reproducibility.referenceInputs!.map((r) => r.sha256));
  }, 120_000);

  it('is checked by --verify with the reference period\'s data, which a change there no longer matches', async () => {
    const configFile = writeConfig();
    for (const format of ['json', 'csv', 'html']) {
      const file = join(shore.dataDir, `saved.${format}`);
      writeFileSync(file, await text(`/api/reports?${query()}&format=${format}`));
      const ok = await sillage('report', '--config', configFile, '--verify', file);
      expect(ok.code, `${format}: ${ok.stdout}${ok.stderr}`).toBe(0);
      expect(ok.stdout).toContain('MATCH   reference period data of fregate (option C)');
      expect(ok.stdout).toContain('MATCH   reference period data of sister (option C)');
    }
    // A corrected reading inside the reference period, outside the report's own data window: only option C would change.
    const t = Date.parse(season.reference.from) + 5 * 3_600_000;
    await shore.server.store.write(fregate, [{ t, v: { ['electrical.batteries.main.capacity.stateOfCharge' as SignalPath]: 0.5 } }]);
    const changed = await sillage('report', '--config', configFile, '--verify', join(shore.dataDir, 'saved.csv'));
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/^MATCH {3}input data SHA-256/);
    expect(changed.stdout).toContain('CHANGED reference period data of fregate (option C)');
    expect(changed.stdout).toContain('MATCH   reference period data of sister (option C)');
    expect(changed.stdout).toContain('NO LONGER matches');
  }, 300_000);
});
