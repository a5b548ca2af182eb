import { createSocket, type Socket } from 'node:dgram';
import type { SignalPath } from '../../../shared/registry/index.ts';
import type { Readings, TelemetrySource } from '../../../shared/source.ts';
import { DeviceHealth, type DeviceStatus, type DeviceStatusListener } from '../device-health.ts';
import { FreshReadings } from '../fresh-readings.ts';
import { parseNmeaSentence } from './nmea-sentences.ts';

export interface NmeaUdpSourceOptions {
  name: string;
  /** Where to listen for the GNSS's datagrams (NMEA 0183 over UDP, one or more sentences each). */
  host: string;
  port: number;
  /** A position older than this is not sampled; no valid sentence for this long makes the receiver silent. */
  maxAgeMs: number;
  onStatus: DeviceStatusListener;
}

/** Every sentence left out, by reason. */
export type NmeaRejectCounts = Record<'no-checksum' | 'bad-checksum' | 'malformed' | 'no-fix' | 'unsupported', number>;

/**
 * Listens for NMEA 0183 datagrams from a GNSS receiver: each sentence with a valid checksum updates position,
 * speed and course; everything else is counted and left out. A receiver that stops sending, or sends only
 * garbage, is reported; when it talks again it is back without any action.
 */
export class NmeaUdpSource implements TelemetrySource {
  readonly name: string;
  readonly rejected: NmeaRejectCounts = { 'no-checksum': 0, 'bad-checksum': 0, malformed: 0, 'no-fix': 0, unsupported: 0 };
  accepted = 0;
  private socket: Socket | undefined;
  private readonly readings: FreshReadings;
  private readonly health: DeviceHealth;
  private lastValidAt = Date.now();
  private lastInvalid: { at: number; reason: string } | undefined;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(private readonly options: NmeaUdpSourceOptions) {
    this.name = options.name;
    this.readings = new FreshReadings(options.maxAgeMs);
    // Nothing to retry for a listener: the receiver's next datagram is the retry.
    this.health = new DeviceHealth(options.name, 'gnss', options.onStatus, { minMs: 0, maxMs: 0 });
  }

  get port(): number {
    const address = this.socket?.address();
    return address ? address.port : this.options.port;
  }

  async start(): Promise<void> {
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    this.socket = socket;
    socket.on('message', (datagram) => this.receive(datagram));
    socket.on('error', (err) => this.health.failed('disconnected', err.message));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port, this.options.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    this.lastValidAt = Date.now();
    this.watchdog = setInterval(() => {
      const quiet = Date.now() - this.lastValidAt;
      if (quiet <= this.options.maxAgeMs) return;
      // Judged over the whole window, not per datagram: a receiver mixing good and bad sentences does not flap.
      if (this.lastInvalid && this.lastInvalid.at > Date.now() - this.options.maxAgeMs) this.health.garbage(`no valid sentence for ${quiet} ms; last: ${this.lastInvalid.reason}`);
      else this.health.failed('silent', `no valid sentence for ${quiet} ms`);
    }, Math.max(250, this.options.maxAgeMs / 2));
  }

  async stop(): Promise<void> {
    clearInterval(this.watchdog);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  read(): Readings {
    return this.readings.take();
  }

  status(): DeviceStatus[] {
    return [this.health.snapshot()];
  }

  private receive(datagram: Buffer): void {
    // A datagram is at most a few sentences of 82 characters; a much larger one is not NMEA.
    const lines = datagram.length > 4096 ? [] : datagram.toString('latin1').split(/\r?\n/).filter((l) => l.trim() !== '');
    let valid = 0;
    let reason = '';
    for (const line of lines) {
      const verdict = parseNmeaSentence(line);
      if (!verdict.ok) {
        this.rejected[verdict.reason]++;
        if (verdict.reason !== 'unsupported' && verdict.reason !== 'no-fix') reason = `${verdict.reason}: ${verdict.detail}`;
        continue;
      }
      for (const [path, value] of Object.entries(verdict.readings)) if (value !== undefined) this.readings.set(path as SignalPath, value);
      valid++;
    }
    if (lines.length === 0) {
      this.rejected.malformed++;
      reason = `malformed: ${datagram.length}-byte datagram`;
    }
    if (valid > 0) {
      this.accepted += valid;
      this.lastValidAt = Date.now();
      this.health.ok();
    } else if (reason) {
      this.lastInvalid = { at: Date.now(), reason };
    }
  }
}
