import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlBaseline } from '../../../server/analytics/control-baseline.ts';
import { serverConfigSchema } from '../../../server/config.ts';
import { TripRepository } from '../../../server/analytics/trip-repository.ts';
import type { EvidenceReport } from '../../../server/reports/build-report.ts';
import { renderReport } from '../../../server/reports/report-files.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import { openStore } from '../../../server/store/open-store.ts';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { resolveConventionalVesselProfile, resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { controlComparisons, PHASES, tripSavings } from '../../../shared/savings/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { runControlWorld, type ControlWorldOutcome } from '../../../simulators/validation/control-calibration.ts';
import { sectionFigures, valueAt } from '../../helpers/dossier-figures.ts';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { sillage } from '../../helpers/sillage-cli.ts';
import { started } from '../../helpers/started.ts';
import { tempDir } from '../../helpers/tmp.ts';

const fregate = asVesselId('fregate');
const cormoran = asVesselId('cormoran');
const hybrid = resolveVesselProfile('la-fregate');
const control = resolveConventionalVesselProfile('la-fregate-control');
let simulated: ControlWorldOutcome | undefined;
/** Both describes compare the same two days of the two vessels, simulated once. */
const controlWorld = () => (simulated ??= runControlWorld({ hybrid, control, metier: 'OTB', seed: 77, season: 2, trips: 2 }));
const july = { from: Date.UTC(2024, 6, 1), to: Date.UTC(2024, 6, 31) };

/** The trips of both vessels as the shore's analytics store them, in a shore's state database. */
async function saveTrips(db: Database.Database, world: ControlWorldOutcome): Promise<void> {
  const trips = await started(new TripRepository({ db }));
  for (const t of world.hybridTrips) trips.save(fregate, t.record, tripSavings(hybrid, t.record, { draws: 50 }), Date.now());
  for (const t of world.controlTrips) trips.save(cormoran, t.record, null, Date.now(), t.metier);
}

/**
 * La Frégate and her conventional sister ship Le Cormoran, two days of bottom trawling in July in the same weather,
 * simulated and analysed as the shore's analytics would, their trips stored in a real shore's state database.
 */
