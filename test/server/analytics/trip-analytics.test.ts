import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { tripRoutes } from '../../../server/web/trips.ts';
import { TripAnalytics } from '../../../server/analytics/trip-analytics.ts';
import { TripRepository } from '../../../server/analytics/trip-repository.ts';
import { StateDatabase } from '../../../server/state/state-db.ts';
import { ChangeTrackingStore } from '../../../server/store/change-tracking-store.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';
import { installErrorHandler } from '../../../server/web/errors.ts';
import { installOpenApi } from '../../../server/web/openapi.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { simulatedSamples } from './simulated-samples.ts';
import { started } from '../../helpers/started.ts';

const profile = resolveVesselProfile('la-fregate');
const vessel = asVesselId('fregate');
const START = Date.UTC(2024, 5, 10, 4);
const HOURS = 3;

describe('trip analytics on the shore', () => {
  const tmp = tempDir();
  const state = new StateDatabase(tmp.dir);
  const store = new ChangeTrackingStore(new SqliteStore(join(tmp.dir, 'store.db')), state);
  let trips: TripRepository;
  let app: FastifyInstance;
  let now = START;
  const analyticsOptions = { store, get changes() { return store.changes; }, get trips() { return trips; }, vessels: [{ id: vessel, profile }], intervalMs: 3_600_000, now: () => now };

  beforeAll(async () => {
    await state.start();
    trips = await started(new TripRepository(state));
    await store.start();
    const samples = simulatedSamples({ profile, metier: 'OTB', seed: 9, start: START, hours: HOURS });
    for (let i = 0; i < samples.length; i += 2000) await store.write(vessel, samples.slice(i, i + 2000));
    app = Fastify();
    installErrorHandler(app);
    await installOpenApi(app, 'test');
    // Stands in for the security hook: an engineer is signed in.
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request) => { request.principal = { user: 'ana', role: 'engineer' }; });
    await app.register(tripRoutes, { trips, vessels: [{ id: vessel, profile }] });
  }, 120_000);

  afterAll(async () => {
    await app.close();
    await store.stop();
    await state.stop();
    tmp.remove();
  });

  it('has a trip under way, with savings and an interval, as soon as the data is in', async () => {
    const analytics = new TripAnalytics(analyticsOptions);
    await analytics.start();
    now = START + HOURS * 3_600_000 + 60_000;
    await analytics.pass();
    await analytics.stop();
    const [trip] = trips.forVessel(vessel);
    expect(trip?.status).toBe('under-way');
    expect(trip?.record.departure).not.toBeNull();
    expect(trip?.savings?.fuel.baselineKg).toBeGreaterThan(0);
    const f = trip!.savings!.fuel.fraction;
    expect(f.low).toBeLessThan(f.value);
    expect(f.high).toBeGreaterThan(f.value);
  }, 120_000);

  it('resumes after a restart at the open trip and reaches the same figures', async () => {
    const before = trips.forVessel(vessel);
    const analytics = new TripAnalytics(analyticsOptions);
    await analytics.start();
    await analytics.pass();
    await analytics.stop();
    const after = trips.forVessel(vessel);
    expect(after.map((t) => t.id)).toEqual(before.map((t) => t.id));
    expect(after[0]!.savings!.fuel.savedKg.value).toBeCloseTo(before[0]!.savings!.fuel.savedKg.value, 6);
  }, 120_000);

  it('lists the vessel\'s trips and serves one with its phases, energy, coverage and comfort', async () => {
    const list = await app.inject({ url: `/api/vessels/${vessel}/trips` });
    expect(list.statusCode).toBe(200);
    const { trips: listed } = list.json() as { trips: { id: string; status: string; fuel: { fraction: { value: number } } }[] };
    expect(listed).toHaveLength(1);
    const one = await app.inject({ url: `/api/trips/${listed[0]!.id}` });
    expect(one.statusCode).toBe(200);
    const body = one.json() as { phases: { phase: string }[]; energyByPhase: Record<string, unknown>; comfort: { wheelhouseNoise: Record<string, { leqDbA: number }> }; savings: { fuel: { savedL: { low: number; high: number } } } };
    expect(body.phases.map((p) => p.phase)).toEqual(expect.arrayContaining(['port', 'steaming']));
    expect(Object.keys(body.energyByPhase)).toContain('steaming');
    expect(body.comfort.wheelhouseNoise.alongside?.leqDbA).toBeGreaterThan(20);
    expect(body.savings.fuel.savedL.low).toBeLessThan(body.savings.fuel.savedL.high);
  });

  it('aggregates savings by métier over a period, with intervals', async () => {
    const res = await app.inject({ url: `/api/savings?vessel=${vessel}&from=${new Date(START - 1000).toISOString()}&to=${START + 86_400_000}` });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { total: { trips: number; fuel: { savedL: { value: number; low: number; high: number } } }; byMetier: Record<string, unknown> };
    expect(body.total.trips).toBe(1);
    expect(body.total.fuel.savedL.low).toBeLessThanOrEqual(body.total.fuel.savedL.value);
    expect(Object.keys(body.byMetier)).toEqual(['OTB']);
    expect(res.json()).toMatchObject({ measuredBaseline: { [vessel]: { available: false, reason: 'no conventional reference period is configured for this vessel' } } });
  });

  it('answers bad parameters and unknown trips with {error, detail}', async () => {
    const bad = await app.inject({ url: '/api/savings?metier=XYZ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid request' });
    const missing = await app.inject({ url: '/api/trips/fregate-1' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'unknown trip', detail: 'fregate-1' });
    const inverted = await app.inject({ url: `/api/savings?from=${START}&to=${START - 1}` });
    expect(inverted.statusCode).toBe(400);
  });
});
