import type { SignalPath } from '../../../shared/registry/index.ts';
import type { Readings, TelemetrySource } from '../../../shared/source.ts';
import { DeviceHealth, type DeviceStatus, type DeviceStatusListener } from '../device-health.ts';
import { FreshReadings } from '../fresh-readings.ts';
import { NMEA_REJECT_REASONS, NmeaSentenceReader, type NmeaRejectReason, type NmeaSentenceOptions } from './nmea-sentences.ts';
import { TcpClientLink, UdpListenLink, type LinkListener, type NmeaLink } from './nmea-links.ts';

export interface NmeaSourceOptions extends NmeaSentenceOptions {
  name: string;
  /** `udp`: listen on host:port for datagrams; `tcp`: connect to the device at host:port. */
  transport: 'udp' | 'tcp';
  host: string;
  port: number;
  /** A value older than this is not sampled; no valid sentence for this long makes the device silent. */
  maxAgeMs: number;
  /** Longer lines are dropped and counted (a sentence is at most 82 characters; some talkers go beyond). */
  maxLineLength: number;
  /** Pauses between TCP connection attempts. */
  retry: { minMs: number; maxMs: number };
  onStatus: DeviceStatusListener;
}

/** Every sentence left out, by reason. */
export type NmeaRejectCounts = Record<NmeaRejectReason, number>;

/**
 * NMEA 0183 instruments (GNSS, echo sounder, wind, compass, engine, transducers) over UDP or TCP: each sentence
 * with a valid checksum updates its registry paths; everything else is counted by reason and left out. A device
 * that stops talking, talks only garbage or drops its connection is reported; when it talks again it is back
 * without any action.
 */
export class NmeaSource implements TelemetrySource {
  readonly name: string;
  readonly rejected = Object.fromEntries(NMEA_REJECT_REASONS.map((r) => [r, 0])) as NmeaRejectCounts;
  accepted = 0;
  private readonly reader: NmeaSentenceReader;
  private readonly link: NmeaLink;
  private readonly readings: FreshReadings;
  private readonly health: DeviceHealth;
  private lastValidAt = Date.now();
  private lastInvalid: { at: number; reason: string } | undefined;
  private disconnected = false;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(private readonly options: NmeaSourceOptions) {
    this.name = options.name;
    this.reader = new NmeaSentenceReader(options);
    this.readings = new FreshReadings(options.maxAgeMs);
    // The link paces its own reconnections; the health only reports.
    const device = options.transport === 'udp' ? 'gnss' : `${options.host}:${options.port}`;
    this.health = new DeviceHealth(options.name, device, options.onStatus, { minMs: 0, maxMs: 0 });
    const listener: LinkListener = {
      lines: (lines) => this.receive(lines),
      overlong: (length) => this.reject('overlong', `${length}-character line`),
      connected: () => {
        // Silence is counted from the new connection, not from before the outage.
        this.disconnected = false;
        this.lastValidAt = Date.now();
      },
      disconnected: (detail) => {
        this.disconnected = true;
        this.health.failed('disconnected', detail);
      },
    };
    const link = { ...options, idleMs: Math.max(10_000, 10 * options.maxAgeMs) };
    this.link = options.transport === 'udp' ? new UdpListenLink(link, listener) : new TcpClientLink(link, listener);
  }

  get port(): number {
    return this.link.port;
  }

  async start(): Promise<void> {
    await this.link.start();
    this.lastValidAt = Date.now();
    this.watchdog = setInterval(() => this.watch(), Math.max(250, this.options.maxAgeMs / 2));
  }

  async stop(): Promise<void> {
    clearInterval(this.watchdog);
    await this.link.stop();
  }

  read(): Readings {
    return this.readings.take();
  }

  status(): DeviceStatus[] {
    return [this.health.snapshot()];
  }

  private watch(): void {
    const quiet = Date.now() - this.lastValidAt;
    // A dropped connection is reported as such, not as silence, until the link is back.
    if (quiet <= this.options.maxAgeMs || this.disconnected) return;
    // Judged over the whole window, not per line: a device mixing good and bad sentences does not flap.
    if (this.lastInvalid && this.lastInvalid.at > Date.now() - this.options.maxAgeMs) this.health.garbage(`no valid sentence for ${quiet} ms; last: ${this.lastInvalid.reason}`);
    else this.health.failed('silent', `no valid sentence for ${quiet} ms`);
  }

  private reject(reason: NmeaRejectReason, detail: string): void {
    this.rejected[reason]++;
    // Sentences that are sound but carry nothing Sillage records say nothing about the device's health.
    if (reason !== 'unsupported' && reason !== 'no-value') this.lastInvalid = { at: Date.now(), reason: `${reason}: ${detail}` };
  }

  private receive(lines: readonly string[]): void {
    let valid = 0;
    for (const line of lines) {
      const verdict = this.reader.read(line);
      if (!verdict.ok) {
        this.reject(verdict.reason, verdict.detail);
        continue;
      }
      for (const [path, value] of Object.entries(verdict.readings)) if (value !== undefined) this.readings.set(path as SignalPath, value);
      valid++;
    }
    if (valid === 0) return;
    this.accepted += valid;
    this.lastValidAt = Date.now();
    this.health.ok();
  }
}
