import { spawn } from 'node:child_process';
import mqtt, { type MqttClient } from 'mqtt';
import { lookupSignal, pathsFor, type SignalPath } from '../../shared/registry/index.ts';
import { encodeCompactBatch } from '../../shared/wire/compact-telemetry.ts';
import { asVesselId, type VesselId } from '../../shared/wire/ids.ts';
import type { TelemetryBatch } from '../../shared/wire/telemetry.ts';
import { topicFor } from '../../shared/wire/topics.ts';

/** A trawler's worth of signals: the registry's paths for a well-equipped vessel, cut to `count`. */
export function fleetPaths(count = 80): SignalPath[] {
  const ids = ['main', 'aux', 'port', 'stbd', 'fwd'];
  // Some patterns serve two equipment kinds (an engine and a motor both turn a shaft): each path once.
  const paths = [...new Set(pathsFor({
    batteries: ids, generators: ids, motors: ids, solar: ids, windGenerators: ids.slice(0, 2),
    hydroGenerators: ids.slice(0, 2), loads: ids, fuelTanks: ids,
  }))];
  if (paths.length < count) throw new Error(`the registry gives only ${paths.length} paths, ${count} asked`);
  return paths.slice(0, count);
}

/**
 * A value inside the path's physical range, a whole multiple of its resolution (the grid the compact encoding
 * quantises to, so that both encodings carry the same value), varying with `i` so that no two neighbours repeat.
 */
function valueFor(path: SignalPath, i: number): number {
  const def = lookupSignal(path)!;
  const span = def.max - def.min;
  const raw = def.min + span * (0.25 + 0.5 * ((i * 7919) % 1000) / 1000);
  return Number((Math.round(raw / def.resolution) * def.resolution).toPrecision(12));
}

/** One telemetry batch: `samples` instants from `t0`, one every `stepMs`, every path in each. */
function syntheticSamples(paths: readonly SignalPath[], seq: number, t0: number, samples: number, stepMs: number): TelemetryBatch {
  const out = [];
  for (let s = 0; s < samples; s++) {
    const v: Record<string, number> = {};
    paths.forEach((p, j) => { v[p] = valueFor(p, seq * samples + s + j); });
    out.push({ t: t0 + s * stepMs, v });
  }
  return { seq, samples: out } as TelemetryBatch;
}

/** One telemetry batch in the contract's JSON: `samples` instants from `t0`, one every `stepMs`, every path in each. */
export function syntheticBatch(paths: readonly SignalPath[], seq: number, t0: number, samples: number, stepMs = 1000): string {
  return JSON.stringify(syntheticSamples(paths, seq, t0, samples, stepMs));
}

/** The same batch in the compact encoding a vessel sends once the shore says it reads it (docs/LINK.md). */
export function compactSyntheticBatch(paths: readonly SignalPath[], seq: number, t0: number, samples: number, stepMs = 1000): Buffer {
  const encoded = encodeCompactBatch(syntheticSamples(paths, seq, t0, samples, stepMs));
  if (!encoded) throw new Error('a synthetic batch could not be quantised');
  return encoded;
}

export interface VesselLoad {
  readonly vessel: VesselId;
  /** Seqs in the order they were acknowledged by shore (repeats included). */
  readonly acks: number[];
  readonly valuesSent: number;
  /** Longest time from publishing a batch to its first ack. */
  readonly maxAckDelayMs: number;
}

export interface FleetRun {
  readonly vessels: readonly VesselLoad[];
  /** From the first publish to the last batch acknowledged. */
  readonly elapsedMs: number;
  readonly valuesSent: number;
  /** CPU seconds this process spent over `elapsedMs`: whether the load generator, not shore, is the ceiling. */
  readonly cpuSeconds: number;
}

export interface FleetOptions {
  brokerUrl: string;
  vessels: number;
  batchesPerVessel: number;
  samplesPerBatch: number;
  paths: readonly SignalPath[];
  /** Time of the first sample of vessel 0; each batch follows the previous one without overlap. */
  t0: number;
  /** Batches a vessel keeps unacknowledged at once, as the edge link does with its outbox. */
  window?: number;
  prefix?: string;
  /** The run fails if some batch is still unacknowledged by then. */
  timeoutMs?: number;
  /** Encode each batch just before sending it instead of all ahead (for backlogs too large to hold encoded). */
  encodeLazily?: boolean;
  /** Live pace: batch n is not sent before n × paceMs after the start. */
  paceMs?: number;
  /** How batches are encoded on the wire: the contract's JSON (the default) or the compact encoding. */
  encoding?: 'json' | 'compact';
}

