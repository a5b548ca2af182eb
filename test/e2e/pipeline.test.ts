import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedVessel } from '../../cli/simulated-vessel.ts';
import { EdgeAgent } from '../../edge/agent.ts';
import type { Readings, TelemetrySource } from '../../shared/source.ts';
import { dequantise, quantise } from '../../shared/wire/quantise.ts';
import { startInfluxd, type RunningInfluxd } from '../helpers/influxd.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Hands the edge the simulator's first `limit` readings and keeps each: the truth the API must give back.
 * After that it reads nothing, so the edge can drain its outbox and the comparison covers a closed set.
 */
class RecordingSource implements TelemetrySource {
  readonly name: string;
  readonly emitted = new Map<number, Readings>();
  constructor(private readonly inner: TelemetrySource, private readonly limit: number) {
    this.name = inner.name;
  }
  start() { return this.inner.start(); }
  stop() { return this.inner.stop(); }
  async read(t: number): Promise<Readings> {
    if (this.emitted.size >= this.limit) return {};
    const readings = await this.inner.read(t);
    this.emitted.set(t, readings);
    return readings;
  }
}

/** A value as the default compact link carries it: on its signal's registry resolution, on board and ashore. */
const carried = (path: string, value: number) => dequantise(path, quantise(path, value)!);

interface SeriesAnswer { step: number; series: Record<string, { t: number[]; mean: number[] }> }

function pipeline(storeName: string, influxUrl: () => string | undefined) {
  describe(`simulator → edge → MQTT → shore → ${storeName} → API`, () => {
    let shore: RunningShore;
    let edge: EdgeAgent;
    let source: RecordingSource;

    beforeAll(async () => {
      shore = await startShore({ influxUrl: influxUrl() });
      const sim = simulatedVessel({ seed: 42, speedup: 200, startHoursAgo: 0.15 });
      source = new RecordingSource(sim.source, 400);
      edge = new EdgeAgent({
        config: {
          vessel: 'fregate',
          mqtt: { url: shore.mqttUrl, statusIntervalMs: 500 },
          outbox: { path: join(shore.dataDir, 'edge.db'), batchSamples: 30, batchMaxAgeMs: 1000 },
          display: { enabled: false },
        },
        sources: [source],
        clock: sim.clock,
      });
      await edge.start();
      // The trip replays 9 minutes at 200×: 400 samples in about two seconds, then the outbox drains.
      await waitFor(() => source.emitted.size >= 400, 30_000, '400 samples from the simulator');
      await waitFor(() => edge.backlog() === 0, 30_000, 'the edge outbox to drain');
      await edge.stop();
      await shore.server.store.stop();
      await shore.server.store.start();
    });

    afterAll(async () => {
      await shore.stop();
    });

    it('has every sample on shore, with the same timestamps and the same numbers to their resolution', async () => {
      const times = [...source.emitted.keys()].sort((a, b) => a - b);
      const paths = Object.keys(source.emitted.get(times[0]!)!);
      expect(paths.length).toBeGreaterThan(30);
      const from = times[0]!;
      const to = times[times.length - 1]! + 1000;
      const answer = await shore.get<SeriesAnswer>(
        `/api/vessels/fregate/series?paths=${paths.join(',')}&from=${from}&to=${to}&step=1s`);
      expect(answer.step).toBe(1000);
      for (const path of paths) {
        const expected = times.filter((t) => source.emitted.get(t)![path as keyof Readings] !== undefined);
        expect(answer.series[path]?.t, path).toEqual(expected);
        expect(answer.series[path]?.mean, path).toEqual(expected.map((t) => carried(path, source.emitted.get(t)![path as keyof Readings]!)));
      }
    });

    it('reports the newest sample as latest', async () => {
      const newest = Math.max(...source.emitted.keys());
      const latest = await shore.get<{ values: Record<string, { t: number; v: number }> }>('/api/vessels/fregate/latest');
      for (const [path, value] of Object.entries(source.emitted.get(newest)!)) {
        expect(latest.values[path], path).toEqual({ t: newest, v: carried(path, value!) });
      }
    });

    it('lists the vessel in the fleet with its key values', async () => {
      const fleet = await shore.get<{ id: string; latest: Record<string, number> }[]>('/api/vessels');
      expect(fleet.map((v) => v.id)).toContain('fregate');
      expect(fleet.find((v) => v.id === 'fregate')!.latest['electrical.batteries.main.capacity.stateOfCharge']).toBeTypeOf('number');
    });
  });
}

pipeline('SQLite', () => undefined);

let influxd: RunningInfluxd;
describe('with a real InfluxDB', () => {
  beforeAll(async () => {
    influxd = await startInfluxd();
  });
  afterAll(async () => {
    await influxd.stop();
  });
  pipeline('InfluxDB', () => influxd.urlFor('e2e'));
});
