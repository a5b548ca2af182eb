import { setTimeout as sleep } from 'node:timers/promises';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { z } from 'zod';
import type { Service } from '../../shared/lifecycle.ts';
import { isVesselId, type VesselId } from '../../shared/wire/ids.ts';
import { type Ack, eventSchema, parseMessage, statusSchema } from '../../shared/wire/messages.ts';
import { COMPACT_ENCODING, isCompactPayload } from '../../shared/wire/compact-telemetry.ts';
import { MAX_BATCH_BYTES, type Rejection, type TelemetrySample } from '../../shared/wire/telemetry.ts';
import { parseTelemetryPayload } from '../../shared/wire/telemetry-payload.ts';
import { fleetFilter, parseTopic, topicFor } from '../../shared/wire/topics.ts';
import type { VesselDirectory } from '../fleet/vessel-directory.ts';
import type { Metrics } from '../metrics.ts';
import type { TimeSeriesStore } from '../store/port.ts';
import { isPermanentStoreError } from '../store/store-errors.ts';
import { ClockWatch } from './clock-watch.ts';
import type { DeadLetters } from './dead-letters.ts';

export interface IngestOptions {
  brokerUrl: string;
  username?: string;
  password?: string;
  clientId: string;
  /** Set for several workers on one external broker: they then share the fleet's telemetry (MQTT 5). */
  sharedGroup?: string;
  /** First and longest pause between attempts to write a batch while the store is down. */
  retry?: { firstMs: number; maxMs: number };
  /** Messages handled at once (see `Ingest.inFlight`). */
  window?: number;
}

const RECENT_SEQS = 4096;
const DEFAULT_RETRY = { firstMs: 200, maxMs: 5000 };
const DEFAULT_WINDOW = 16;
/** A payload too large to be a batch is still read for its seq up to this size, so that it can be named. */
const MAX_NAMED_BYTES = 4 * MAX_BATCH_BYTES;
const seqShape = z.object({ seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) });

/**
 * How a store write ended: durably written, refused for good (with the store's reason), failed for now (the
 * store is down: `unavailable`), or given up on stop.
 */
type WriteOutcome = { written: true } | { written: false; refused?: string; unavailable?: string };

/** What became of one telemetry payload of a vessel. */
export type TelemetryOutcome =
  /** Durably stored: `values` values in `samples` samples; `rejected` values or samples refused one by one and kept. */
  | { kind: 'stored'; seq: number; samples: number; values: number; rejected: number }
  /** This batch (seq and first sample time) was stored already: nothing written again. */
  | { kind: 'duplicate'; seq: number }
  /** It can never be stored as it is: unreadable as a batch, or refused by the store. */
  | { kind: 'refused'; seq: number | undefined; rejection: Rejection }
  /** Not written: the store is down (`unavailable`, its error) or the ingest is stopping. */
  | { kind: 'not-written'; seq: number; unavailable?: string };

/** What a replay of a dead letter did; `alreadyReplayed` when an earlier replay had stored it. */
export type ReplayOutcome = TelemetryOutcome & { letter: number; vessel: VesselId; alreadyReplayed: boolean };

/**
 * The seq of a payload refused whole, when it can be read: the vessel is then told the batch is refused. A
 * compact payload that cannot be decoded stays unnamed: unacknowledged, the vessel sends it again as JSON.
 */
function refusedSeq(payload: Buffer, rejection: Rejection): number | undefined {
  let json: unknown = rejection.item;
  if (rejection.reason === 'too-large' && !isCompactPayload(payload) && payload.length <= MAX_NAMED_BYTES) {
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      return undefined;
    }
  } else if (rejection.reason !== 'invalid-batch') {
    return undefined;
  }
  const shape = seqShape.safeParse(json);
  return shape.success ? shape.data.seq : undefined;
}

/**
 * Shore's side of the link: validates each telemetry batch, stores what is good, keeps what is not with its
 * reason, and acknowledges a batch to its vessel only after the store has durably written it. A message that
 * fails in any way is counted and dropped alone; the next one is processed as if nothing happened. A batch
 * that can never be stored (unreadable as a batch, or refused by the store) is kept whole as a dead letter
 * and named as refused on the vessel's ack topic, so that the vessel stops sending it.
 */
