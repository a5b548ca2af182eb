import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import type { Service } from '../../shared/lifecycle.ts';
import { COMPACT_ENCODING } from '../../shared/wire/compact-telemetry.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import { type Ack, ackSchema, parseMessage, type VesselEvent, type VesselStatus } from '../../shared/wire/messages.ts';
import { topicFor } from '../../shared/wire/topics.ts';
import { readStoredBatch, type Outbox, type SealedBatch } from '../outbox/outbox.ts';
import { LinkBudget } from './link-budget.ts';
import { Backoff } from '../retry/backoff.ts';

export interface MqttLinkOptions {
  vessel: VesselId;
  url: string;
  /** Defaults to the vessel id: the shore broker knows vessels by their id. */
  username?: string;
  password?: string;
  /** For `mqtts`: files of the CA that signed the shore's certificate, and of this vessel's client certificate. */
  tls?: { ca?: string; cert?: string; key?: string };
  /** Batches published and not yet acknowledged, at most. */
  maxInFlight: number;
  /** A batch unacknowledged this long is sent again (storage is idempotent, so repeats are harmless). */
  ackTimeoutMs: number;
  statusIntervalMs: number;
  /** Seconds between MQTT pings when nothing else is sent: long, because each costs on a satellite link. */
  keepaliveSeconds?: number;
  reconnect?: { minMs: number; maxMs: number };
  /** Average bytes per second the link may spend on telemetry; 0 = as fast as it goes. */
  budgetBytesPerSecond?: number;
  /** Batches sealed this recently (wall ms) are live: they go before the backlog. */
  liveWindowMs?: number;
  /** `compact` once the shore has said it reads it; `json` always sends the contract's JSON. */
  encoding?: 'compact' | 'json';
}

/** Stored events published at once and not yet acknowledged by the broker, at most. */
const MAX_EVENTS_IN_FLIGHT = 16;
/** Kept in the outbox's meta table, so a restarted agent remembers what its shore reads. */
const SHORE_READS_COMPACT = 'shore_reads_compact';

/**
 * Carries sealed batches from the outbox to shore and removes them when shore's `ack` names them. Publishes
 * only while connected, so nothing is ever dropped by a client-side queue: the outbox is the only queue.
 *
 * Order on the link: live batches first, then the backlog oldest first, all within the byte budget, so after
 * days offline the skipper's shore still sees the present while the past drains behind it.
 */
export class MqttLink implements Service {
  private client: MqttClient | undefined;
  /** seq → wall time sent. */
  private readonly inFlight = new Map<number, number>();
  /** Batches whose compact form went unacknowledged: they are sent again as JSON, which any shore reads. */
  private readonly jsonOnly = new Set<number>();
  /** Ids of stored events published and not yet PUBACKed on this connection. */
  private readonly eventsInFlight = new Set<number>();
  private statusTimer: NodeJS.Timeout | undefined;
  private budgetTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private lastAckAt: number | undefined;
  /**
   * Doubles each time batches go unacknowledged, back to `ackTimeoutMs` on the next ack or connection: while shore
   * cannot store (its database is down) the vessel re-sends less and less often instead of piling up copies.
   */
  private resendAfterMs: number;
  private stopping = false;
  private readonly budget: LinkBudget;
  private readonly backoff: Backoff;
  /** Telemetry bytes published, by encoding: what the link cost. */
  readonly sent = { batches: 0, bytes: 0, compactBatches: 0 };
  /** Batches shore refused for good (kept in its dead letters) and this vessel therefore dropped, since start: in the status. */
  private refused = 0;

