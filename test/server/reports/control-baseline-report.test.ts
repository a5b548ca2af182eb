import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlBaseline } from '../../../server/analytics/control-baseline.ts';
import { serverConfigSchema } from '../../../server/config.ts';
import { TripRepository } from '../../../server/analytics/trip-repository.ts';
import type { EvidenceReport } from '../../../server/reports/build-report.ts';
import { renderReport } from '../../../server/reports/report-files.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import { resolveConventionalVesselProfile, resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { controlComparisons, PHASES, tripSavings } from '../../../shared/savings/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { runControlWorld, type ControlWorldOutcome } from '../../../simulators/validation/control-calibration.ts';
import { sectionFigures, valueAt } from '../../helpers/dossier-figures.ts';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { started } from '../../helpers/started.ts';

const fregate = asVesselId('fregate');
const cormoran = asVesselId('cormoran');
const hybrid = resolveVesselProfile('la-fregate');
const control = resolveConventionalVesselProfile('la-fregate-control');

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
  const window = () => `from=${Date.UTC(2024, 6, 1)}&to=${Date.UTC(2024, 6, 31)}`;

  beforeAll(async () => {
    world = runControlWorld({ hybrid, control, metier: 'OTB', seed: 77, season: 2, trips: 2 });
    shore = await startShore({
      vessels: [
        { id: fregate, name: 'La Frégate', profile: hybrid, controlVessel: cormoran },
        { id: cormoran, name: 'Le Cormoran', conventionalProfile: control },
      ],
    });
    db = openStateDb(join(shore.dataDir, 'server.db'));
    const trips = await started(new TripRepository({ db }));
    for (const t of world.hybridTrips) trips.save(fregate, t.record, tripSavings(hybrid, t.record, { draws: 50 }), Date.now());
    for (const t of world.controlTrips) trips.save(cormoran, t.record, null, Date.now(), t.metier);
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
