import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import type { Service } from '../../shared/lifecycle.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import { ackSchema, parseMessage, type VesselEvent, type VesselStatus } from '../../shared/wire/messages.ts';
import { topicFor } from '../../shared/wire/topics.ts';
import type { Outbox } from '../outbox/outbox.ts';

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
}

/**
 * Carries sealed batches from the outbox to shore and removes them when shore's `ack` names them. Publishes
 * only while connected, so nothing is ever dropped by a client-side queue: the outbox is the only queue.
 */
export class MqttLink implements Service {
  private client: MqttClient | undefined;
  private readonly inFlight = new Map<number, number>();
  private statusTimer: NodeJS.Timeout | undefined;
  private lastAckAt: number | undefined;
  /**
   * Doubles each time batches go unacknowledged, back to `ackTimeoutMs` on the next ack: while shore cannot store
   * (its database is down) the vessel re-sends less and less often instead of piling copies up in the broker.
   */
  private resendAfterMs: number;

  constructor(
    private readonly options: MqttLinkOptions,
    private readonly outbox: Outbox,
  ) {
    this.resendAfterMs = options.ackTimeoutMs;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  get lastAck(): number | undefined {
    return this.lastAckAt;
  }

  async start(): Promise<void> {
    const { vessel, url, username, password, tls } = this.options;
    const offline: VesselStatus = { state: 'offline', t: Date.now(), backlog: this.outbox.backlog() };
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
      keepalive: 60,
      reconnectPeriod: 2000,
      connectTimeout: 30_000,
      queueQoSZero: false,
      will: { topic: topicFor(vessel, 'status'), payload: Buffer.from(JSON.stringify(offline)), qos: 1, retain: true },
    });
    this.client.on('connect', () => {
      this.inFlight.clear();
      this.resendAfterMs = this.options.ackTimeoutMs;
      this.client!.subscribe(topicFor(vessel, 'ack'), { qos: 1 });
      this.publishStatus('online');
      this.flush();
    });
    this.client.on('close', () => this.inFlight.clear());
    this.client.on('error', () => {
      // Connection errors are retried by the client's reconnect loop; status shows the link state.
    });
    this.client.on('message', (topic, payload) => {
      if (topic !== topicFor(vessel, 'ack')) return;
      const ack = parseMessage(ackSchema, payload);
      if (!ack) return;
      this.outbox.acknowledge(ack.seqs);
      for (const seq of ack.seqs) this.inFlight.delete(seq);
      this.lastAckAt = Date.now();
      this.resendAfterMs = this.options.ackTimeoutMs;
      this.flush();
    });
    this.statusTimer = setInterval(() => {
      if (this.connected) this.publishStatus('online');
      this.flush();
    }, this.options.statusIntervalMs);
  }

  /** Sends unacknowledged batches, oldest first, up to the in-flight window; resends those that timed out. */
  flush(): void {
    const client = this.client;
    if (!client?.connected) return;
    const now = Date.now();
    let timedOut = false;
    for (const [seq, sentAt] of this.inFlight) {
      if (now - sentAt > this.resendAfterMs) {
        this.inFlight.delete(seq);
        timedOut = true;
      }
    }
    if (timedOut) this.resendAfterMs = Math.min(this.resendAfterMs * 2, this.options.ackTimeoutMs * 32);
    const room = this.options.maxInFlight - this.inFlight.size;
    if (room <= 0) return;
    const topic = topicFor(this.options.vessel, 'telemetry');
    for (const batch of this.outbox.unacked(this.options.maxInFlight)) {
      if (this.inFlight.has(batch.seq)) continue;
      if (this.inFlight.size >= this.options.maxInFlight) break;
      this.inFlight.set(batch.seq, now);
      client.publish(topic, batch.payload, { qos: 1 });
    }
  }

  /**
   * Sends an alarm or trip event ashore if the link is up; returns false when it is not, and the caller keeps
   * the event (nothing is left in the client's queue, where it would be lost on restart and hold up stop()).
   */
  publishEvent(event: VesselEvent): boolean {
    if (!this.client?.connected) return false;
    this.client.publish(topicFor(this.options.vessel, 'events'), JSON.stringify(event), { qos: 1 });
    return true;
  }

  private publishStatus(state: VesselStatus['state']): void {
    const status: VesselStatus = { state, t: Date.now(), backlog: this.outbox.backlog() };
    this.client?.publish(topicFor(this.options.vessel, 'status'), JSON.stringify(status), { qos: 1, retain: true });
  }

  async stop(): Promise<void> {
    clearInterval(this.statusTimer);
    const client = this.client;
    if (!client) return;
    if (client.connected) {
      await new Promise<void>((resolve) => {
        const status: VesselStatus = { state: 'offline', t: Date.now(), backlog: this.outbox.backlog() };
        client.publish(topicFor(this.options.vessel, 'status'), JSON.stringify(status), { qos: 1, retain: true }, () => resolve());
      });
    }
    await client.endAsync();
  }
}