export class Ingest implements Service {
  private client: MqttClient | undefined;
  /**
   * Batches stored lately, by seq and first sample time: a vessel whose outbox was replaced starts its seqs
   * again at 1, and its new batch 1 must be stored, not taken for the old one.
   */
  private readonly recentBatches = new Map<VesselId, Set<string>>();
  /** Batches being written now, so that a copy arriving meanwhile (several are in flight) waits for the first. */
  private readonly writing = new Map<string, Promise<WriteOutcome>>();
  private readonly stopping = new AbortController();
  private readonly clockWatch = new ClockWatch();
  /**
   * Up to `window` messages are handled at once, so that parsing the next batch overlaps the store's work on
   * the previous ones. A message is PUBACKed to the broker when it is taken in. While the window is full or the
   * store is down, the message that arrived is held untouched with its PUBACK, and the broker keeps everything
   * behind it: memory stays bounded however long an outage lasts. A vessel's batch is acknowledged to the vessel
   * only after its durable write; one taken in but lost with this process is sent again by the vessel, which
   * keeps every unacknowledged batch.
   */
  private inFlight = 0;
  private held: { packet: IPublishPacket; done: () => void; arrived: number } | undefined;
  /** When the store stopped taking writes, while it is down: shared by every batch retrying through the outage. */
  private outageSince: number | undefined;

  constructor(
    private readonly options: IngestOptions,
    private readonly store: TimeSeriesStore,
    private readonly directory: VesselDirectory,
    private readonly deadLetters: DeadLetters,
    private readonly metrics: Metrics,
    private readonly log: (msg: string, detail?: unknown) => void = () => {},
  ) {}

  async start(): Promise<void> {
    const { brokerUrl, username, password, clientId, sharedGroup } = this.options;
    const client = mqtt.connect(brokerUrl, {
      clientId, username, password, clean: true, reconnectPeriod: 1000,
      protocolVersion: sharedGroup ? 5 : 4,
    });
    this.client = client;
    // PUBACK goes out only when the callback runs: the broker holds further messages while the window is full.
    client.handleMessage = (packet, done) => {
      // The broker sends nothing more on this connection until `done`: at most one message is ever held.
      this.held = { packet, done: () => done(), arrived: performance.now() };
      this.takeHeld();
    };
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    const telemetry = sharedGroup ? `$share/${sharedGroup}/${fleetFilter('telemetry')}` : fleetFilter('telemetry');
    await client.subscribeAsync([telemetry, fleetFilter('status'), fleetFilter('events')], { qos: 1 });
  }

  private takeHeld(): void {
    if (!this.held || this.outageSince !== undefined || this.inFlight >= (this.options.window ?? DEFAULT_WINDOW)) return;
    const { packet, done, arrived } = this.held;
    this.held = undefined;
    this.inFlight++;
    this.handle(packet.topic, packet.payload as Buffer, arrived)
      .catch((err: Error) => this.log('ingest failed', err.message))
      .finally(() => {
        this.inFlight--;
        this.takeHeld();
      });
    done();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.client?.endAsync();
  }

  /** `arrived`: `performance.now()` when the message reached this process, which an ack's latency runs from. */
  private async handle(topic: string, payload: Buffer, arrived: number): Promise<void> {
    const parsed = parseTopic(topic);
    if (!parsed) return;
    const { vessel, kind } = parsed;
    if (kind === 'telemetry') return this.telemetry(vessel, topic, payload, arrived);
    if (kind === 'status') {
      const status = parseMessage(statusSchema, payload);
      if (status) this.directory.setStatus(vessel, status);
      return;
    }
    if (kind === 'events') {
      const event = parseMessage(eventSchema, payload);
      if (event) this.directory.addEvent(vessel, event);
    }
  }

