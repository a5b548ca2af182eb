import type { SignalPath } from '../shared/registry/index.ts';
import { asVesselId } from '../shared/wire/ids.ts';
import { startInfluxd } from '../test/helpers/influxd.ts';
import { startShore } from '../test/helpers/shore.ts';
import { fleetPaths, runFleetProcess } from '../test/scaleout/synthetic-fleet.ts';
import type { BenchResult } from './result.ts';

const HOURS = Number(process.env.SILLAGE_BENCH_BACKFILL_HOURS ?? 72);
const PATHS = fleetPaths(80);
const SAMPLES = 60;
const LIVE_VESSELS = 10;

/**
 * One vessel back from `HOURS` offline at 1 Hz, 80 signals: its backlog as one-minute batches sent as fast as
 * shore acknowledges them (at most 16 unacknowledged, encoded as they go: 72 h would be a gigabyte of JSON),
 * while ten other vessels keep sending live one-second batches. Timed from the reconnect to the last backlog
 * batch acknowledged (acks follow durable writes), then checked by counting in the store. One `sillage server`
 * with its embedded broker, storing in a real influxd.
 */
export default async function run(): Promise<BenchResult[]> {
  const influxd = await startInfluxd();
  const shore = await startShore({ influxUrl: influxd.urlFor('backfill') });
  try {
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    const batches = Math.round((HOURS * 3600) / SAMPLES);
    const t0 = now - batches * SAMPLES * 1000;
    const backlog = runFleetProcess({
      brokerUrl: shore.mqttUrl, vessels: 1, batchesPerVessel: batches, samplesPerBatch: SAMPLES, paths: PATHS as SignalPath[],
      t0, window: 16, prefix: 'back', encodeLazily: true, timeoutMs: 3_600_000,
    });
    // The live fleet runs for about as long as the backfill is expected to take, and its ack delays are watched.
    const liveSeconds = Math.max(30, Math.round((batches * SAMPLES * PATHS.length) / 300_000));
    const live = runFleetProcess({
      brokerUrl: shore.mqttUrl, vessels: LIVE_VESSELS, batchesPerVessel: liveSeconds, samplesPerBatch: 1, paths: PATHS as SignalPath[],
      t0: now, window: 16, prefix: 'live', paceMs: 1000, timeoutMs: 3_600_000,
    });
    const [back, alive] = await Promise.all([backlog, live]);
    const stored = await shore.server.store.countValues(asVesselId('back-0'), t0, now);
    if (stored !== back.valuesSent) throw new Error(`stored ${stored} of ${back.valuesSent} backlog values`);
    const seconds = back.elapsedMs / 1000;
    const liveDelay = Math.max(...alive.vessels.map((v) => v.maxAckDelayMs));
    const note = `${HOURS} h × 3600 s × ${PATHS.length} signals = ${back.valuesSent} values in ${batches} one-minute batches (SILLAGE_BENCH_BACKFILL_HOURS); ` +
      `${Math.round(back.valuesSent / seconds)} values/s; ${LIVE_VESSELS} live vessels at 1 Hz alongside for ${liveSeconds} s, longest live ack ${liveDelay} ms; embedded broker, influxd`;
    return [
      { id: 'backfill.72h.seconds', value: Number(seconds.toFixed(1)), unit: 's', reference: HOURS * 3600, ratio: seconds / (HOURS * 3600), note: `${note}; reference = the time offline` },
      { id: 'backfill.live_ack_max_ms', value: liveDelay, unit: 'ms', reference: null, ratio: null, note: 'longest publish-to-ack delay of a live 1 Hz batch during the backfill' },
    ];
  } finally {
    await shore.stop();
    await influxd.stop();
  }
}