describe('the control baseline in /api/savings and the evidence report', () => {
  let world: ControlWorldOutcome;
  let shore: RunningShore;
  let db: Database.Database;
  let api: ControlBaseline;
  let report: EvidenceReport;
  const window = () => `from=${july.from}&to=${july.to}`;

  beforeAll(async () => {
    world = controlWorld();
    shore = await startShore({
      vessels: [
        { id: fregate, name: 'La Frégate', profile: hybrid, controlVessel: cormoran },
        { id: cormoran, name: 'Le Cormoran', conventionalProfile: control },
      ],
    });
    db = openStateDb(join(shore.dataDir, 'server.db'));
    await saveTrips(db, world);
    api = (await shore.get<{ controlBaseline: Record<string, ControlBaseline> }>(`/api/savings?vessel=fregate&${window()}`)).controlBaseline.fregate!;
    report = await shore.get<EvidenceReport>(`/api/reports?scope=period&vessel=fregate&${window()}&format=json`);
  }, 600_000);

  afterAll(async () => {
    db?.close();
    await shore?.stop();
  });

  it("expects the hybrid's hours of each phase on the control's fuel-rate line of that phase, at the hybrid's speeds", () => {
    const [otb] = api.byMetier;
    expect(api).toMatchObject({ hybrid: 'fregate', control: 'cormoran', hybridTrips: 2, controlTrips: world.controlTrips.length });
    for (const phase of PHASES.filter((p) => p !== 'port')) {
      const fuel = world.controlTrips.reduce((a, t) => a + (t.record.byPhase[phase]?.fuelMetered ?? 0), 0);
      const covered = world.controlTrips.reduce((a, t) => a + (t.record.byPhase[phase]?.coveredSeconds ?? 0), 0) / 3600;
      if (covered === 0) continue;
      expect(otb!.phases.find((p) => p.phase === phase)!.controlKgPerHour.value, phase).toBeCloseTo(fuel / covered, 9);
    }
    const direct = controlComparisons(world.hybridTrips, world.controlTrips, {
      profile: control, controlFuelMeter: control.uncertainty.fuelMeter, hybridFuelMeter: hybrid.uncertainty.fuelMeter,
      controlSpeedLog: control.uncertainty.speedLog, hybridSpeedLog: hybrid.uncertainty.speedLog, replicates: 1,
    })[0]!;
    expect(otb!.expectedConventionalKg.value).toBeCloseTo(direct.expectedConventionalKg.value, 6);
    expect(otb!.expectedConventionalKg.value).toBeCloseTo(otb!.phases.reduce((a, p) => a + p.expectedKg.value, 0), 6);
    expect(otb!.savedKg.value).toBeCloseTo(otb!.expectedConventionalKg.value - otb!.hybridKg, 6);
  });

  it("holds, in its interval, what the control vessel would truly have burnt on the hybrid's trips, and the true saving", () => {
    const [otb] = api.byMetier;
    expect(otb!.expectedConventionalKg.low).toBeLessThanOrEqual(world.truth.conventionalKg);
    expect(otb!.expectedConventionalKg.high).toBeGreaterThanOrEqual(world.truth.conventionalKg);
    expect(otb!.fraction.low).toBeLessThanOrEqual(world.truth.fraction);
    expect(otb!.fraction.high).toBeGreaterThanOrEqual(world.truth.fraction);
  });

  it('gives the report the same block as /api/savings, beside option D', () => {
    expect(report.controlBaseline).toEqual({ fregate: api });
    expect(report.savings.included).toBe(2);
  });

  it("leaves the control vessel's trips out of a fleet report's energy, comfort and coverage: they are not the trial's", async () => {
    const fleet = await shore.get<EvidenceReport>(`/api/reports?scope=period&${window()}&format=json`);
    expect(fleet.trips.some((t) => t.vessel === 'cormoran')).toBe(true);
    expect(fleet.coverage).toEqual(report.coverage);
    expect(fleet.energy).toEqual(report.energy);
    expect(fleet.comfort).toEqual(report.comfort);
  });

  it('shows the control vessel in the dossier, in French and English, métier by métier with the numbers of the report', () => {
    for (const lang of ['fr', 'en'] as const) {
      const figures = sectionFigures(renderReport(report, 'html', lang), 'control');
      expect(figures.map(([k]) => k)).toEqual(expect.arrayContaining(['controlBaseline.fregate.byMetier.0.fraction.value', 'controlBaseline.fregate.byMetier.0.hybridKg']));
      for (const [key, value] of figures) expect(Number(value), key).toBe(valueAt(report, key));
    }
  });
});

/**
 * The same two vessels in a shore's data directory, the control vessel's engine meter readings at each departure
 * stored too, reported on by `sillage report` and checked by `--verify` once something has changed behind its back.
 */