  constructor(
    private readonly options: MqttLinkOptions,
    private readonly outbox: Outbox,
    private readonly statusExtras: () => Record<string, number> = () => ({}),
    private readonly log: (msg: string, detail?: unknown) => void = () => {},
  ) {
    this.budget = new LinkBudget(options.budgetBytesPerSecond ?? 0);
    const reconnect = options.reconnect ?? { minMs: 1000, maxMs: 60_000 };
    this.backoff = new Backoff(reconnect.minMs, reconnect.maxMs);
    this.resendAfterMs = options.ackTimeoutMs;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  get lastAck(): number | undefined {
    return this.lastAckAt;
  }

  private status(state: VesselStatus['state']): string {
    return JSON.stringify({ state, t: Date.now(), backlog: this.outbox.backlog(), ...this.statusExtras(), refusedBatches: this.refused });
  }

  async start(): Promise<void> {
    const { vessel, url, username, password, tls } = this.options;
    this.client = mqtt.connect(url, {
      clientId: `sillage-edge-${vessel}`,
      username: username ?? (password === undefined ? undefined : vessel),
      password,
      // mqtts always verifies the shore's certificate (against `tls.ca` when given, the system's CAs otherwise).
      rejectUnauthorized: true,
      ca: tls?.ca === undefined ? undefined : readFileSync(tls.ca),
      cert: tls?.cert === undefined ? undefined : readFileSync(tls.cert),
      key: tls?.key === undefined ? undefined : readFileSync(tls.key),
      // Persistent session: acks published while the link was down are delivered on reconnect.
      clean: false,
      keepalive: this.options.keepaliveSeconds ?? 120,
      // Reconnection is ours (jittered backoff below); the client's own loop retries at a fixed period.
      reconnectPeriod: 0,
      connectTimeout: 60_000,
      queueQoSZero: false,
      // The packet writer's default cache is 65 536 preallocated Buffers (about 6 MB of heap) to save a few
      // microseconds per packet: a bad trade for a vessel that publishes a batch every minute.
      writeCache: false,
      will: { topic: topicFor(vessel, 'status'), payload: Buffer.from(this.status('offline')), qos: 1, retain: true },
    });
    this.client.on('connect', () => {
      this.backoff.reset();
      this.inFlight.clear();
      this.resendAfterMs = this.options.ackTimeoutMs;
      this.client!.subscribe(topicFor(vessel, 'ack'), { qos: 1 });
      this.publishStatus('online');
      this.sendQueuedEvents();
      this.flush();
    });
    this.client.on('close', () => {
      this.inFlight.clear();
      this.eventsInFlight.clear();
      this.scheduleReconnect();
    });
    this.client.on('error', () => {
      // Connection errors end in `close`, which schedules the next attempt; status shows the link state.
    });
    this.client.on('message', (topic, payload) => {
      if (topic !== topicFor(vessel, 'ack')) return;
      const ack = parseMessage(ackSchema, payload);
      if (!ack) return;
      const readsCompact = ack.encodings?.includes(COMPACT_ENCODING) ? 1 : 0;
      if (this.outbox.meta(SHORE_READS_COMPACT) !== readsCompact) this.outbox.setMetaValue(SHORE_READS_COMPACT, readsCompact);
      this.outbox.acknowledge(ack.seqs);
      this.dropRefused(ack.refused ?? []);
      for (const seq of ack.seqs) {
        this.inFlight.delete(seq);
        this.jsonOnly.delete(seq);
      }
      this.lastAckAt = Date.now();
      this.resendAfterMs = this.options.ackTimeoutMs;
      this.flush();
    });
    this.statusTimer = setInterval(() => {
      if (this.connected) this.publishStatus('online');
      this.flush();
    }, this.options.statusIntervalMs);
  }

  /**
   * Shore keeps a refused batch whole in its dead letters and will never store it: sending it again would only
   * repeat the refusal forever, so it leaves the outbox. The answer to a copy finds it gone and says nothing more.
   */
  private dropRefused(refused: NonNullable<Ack['refused']>): void {
    for (const { seq, reason, detail } of refused) {
      this.inFlight.delete(seq);
      this.jsonOnly.delete(seq);
      if (this.outbox.acknowledge([seq]) === 0) continue;
      this.refused++;
      this.log(`le quai a refusé le lot ${seq} : ${reason}`, detail);
    }
  }

  private scheduleReconnect(): void {
    if (this.stopping || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopping && !this.connected) this.client?.reconnect();
    }, this.backoff.next());
  }

  /** What goes on the wire for a stored batch: compact when the shore reads it, the contract's JSON otherwise. */
  private wireForm(batch: SealedBatch): { payload: Buffer | string; compact: boolean } {
    const compactAllowed = this.options.encoding !== 'json' && this.outbox.meta(SHORE_READS_COMPACT) === 1 && !this.jsonOnly.has(batch.seq);
    if (typeof batch.payload !== 'string' && compactAllowed) return { payload: batch.payload, compact: true };
    return { payload: typeof batch.payload === 'string' ? batch.payload : JSON.stringify(readStoredBatch(batch.payload)), compact: false };
  }

  /** Sends live batches, then the backlog oldest first, up to the in-flight window and the byte budget. */
  flush(): void {
    const client = this.client;
    if (!client?.connected) return;
    const now = Date.now();
    let timedOut = false;
    for (const [seq, sentAt] of this.inFlight) {
      if (now - sentAt > this.resendAfterMs) {
        this.inFlight.delete(seq);
        this.jsonOnly.add(seq);
        timedOut = true;
      }
    }
    if (timedOut) this.resendAfterMs = Math.min(this.resendAfterMs * 2, this.options.ackTimeoutMs * 32);
    const window = this.options.maxInFlight;
    if (this.inFlight.size >= window) return;
    const topic = topicFor(this.options.vessel, 'telemetry');
    const live = this.outbox.sealedSince(now - (this.options.liveWindowMs ?? 60_000), window);
    const candidates = live.length >= window ? live : [...live, ...this.outbox.unacked(window + live.length)];
    const leaving: { seq: number; payload: Buffer | string }[] = [];
    for (const batch of candidates) {
      if (this.inFlight.size >= window) break;
      if (this.inFlight.has(batch.seq)) continue;
      const { payload, compact } = this.wireForm(batch);
      const size = Buffer.byteLength(payload);
      if (!this.budget.trySpend(size)) {
        this.waitForBudget(size);
        break;
      }
      this.inFlight.set(batch.seq, now);
      this.sent.batches++;
      this.sent.bytes += size;
      if (compact) this.sent.compactBatches++;
      leaving.push({ seq: batch.seq, payload });
    }
    this.outbox.markSent(leaving.map((b) => b.seq));
    for (const { payload } of leaving) client.publish(topic, payload, { qos: 1 });
  }

  private waitForBudget(bytes: number): void {
    if (this.budgetTimer) return;
    this.budgetTimer = setTimeout(() => {
      this.budgetTimer = undefined;
      this.flush();
    }, Math.max(10, this.budget.waitFor(bytes)));
  }

  /**
   * Keeps an event in the outbox and sends it as soon as the link is up; it leaves the outbox when the broker
   * has acknowledged it (PUBACK), so neither a link down for days nor a restart loses it.
   */
  sendEvent(event: VesselEvent): void {
    this.outbox.storeEvent(event);
    this.sendQueuedEvents();
  }

  private sendQueuedEvents(): void {
    const client = this.client;
    if (!client?.connected) return;
    for (const { id, event } of this.outbox.storedEvents(MAX_EVENTS_IN_FLIGHT + this.eventsInFlight.size)) {
      if (this.eventsInFlight.size >= MAX_EVENTS_IN_FLIGHT) return;
      if (this.eventsInFlight.has(id)) continue;
      this.eventsInFlight.add(id);
      client.publish(topicFor(this.options.vessel, 'events'), JSON.stringify(event), { qos: 1 }, (err) => {
        // Without PUBACK (connection lost) the event stays stored and goes again on the next connection.
        if (!this.eventsInFlight.delete(id) || err) return;
        this.outbox.removeEvent(id);
        this.sendQueuedEvents();
      });
    }
  }

  private publishStatus(state: VesselStatus['state']): void {
    this.client?.publish(topicFor(this.options.vessel, 'status'), this.status(state), { qos: 1, retain: true });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.statusTimer);
    clearTimeout(this.budgetTimer);
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    if (!client) return;
    if (client.connected) {
      await new Promise<void>((resolve) => {
        client.publish(topicFor(this.options.vessel, 'status'), this.status('offline'), { qos: 1, retain: true }, () => resolve());
      });
    }
    await client.endAsync();
  }
}
