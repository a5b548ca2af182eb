import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asVesselId } from '../../shared/wire/ids.ts';
import type { TelemetryBatch } from '../../shared/wire/telemetry.ts';
import { startMosquitto, type RunningMosquitto } from '../helpers/mosquitto.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { fleetPaths, runFleet, syntheticBatch, type FleetRun } from './synthetic-fleet.ts';

const VESSELS = 3;
const BATCHES = 4;
const SAMPLES = 10;
const PATHS = fleetPaths(40);

describe('the synthetic fleet sending the compact encoding through mosquitto to a shared-subscription worker', () => {
  let broker: RunningMosquitto;
  let shore: RunningShore;
  let fleet: FleetRun;
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 86_400_000;

  beforeAll(async () => {
    broker = await startMosquitto();
    shore = await startShore({ mqtt: { url: broker.url, sharedGroup: 'sillage-ingest' } });
    fleet = await runFleet({ brokerUrl: broker.url, vessels: VESSELS, batchesPerVessel: BATCHES, samplesPerBatch: SAMPLES, paths: PATHS, t0, encoding: 'compact', prefix: 'cf' });
  }, 120_000);

  afterAll(async () => {
    await shore?.stop();
    await broker?.stop();
  });

  it('has every batch acknowledged', () => {
    for (const v of fleet.vessels) expect(new Set(v.acks), v.vessel).toEqual(new Set(Array.from({ length: BATCHES }, (_, i) => i + 1)));
  });

  it('stores the very values the JSON form of the same batches carries', async () => {
    const expected = Array.from({ length: BATCHES }, (_, b) => (JSON.parse(syntheticBatch(PATHS, b + 1, t0 + b * SAMPLES * 1000, SAMPLES)) as TelemetryBatch).samples).flat();
    for (let v = 0; v < VESSELS; v++) {
      expect(await shore.server.store.samples(asVesselId(`cf-${v}`), t0, t0 + BATCHES * SAMPLES * 1000), `cf-${v}`).toEqual(expected);
    }
  });

  it('reports the CPU time the load generator spent while it ran, at most all of its cores for the run', () => {
    expect(fleet.cpuSeconds).toBeGreaterThan(0);
    expect(fleet.cpuSeconds).toBeLessThan((fleet.elapsedMs / 1000) * 4);
  });
});