describe('--verify of a report with a control baseline', () => {
  let dir: { dir: string; remove: () => void };
  let world: ControlWorldOutcome;
  let report: EvidenceReport;
  const fuelRate = `propulsion.${control.conventional.mainEngine.id}.fuel.rate` as SignalPath;
  const departures = () => world.controlTrips.map((t) => t.record.departure!);
  const configFile = (conventionalProfile = control) => {
    const file = join(dir.dir, 'server.json');
    writeFileSync(file, JSON.stringify({
      dataDir: dir.dir,
      vessels: [{ id: fregate, name: 'La Frégate', profile: hybrid, controlVessel: cormoran }, { id: cormoran, name: 'Le Cormoran', conventionalProfile }],
    }));
    return file;
  };
  /** A write straight to the telemetry store, as no shore would make it. */
  const writeControl = async (kgPerS: number) => {
    const store = await started(openStore({ dataDir: dir.dir }));
    await store.write(cormoran, departures().map((t) => ({ t, v: { [fuelRate]: kgPerS } })));
    await store.stop();
  };
  const verify = (file: string) => sillage('report', '--config', configFile(), '--verify', file);

  beforeAll(async () => {
    world = controlWorld();
    dir = tempDir('sillage-control-verify-');
    const db = openStateDb(join(dir.dir, 'server.db'));
    await saveTrips(db, world);
    db.close();
    await writeControl(0.01);
    const out = join(dir.dir, 'report.json');
    const made = await sillage('report', '--config', configFile(), '--from', String(july.from), '--to', String(july.to), '--vessel', fregate, '--out', out);
    expect(made.code, made.stderr).toBe(0);
    report = JSON.parse(readFileSync(out, 'utf8')) as EvidenceReport;
    for (const lang of ['fr', 'en'] as const) {
      writeFileSync(join(dir.dir, `report.${lang}.csv`), renderReport(report, 'csv', lang));
      writeFileSync(join(dir.dir, `report.${lang}.html`), renderReport(report, 'html', lang));
    }
  }, 600_000);

  afterAll(() => dir?.remove());

  it("digests the control vessel's telemetry from the first week compared to the end of its last trip, apart from the hybrid's", () => {
    const weeks = report.controlBaseline!.fregate!.weeks;
    const [c] = report.reproducibility.controlInputs!;
    expect(c).toMatchObject({ hybrid: 'fregate', vessel: 'cormoran', from: Date.parse(weeks.from), samples: departures().length, values: departures().length });
    expect(c!.to).toBe(Math.max(Date.parse(weeks.to), ...world.controlTrips.map((t) => t.record.end + 1)));
    expect(report.reproducibility.vessels).toEqual(['fregate']);
    expect(report.reproducibility.input.samples).toBe(0);
  });

  it("puts the control vessel's conventional profile in the baseline parameters", () => {
    expect(report.baseline.control?.vessels.fregate).toEqual({ vessel: 'cormoran', profileSha256: report.reproducibility.controlInputs![0]!.profileSha256, uncertainty: control.uncertainty, fuel: control.fuel });
  });

  it('is found unchanged by --verify, from the JSON, the CSV in either language and the HTML', async () => {
    for (const file of ['report.json', 'report.fr.csv', 'report.en.csv', 'report.en.html']) {
      const ok = await verify(join(dir.dir, file));
      expect(ok.code, `${file}: ${ok.stdout}${ok.stderr}`).toBe(0);
      expect(ok.stdout).toContain('MATCH   control vessel data of cormoran over the weeks compared with fregate (control baseline)');
      expect(ok.stdout).toContain('MATCH   conventional profile of cormoran (control baseline of fregate)');
    }
  }, 300_000);

  it("--verify names the control vessel's profile when it has changed in the configuration", async () => {
    const recalibrated = { ...control, uncertainty: { ...control.uncertainty, fuelMeter: { ...control.uncertainty.fuelMeter, high: 2 * control.uncertainty.fuelMeter.high } } };
    const r = await sillage('report', '--config', configFile(recalibrated), '--verify', join(dir.dir, 'report.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('CHANGED conventional profile of cormoran (control baseline of fregate)');
    expect(r.stdout).toMatch(/^CHANGED baseline parameters/m);
    expect(r.stdout).toContain('MATCH   control vessel data of cormoran');
    expect(r.stdout).toMatch(/^MATCH {3}input data/);
  }, 120_000);

  // Last: it leaves the store changed.
  it('--verify names the control vessel\'s data when a stored value of it has changed in the weeks compared', async () => {
    await writeControl(0.02);
    const r = await verify(join(dir.dir, 'report.fr.csv'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('CHANGED control vessel data of cormoran over the weeks compared with fregate (control baseline)');
    expect(r.stdout).toContain(`(${departures().length} samples now, ${departures().length} in the report)`);
    expect(r.stdout).toMatch(/^MATCH {3}input data/);
    expect(r.stdout).toContain('MATCH   conventional profile of cormoran');
    expect(r.stdout).toMatch(/^MATCH {3}baseline parameters/m);
  }, 120_000);
});

describe("a control vessel's declaration in the shore's configuration", () => {
  const parse = (vessels: unknown[]) => serverConfigSchema.safeParse({ vessels });

  it('is a vessel with a conventional profile, named by the hybrid it fishes beside', () => {
    expect(parse([
      { id: 'fregate', name: 'La Frégate', profile: hybrid, controlVessel: 'cormoran' },
      { id: 'cormoran', name: 'Le Cormoran', conventionalProfile: control },
    ]).success).toBe(true);
  });

  it('refuses a control vessel that is not declared with a conventional profile, and a vessel with both profiles', () => {
    const noControl = parse([{ id: 'fregate', name: 'La Frégate', profile: hybrid, controlVessel: 'cormoran' }, { id: 'cormoran', name: 'Le Cormoran' }]);
    expect(noControl.error?.issues[0]?.message).toMatch(/control vessel cormoran is not a declared vessel with a conventionalProfile/);
    const both = parse([{ id: 'fregate', name: 'La Frégate', profile: hybrid, conventionalProfile: control }]);
    expect(both.error?.issues[0]?.message).toMatch(/a hybrid profile and a conventional one/);
  });
});
