import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tripRoutes } from '../../../server/web/trips.ts';
import { TripRepository } from '../../../server/analytics/trip-repository.ts';
import { serverConfigSchema } from '../../../server/config.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import { installErrorHandler } from '../../../server/web/errors.ts';
import { installOpenApi } from '../../../server/web/openapi.ts';
import type { Interval } from '../../../shared/savings/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { profile, START } from '../../shared/savings/simulated-trips.ts';
import { saveSeason, simulateSeason, type SimulatedSeason } from './conventional-trips.ts';

const vessel = asVesselId('fregate');
const DAY = 86_400_000;
/** Before its refit the vessel ran conventionally: these trips are the reference period; the later ones report. */
const REFERENCE_TRIPS = 6;
const REPORTING_TRIPS = 3;

interface MeasuredAnswer {
  available: boolean;
  reason: string;
  reference?: { trips: number };
  fit?: { n: number; p: number; cvRmse: number; nmbe: number; accepted: boolean };
  savings?: { trips: number; baselineKg: number; savedKg: Interval; savedL: Interval; fraction: Interval } | null;
}

describe('measured baseline (IPMVP option C) on the shore', () => {
  const tmp = tempDir();
  const db = openStateDb(join(tmp.dir, 'server.db'));
  const trips = new TripRepository({ db });
  let season: SimulatedSeason;
  const apps: FastifyInstance[] = [];

  /** The analytics routes over the stored trips, with the vessels as a shore config declares them. */
  const serve = async (reference?: { from: string; to: string }) => {
    const config = serverConfigSchema.parse({ vessels: [{ id: vessel, name: 'La Frégate', profile, ...(reference && { conventionalReference: reference }) }] });
    const app = Fastify();
    installErrorHandler(app);
    await installOpenApi(app, 'test');
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request) => { request.principal = { user: 'rita', role: 'reviewer' }; });
    await app.register(tripRoutes, { trips, vessels: config.vessels });
    apps.push(app);
    const res = await app.inject({ url: `/api/savings?vessel=${vessel}` });
    expect(res.statusCode).toBe(200);
    return (res.json() as { measuredBaseline: Record<string, MeasuredAnswer> }).measuredBaseline[vessel]!;
  };

  beforeAll(async () => {
    await trips.start();
    season = simulateSeason({ reference: REFERENCE_TRIPS, reporting: REPORTING_TRIPS });
    saveSeason(trips, vessel, season);
  }, 600_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    db.close();
    tmp.remove();
  });

  it('fits on the conventional reference trips, meets Guideline 14 and states its statistics', async () => {
    const m = await serve(season.reference);
    expect(m.reference?.trips).toBe(REFERENCE_TRIPS);
    expect(m.fit).toMatchObject({ p: 9, accepted: true });
    expect(m.fit!.n).toBeGreaterThan(REFERENCE_TRIPS * 15);
    expect(m.fit!.cvRmse).toBeLessThanOrEqual(0.3);
    expect(Math.abs(m.fit!.nmbe)).toBeLessThanOrEqual(0.1);
    expect(m.available).toBe(true);
  });

  it('gives option-C savings of the reporting trips whose 95 % interval holds the simulator\'s truth', async () => {
    const m = await serve(season.reference);
    const s = m.savings!;
    console.log(`option C on the shore: n = ${m.fit!.n}, p = ${m.fit!.p}, CV(RMSE) ${(100 * m.fit!.cvRmse).toFixed(2)} %, NMBE ${(100 * m.fit!.nmbe).toFixed(3)} %; saved ${s.savedKg.value.toFixed(1)} kg (95 %: ${s.savedKg.low.toFixed(1)}–${s.savedKg.high.toFixed(1)}), truth ${season.trueSavedKg.toFixed(1)} kg`);
    expect(s.trips).toBe(REPORTING_TRIPS);
    expect(s.savedKg.low).toBeLessThanOrEqual(season.trueSavedKg);
    expect(s.savedKg.high).toBeGreaterThanOrEqual(season.trueSavedKg);
    expect(s.savedL.value).toBeCloseTo((s.savedKg.value / 845) * 1000, 6);
    expect(s.fraction.value).toBeGreaterThan(0);
  });

  it('says why there is no measured baseline when the reference period holds no trip', async () => {
    const m = await serve({ from: new Date(START - 30 * DAY).toISOString(), to: new Date(START - 20 * DAY).toISOString() });
    expect(m).toMatchObject({ available: false, reference: { trips: 0 }, fit: { n: 0, accepted: false } });
    expect(m.reason).toMatch(/0 clean reference hours.*fewer than the 27 that 9 parameters need/);
  });

  it('refuses a reference period that ends before it starts', () => {
    const parsed = serverConfigSchema.safeParse({ vessels: [{ id: vessel, name: 'x', conventionalReference: { from: '2024-06-10T00:00:00Z', to: '2024-06-01T00:00:00Z' } }] });
    expect(parsed.success).toBe(false);
  });
});
