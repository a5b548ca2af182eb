import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asVesselId } from '../../shared/wire/ids.ts';
import type { ShoreServer } from '../../server/server.ts';
import { startInfluxd, type RunningInfluxd } from '../helpers/influxd.ts';
import { startMosquitto, type RunningMosquitto } from '../helpers/mosquitto.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { fleetPaths, runFleet, type FleetRun } from './synthetic-fleet.ts';

const VESSELS = 50;
const BATCHES = 12;
const SAMPLES = 10;
const PATHS = fleetPaths(40);

async function valuesStoredBy(server: ShoreServer): Promise<number> {
  return (await server.metrics.values.get()).values.reduce((sum, v) => sum + v.value, 0);
}

describe('two ingest workers sharing one MQTT 5 subscription on mosquitto', () => {
  let influxd: RunningInfluxd;
  let broker: RunningMosquitto;
  const workers: RunningShore[] = [];
  let fleet: FleetRun;
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 86_400_000;

  beforeAll(async () => {
    influxd = await startInfluxd();
    broker = await startMosquitto();
    for (let i = 0; i < 2; i++) {
      workers.push(await startShore({ mqtt: { url: broker.url, sharedGroup: 'sillage-ingest' }, influxUrl: influxd.urlFor('fleet') }));
    }
    fleet = await runFleet({ brokerUrl: broker.url, vessels: VESSELS, batchesPerVessel: BATCHES, samplesPerBatch: SAMPLES, paths: PATHS, t0 });
  }, 180_000);

  afterAll(async () => {
    for (const w of workers) await w.stop();
    await broker?.stop();
    await influxd?.stop();
  });

  it('acknowledges every batch of every vessel', () => {
    for (const v of fleet.vessels) {
      expect(new Set(v.acks), v.vessel).toEqual(new Set(Array.from({ length: BATCHES }, (_, i) => i + 1)));
    }
  });

  it('stores exactly the values sent, vessel by vessel', async () => {
    const store = workers[0]!.server.store;
    const end = t0 + BATCHES * SAMPLES * 1000;
    for (let v = 0; v < VESSELS; v++) {
      expect(await store.countValues(asVesselId(`sim-${v}`), t0, end), `sim-${v}`).toBe(BATCHES * SAMPLES * PATHS.length);
    }
  });

  it('delivers each batch to one worker only, and both workers take a share', async () => {
    const shares = await Promise.all(workers.map((w) => valuesStoredBy(w.server)));
    expect(shares.reduce((a, b) => a + b, 0)).toBe(fleet.valuesSent);
    for (const share of shares) expect(share).toBeGreaterThan(fleet.valuesSent / 10);
  });
});