  private reject(vessel: VesselId, topic: string, rejection: Rejection): void {
    this.metrics.rejects.inc({ reason: rejection.reason });
    this.deadLetters.add({ vessel, topic, ...rejection });
  }

  /**
   * Keeps a batch refused whole (once per distinct payload, however often the vessel sends it) and, when its
   * seq is known, tells the vessel so, with the reason its first copy was refused for.
   */
  private refuse(vessel: VesselId, topic: string, payload: Buffer, seq: number | undefined, rejection: Rejection): void {
    const refusal = this.deadLetters.refuseBatch({ vessel, topic, seq, payload, ...rejection });
    if (refusal.first) {
      this.metrics.rejects.inc({ reason: rejection.reason });
      this.metrics.refusedBatches.inc({ vessel, reason: rejection.reason });
      this.log('batch refused and kept as a dead letter', { vessel, seq, reason: rejection.reason, detail: rejection.detail.slice(0, 200) });
    } else {
      this.metrics.duplicates.inc();
    }
    if (seq !== undefined) this.answer(vessel, { seqs: [], refused: [{ seq, reason: refusal.reason, detail: refusal.detail.slice(0, 500) }] });
  }

  private async telemetry(vessel: VesselId, topic: string, payload: Buffer, arrived: number): Promise<void> {
    const outcome = await this.ingestTelemetry(vessel, topic, payload, (samples) => this.writeThroughOutage(vessel, samples));
    if (outcome.kind === 'refused') {
      // The whole payload, refused values included, is the dead letter: they are not kept one by one as well.
      this.refuse(vessel, topic, payload, outcome.seq, outcome.rejection);
    } else if (outcome.kind !== 'not-written') {
      this.acknowledge(vessel, outcome.seq, arrived);
    }
  }

  /**
   * Pushes the payload a dead letter kept back through ingest, once whatever made shore refuse it is fixed: the
   * same checks, idempotent write and change log as a batch arriving from its vessel, but a single store attempt
   * (an engineer waits on the answer; a store down is reported, not waited out) and no answer to the vessel,
   * which dropped the batch when it was refused. Refused again, nothing new is kept: the letter stays as it was.
   * Undefined for an unknown letter or one whose payload was not kept.
   */
  async replay(id: number): Promise<ReplayOutcome | undefined> {
    const kept = this.deadLetters.keptBatch(id);
    if (!kept || !isVesselId(kept.vessel)) return undefined;
    const vessel = kept.vessel;
    const outcome = await this.ingestTelemetry(vessel, kept.topic, kept.payload, (samples) => this.writeOnce(vessel, samples));
    if (outcome.kind === 'stored' || outcome.kind === 'duplicate') this.deadLetters.markReplayed(id, Date.now());
    this.log('dead letter replayed', { letter: id, vessel, outcome: outcome.kind });
    return { ...outcome, letter: id, vessel, alreadyReplayed: kept.replayedAt !== null };
  }

