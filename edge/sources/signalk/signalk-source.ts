import WebSocket from 'ws';
import type { Readings, TelemetrySource } from '../../../shared/source.ts';
import { Backoff } from '../../retry/backoff.ts';
import { DeviceHealth, type DeviceStatus, type DeviceStatusListener } from '../device-health.ts';
import { FreshReadings } from '../fresh-readings.ts';
import { SignalKAuthRefused, SignalKCredentials, type SignalKAuth } from './signalk-credentials.ts';
import { readDelta } from './signalk-deltas.ts';

export interface SignalKSourceOptions {
  name: string;
  /** The server's base address, e.g. `ws://10.0.0.5:3000`; the delta stream is at `/signalk/v1/stream`. */
  url: string;
  /** Signal K path prefixes renamed onto the vessel's ids, e.g. `{"propulsion.port": "propulsion.main"}`. */
  rename: Readonly<Record<string, string>>;
  /** For a server with security on: a token, or a user to log in as. */
  auth?: SignalKAuth;
  /** A value older than this is not sampled; no usable delta for this long makes the server silent. */
  maxAgeMs: number;
  retry: { minMs: number; maxMs: number };
  onStatus: DeviceStatusListener;
}

/**
 * Subscribes to the own vessel's deltas (`subscribe=self`) on an onboard Signal K server's stream and keeps the
 * latest value of each registry path they carry. A dropped connection is retried with a growing, jittered pause; a
 * server that refuses the credentials is reported misconfigured and retried alike; a server that stays connected
 * but sends nothing usable is reported silent.
 */
export class SignalKSource implements TelemetrySource {
  readonly name: string;
  deltas = 0;
  rejectedValues = 0;
  /** Deltas about other vessels (AIS targets), which `subscribe=self` asks the server not to send. */
  otherVesselDeltas = 0;
  readonly credentials: SignalKCredentials;
  private socket: WebSocket | undefined;
  private self: string | undefined;
  private running = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastUsefulAt = Date.now();
  private readonly readings: FreshReadings;
  private readonly health: DeviceHealth;
  private readonly backoff: Backoff;

  constructor(private readonly options: SignalKSourceOptions) {
    this.name = options.name;
    this.readings = new FreshReadings(options.maxAgeMs);
    this.health = new DeviceHealth(options.name, 'signalk', options.onStatus, options.retry);
    this.backoff = new Backoff(options.retry.minMs, options.retry.maxMs);
    this.credentials = new SignalKCredentials(options.url.replace(/^ws/, 'http').replace(/\/$/, ''), options.auth);
  }

  async start(): Promise<void> {
    this.running = true;
    this.lastUsefulAt = Date.now();
    this.connect();
    this.watchdog = setInterval(() => {
      const quiet = Date.now() - this.lastUsefulAt;
      if (this.socket?.readyState === WebSocket.OPEN && quiet > this.options.maxAgeMs) this.health.failed('silent', `no usable delta for ${quiet} ms${this.options.auth ? '' : ' (a server with security on sends nothing without a token: configure auth)'}`);
    }, Math.max(250, this.options.maxAgeMs / 2));
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.watchdog);
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.terminate();
      });
    }
  }

  read(): Readings {
    return this.readings.take();
  }

  status(): DeviceStatus[] {
    return [this.health.snapshot()];
  }

  private connect(): void {
    this.credentials.token().then((token) => this.open(token), (err: Error) => {
      if (!this.running) return;
      this.health.failed(err instanceof SignalKAuthRefused ? 'misconfigured' : 'disconnected', err.message);
      this.reconnectTimer = setTimeout(() => this.connect(), this.backoff.next());
    });
  }

  private open(token: string | undefined): void {
    if (!this.running) return;
    const url = `${this.options.url.replace(/\/$/, '')}/signalk/v1/stream?subscribe=self`;
    const headers = token ? { Authorization: `Bearer ${token}` } : undefined;
    const socket = new WebSocket(url, { handshakeTimeout: 10_000, maxPayload: 1024 * 1024, headers });
    this.socket = socket;
    let refused = false;
    socket.on('open', () => this.backoff.reset());
    socket.on('message', (data) => this.receive(data.toString()));
    // The server answers the upgrade with 401 when the token is wrong or expired: said once, clearly, not as
    // the generic error that aborting the upgrade raises next.
    socket.on('unexpected-response', (_request, response) => {
      refused = true;
      let body = '';
      response.on('data', (chunk: Buffer) => { body = (body + chunk.toString()).slice(0, 500); });
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status === 401 || status === 403) {
          this.credentials.refused();
          this.health.failed('misconfigured', `the Signal K server refused the ${token ? 'token' : 'connection without a token'} (HTTP ${status}): ${body}`);
        } else {
          this.health.failed('disconnected', `the Signal K server answered the upgrade with HTTP ${status}: ${body}`);
        }
        // Aborts the handshake; the close that follows schedules the next attempt.
        socket.terminate();
      });
    });
    socket.on('error', (err) => {
      if (!refused) this.health.failed('disconnected', err.message);
    });
    socket.on('close', () => {
      if (this.socket !== socket || !this.running) return;
      if (!refused) this.health.failed('disconnected', 'connection closed');
      this.reconnectTimer = setTimeout(() => this.connect(), this.backoff.next());
    });
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.health.garbage('a message that is not JSON');
      return;
    }
    // The hello message names the vessel the server speaks for; deltas about any other vessel are AIS targets.
    if (typeof message === 'object' && message !== null && 'self' in message && typeof message.self === 'string') {
      this.self = message.self;
      return;
    }
    const delta = readDelta(message, this.self, this.options.rename);
    if (!delta) return;
    this.deltas++;
    if (delta.otherVessel) this.otherVesselDeltas++;
    for (const [path, value] of delta.values) this.readings.set(path, value);
    this.rejectedValues += delta.rejected.length;
    if (delta.values.length > 0) {
      this.lastUsefulAt = Date.now();
      this.health.ok();
    } else if (delta.rejected.length > 0) {
      this.health.garbage(`outside the physical range: ${delta.rejected.slice(0, 3).join(', ')}`);
    }
  }
}
