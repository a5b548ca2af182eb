import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxStore } from '../../server/store/influx-store.ts';
import { lookupSignal } from '../../shared/registry/index.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import { resolveVesselProfile } from '../../shared/profile/load-profile.ts';
import { SimulatedVesselSource } from '../../simulators/vessel/simulated-vessel-source.ts';
import { startInfluxd, type RunningInfluxd } from '../helpers/influxd.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import type { ChaosEdgeConfig } from './chaos-edge.ts';
import { edgeProcess, mosquittoProcess, serverProcess, type Restartable } from './processes.ts';

const VESSEL = asVesselId('chaos');
const SEED = 20261128;
const SPEEDUP = 120;
const TRIP_HOURS = 4;
const MINUTE = 60_000;
const LINK_CUT_MS = 40_000;
const STORE_OUTAGE_MS = 35_000;

type Key = string;

/**
 * (vessel, path, time) → value in steps of the signal's registry resolution: the simulator's record regenerated
 * from its seed, or what the store holds. The resolution is the precision the link promises (it may quantise to
 * it), so two values are the same value when they are the same number of steps.
 */
function record(samples: Iterable<{ t: number; v: Readonly<Record<string, number>> }>): Map<Key, number> {
  const out = new Map<Key, number>();
  for (const s of samples) {
    for (const [path, value] of Object.entries(s.v)) {
      const resolution = lookupSignal(path)?.resolution;
      if (resolution === undefined) throw new Error(`not a registry path: ${path}`);
      out.set(`${VESSEL}\t${path}\t${s.t}`, Math.round(value / resolution));
    }
  }
  return out;
}

function checksum(values: Map<Key, number>): string {
  const hash = createHash('sha256');
  for (const key of [...values.keys()].sort()) hash.update(`${key}\t${values.get(key)}\n`);
  return hash.digest('hex');
}

function* simulatorRecord(start: number, end: number) {
  const simulator = new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: SEED, start });
  for (let t = start; t < end; t += 1000) yield { t, v: simulator.read(t) as Record<string, number> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('chaos: a trip through link cuts, edge crashes, a server restart and a store outage', () => {
  const { dir, remove } = tempDir('sillage-chaos-');
  const tripStart = Math.floor((Date.now() - 30 * 24 * 3_600_000) / 1000) * 1000;
  const tripEnd = tripStart + TRIP_HOURS * 3_600_000;
  let influxd: RunningInfluxd;
  let broker: Restartable & { url: string };
  let server: Restartable & { httpUrl: string };
  let edge: ReturnType<typeof edgeProcess>;
  const figures: Record<string, number | string> = {};

  beforeAll(async () => {
    influxd = await startInfluxd();
    broker = await mosquittoProcess(dir);
    await broker.start();
    server = await serverProcess(dir, { mqttUrl: broker.url, influxUrl: influxd.urlFor('chaos') });
    await server.start();
    const config: ChaosEdgeConfig = {
      vessel: VESSEL, mqttUrl: broker.url, outboxPath: join(dir, 'outbox.db'), positionPath: join(dir, 'position'),
      seed: SEED, tripStart, tripEnd, speedup: SPEEDUP,
    };
    edge = edgeProcess(dir, config);
    await edge.start();
  }, 60_000);

  afterAll(async () => {
    await edge?.stop();
    await server?.stop();
    await broker?.stop();
    await influxd?.stop();
    remove();
  });

  const reached = (t: number, what: string) =>
    waitFor(() => (edge.latest()?.position ?? 0) >= t, 120_000, what);

  it('stores every sample the simulator emitted exactly once', async () => {
    await reached(tripStart + 10 * MINUTE, 'ten minutes of trip');

    const cutAt = Date.now();
    await broker.stop();
    await reached(edge.latest()!.position + 20 * MINUTE, 'twenty minutes of trip with the link cut');
    // First crash: link down, a batch half filled in the outbox.
    await edge.kill();
    await edge.start();
    await sleep(Math.max(0, cutAt + LINK_CUT_MS - Date.now()));
    await broker.start();
    figures.linkCutWallS = Math.round((Date.now() - cutAt) / 1000);
    figures.linkCutTripMin = Math.round((Date.now() - cutAt) * SPEEDUP / MINUTE);

    const peak = await waitFor(() => { const b = edge.latest()?.backlog ?? 0; return b > 1000 && b; }, 30_000, 'a backlog');
    // Second crash: the backlog is draining, batches are published and not yet acknowledged.
    await waitFor(() => (edge.latest()?.backlog ?? Infinity) < peak - 300, 60_000, 'the backlog draining');
    figures.backlogPeakSamples = peak;
    figures.backlogAtSecondKill = edge.latest()!.backlog;
    await edge.kill();
    await edge.start();

    await sleep(3000);
    await server.stop();
    await server.start();

    await sleep(3000);
    const storeDownAt = Date.now();
    await influxd.kill();
    await sleep(STORE_OUTAGE_MS);
    await influxd.start();
    figures.storeOutageS = Math.round((Date.now() - storeDownAt) / 1000);
    const metrics = await (await fetch(`${server.httpUrl}/metrics`)).text();
    const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
    // The restarted server met the outage: its writes failed, were retried, and it saw the store come back.
    figures.storeWriteFailuresRetried = metric('sillage_store_errors_total');
    expect(figures.storeWriteFailuresRetried).toBeGreaterThan(0);
    await waitFor(async () => /^sillage_store_available 1$/m.test(await (await fetch(`${server.httpUrl}/metrics`)).text()), 30_000, 'the store seen back');

    await reached(tripEnd - 1000, 'the end of the trip');
    const store = new InfluxStore(influxd.urlFor('chaos'));
    const expected = record(simulatorRecord(tripStart, tripEnd));
    await waitFor(async () => (await store.countValues(VESSEL, tripStart, tripEnd)) >= expected.size && edge.latest()?.backlog === 0,
      120_000, 'every value stored and the outbox empty');

    const counted = await store.countValues(VESSEL, tripStart - 3_600_000, tripEnd + 3_600_000);
    const stored = record(await store.samples(VESSEL, tripStart - 3_600_000, tripEnd + 3_600_000));
    let lost = 0;
    let wrong = 0;
    for (const [key, value] of expected) {
      if (!stored.has(key)) lost++;
      else if (stored.get(key) !== value) wrong++;
    }
    const extra = [...stored.keys()].filter((k) => !expected.has(k)).length;
    Object.assign(figures, {
      tripHours: TRIP_HOURS, speedup: SPEEDUP, samplesEmitted: (tripEnd - tripStart) / 1000, valuesEmitted: expected.size,
      valuesStored: counted, lost, wrongValue: wrong, extra, duplicated: counted - stored.size,
      checksumEmitted: checksum(expected).slice(0, 16), checksumStored: checksum(stored).slice(0, 16),
    });
    console.log('chaos figures', JSON.stringify(figures, null, 2));

    expect({ lost, wrong, extra, duplicated: counted - stored.size }).toEqual({ lost: 0, wrong: 0, extra: 0, duplicated: 0 });
    expect(counted).toBe(expected.size);
    expect(checksum(stored)).toBe(checksum(expected));
  }, 300_000);
});