  /**
   * One telemetry payload of a vessel, from validation to the durable write by `write`: what an MQTT message and
   * a replay share. A batch stored already is not written again; the values refused one by one in a stored batch
   * are kept as dead letters under `topic`.
   */
  private async ingestTelemetry(vessel: VesselId, topic: string, payload: Buffer,
    write: (samples: readonly TelemetrySample[]) => Promise<WriteOutcome>): Promise<TelemetryOutcome> {
    const now = Date.now();
    const parsed = parseTelemetryPayload(payload, now);
    if (!parsed.ok) return { kind: 'refused', seq: refusedSeq(payload, parsed.rejection), rejection: parsed.rejection };
    const { batch, rejections } = parsed;
    this.metrics.batches.inc({ vessel });
    const recent = this.recentBatches.get(vessel) ?? new Set<string>();
    this.recentBatches.set(vessel, recent);
    const identity = `${batch.seq}@${batch.samples[0]?.t ?? ''}`;
    const pending = this.writing.get(`${vessel}/${identity}`);
    if (recent.has(identity) || (pending && (await pending).written)) {
      this.metrics.duplicates.inc();
      return { kind: 'duplicate', seq: batch.seq };
    }
    const times = batch.samples.map((sample) => sample.t);
    for (const event of this.clockWatch.inspect(vessel, batch.seq, times, rejections, now)) this.directory.addEvent(vessel, event);
    const writing = write(batch.samples);
    this.writing.set(`${vessel}/${identity}`, writing);
    const outcome = await writing.finally(() => this.writing.delete(`${vessel}/${identity}`));
    if (!outcome.written) {
      if (outcome.refused !== undefined) return { kind: 'refused', seq: batch.seq, rejection: { reason: 'store-refused', detail: outcome.refused, item: null } };
      return { kind: 'not-written', seq: batch.seq, unavailable: outcome.unavailable };
    }
    // Kept once the batch is stored: a copy re-sent before that would otherwise keep them again.
    for (const r of rejections) this.reject(vessel, topic, r);
    let values = 0;
    let newest = 0;
    for (const s of batch.samples) {
      values += Object.keys(s.v).length;
      if (s.t > newest) newest = s.t;
    }
    this.metrics.values.inc({ vessel }, values);
    if (batch.samples.length > 0) this.directory.recordIngest(vessel, newest, now);
    recent.add(identity);
    if (recent.size > RECENT_SEQS) recent.delete(recent.values().next().value!);
    return { kind: 'stored', seq: batch.seq, samples: batch.samples.length, values, rejected: rejections.length };
  }

  /** One attempt at writing a batch: the store's error is classified, never retried. */
  private async writeOnce(vessel: VesselId, samples: readonly TelemetrySample[]): Promise<WriteOutcome> {
    const timer = this.metrics.storeWrite.startTimer();
    try {
      await this.store.write(vessel, samples);
      timer();
      return { written: true };
    } catch (err) {
      this.metrics.storeErrors.inc();
      const message = (err as Error).message;
      return isPermanentStoreError(err) ? { written: false, refused: message } : { written: false, unavailable: message };
    }
  }

  /**
   * Writes until the store has the batch: an outage is retried with a growing pause, and the store's return
   * resumes ingest by itself. Not written when the store refused the batch (it is never retried) or the ingest
   * is stopping (the batch stays unacknowledged and the vessel sends it again).
   */
  private async writeThroughOutage(vessel: VesselId, samples: readonly TelemetrySample[]): Promise<WriteOutcome> {
    const retry = this.options.retry ?? DEFAULT_RETRY;
    let pause = retry.firstMs;
    for (;;) {
      const outcome = await this.writeOnce(vessel, samples);
      if (outcome.written) {
        if (this.outageSince !== undefined) {
          this.metrics.storeAvailable.set(1);
          this.log('store back; ingest resumed', { outageMs: Date.now() - this.outageSince });
          this.outageSince = undefined;
        }
        return outcome;
      }
      if (outcome.refused !== undefined) return outcome;
      if (this.outageSince === undefined) {
        this.outageSince = Date.now();
        this.metrics.storeAvailable.set(0);
        this.log('store unavailable; acknowledgements withheld while retrying', outcome.unavailable);
      }
      try {
        await sleep(pause, undefined, { signal: this.stopping.signal });
      } catch {
        return { written: false };
      }
      pause = Math.min(pause * 2, retry.maxMs);
    }
  }

  /** Timed up to the broker's PUBACK of the ack: store stalls, retries and a slow broker all show in the latency. */
  private acknowledge(vessel: VesselId, seq: number, arrived: number): void {
    this.answer(vessel, { seqs: [seq] }, () => this.directory.recordAck(vessel, performance.now() - arrived));
  }

  private answer(vessel: VesselId, ack: Omit<Ack, 'encodings'>, accepted?: () => void): void {
    // Naming the compact encoding in every ack is how a vessel learns it may use it (shared/wire/compact-telemetry.ts).
    this.client?.publish(topicFor(vessel, 'ack'), JSON.stringify({ ...ack, encodings: [COMPACT_ENCODING] }), { qos: 1 }, (err) => {
      if (!err) accepted?.();
    });
  }
}