/**
 * Simulated vessels as plain MQTT clients speaking the contract: each publishes its batches with QoS 1, keeps
 * at most `window` of them unacknowledged, and counts the acks shore sends back on its own topic.
 */
export async function runFleet(options: FleetOptions): Promise<FleetRun> {
  const { brokerUrl, vessels, batchesPerVessel, samplesPerBatch, paths, t0 } = options;
  const window = options.window ?? 4;
  const prefix = options.prefix ?? 'sim';
  const spanMs = samplesPerBatch * 1000;
  // Encoded before the clock starts, so that a figure measures shore and not this generator.
  const encode = (b: number) => (options.encoding === 'compact' ? compactSyntheticBatch : syntheticBatch)(paths, b + 1, t0 + b * spanMs, samplesPerBatch);
  const prebuilt = options.encodeLazily ? undefined : Array.from({ length: batchesPerVessel }, (_, b) => encode(b));
  const clients: MqttClient[] = [];
  try {
    const loads = await Promise.all(Array.from({ length: vessels }, async (_, v) => {
      const vessel = asVesselId(`${prefix}-${v}`);
      const client = await mqtt.connectAsync(brokerUrl, { clientId: `${prefix}-vessel-${v}`, clean: true, reconnectPeriod: 0 });
      clients.push(client);
      await client.subscribeAsync(topicFor(vessel, 'ack'), { qos: 1 });
      return { vessel, client, acks: [] as number[], maxAckDelayMs: 0 };
    }));
    const started = Date.now();
    const cpuAtStart = process.cpuUsage();
    const deadline = started + (options.timeoutMs ?? 120_000);
    await Promise.all(loads.map((load) => new Promise<void>((resolve, reject) => {
      const { vessel, client, acks } = load;
      const acked = new Set<number>();
      const sentAt = new Map<number, number>();
      let next = 0;
      const timer = setInterval(() => {
        if (Date.now() > deadline) {
          clearInterval(timer);
          reject(new Error(`${vessel}: ${acked.size} of ${batchesPerVessel} batches acknowledged before the deadline`));
        }
        fill();
      }, options.paceMs ? Math.min(options.paceMs, 500) : 500);
      const fill = () => {
        while (next < batchesPerVessel && next - acked.size < window && (!options.paceMs || Date.now() >= started + next * options.paceMs)) {
          sentAt.set(next + 1, Date.now());
          client.publish(topicFor(vessel, 'telemetry'), prebuilt?.[next] ?? encode(next), { qos: 1 });
          next++;
        }
        if (acked.size === batchesPerVessel) {
          clearInterval(timer);
          resolve();
        }
      };
      client.on('message', (_topic, payload) => {
        for (const seq of (JSON.parse(payload.toString()) as { seqs: number[] }).seqs) {
          acks.push(seq);
          if (!acked.has(seq)) load.maxAckDelayMs = Math.max(load.maxAckDelayMs, Date.now() - (sentAt.get(seq) ?? Date.now()));
          acked.add(seq);
        }
        fill();
      });
      fill();
    })));
    const elapsedMs = Date.now() - started;
    const cpu = process.cpuUsage(cpuAtStart);
    const valuesPerVessel = batchesPerVessel * samplesPerBatch * paths.length;
    return {
      vessels: loads.map(({ vessel, acks, maxAckDelayMs }) => ({ vessel, acks, valuesSent: valuesPerVessel, maxAckDelayMs })),
      elapsedMs,
      valuesSent: valuesPerVessel * vessels,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    await Promise.all(clients.map((c) => c.endAsync()));
  }
}

/** `runFleet` in a child process (see fleet-process.ts). */
export async function runFleetProcess(options: FleetOptions): Promise<FleetRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./fleet-process.ts', import.meta.url).pathname, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-4000); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`simulated fleet exited with ${code}: ${err}`);
  return JSON.parse(out) as FleetRun;
}
