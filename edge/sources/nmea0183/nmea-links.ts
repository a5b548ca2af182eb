import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { Backoff } from '../../retry/backoff.ts';
import { LineFramer } from './line-framer.ts';

/** What a link hands its source: lines of text, lines too long to be NMEA, and the state of its connection. */
export interface LinkListener {
  lines(lines: string[]): void;
  overlong(length: number): void;
  connected(): void;
  disconnected(detail: string): void;
}

export interface NmeaLink {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The local port (UDP, where the talkers send) or the device's (TCP). */
  readonly port: number;
}

/** Listens for datagrams of one or more sentences each, as a GNSS or a multiplexer broadcasts them. */
export class UdpListenLink implements NmeaLink {
  private socket: UdpSocket | undefined;

  constructor(private readonly address: { host: string; port: number; maxLineLength: number }, private readonly listener: LinkListener) {}

  get port(): number {
    return this.socket?.address().port ?? this.address.port;
  }

  async start(): Promise<void> {
    const socket = createSocket({ type: 'udp4', reuseAddr: true });
    this.socket = socket;
    socket.on('message', (datagram) => this.receive(datagram));
    socket.on('error', (err) => this.listener.disconnected(err.message));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.address.port, this.address.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  private receive(datagram: Buffer): void {
    // A datagram holds whole lines: no framing carries over to the next one.
    const lines: string[] = [];
    const framer = new LineFramer(this.address.maxLineLength, (line) => lines.push(line), (length) => this.listener.overlong(length));
    framer.push(datagram);
    framer.push(Buffer.from('\n'));
    this.listener.lines(lines);
  }
}

export interface TcpLinkOptions {
  host: string;
  port: number;
  maxLineLength: number;
  retry: { minMs: number; maxMs: number };
  /** A connection that carries nothing for this long is taken for dead (a gateway that lost power leaves no FIN). */
  idleMs: number;
}

/**
 * Connects to a device that serves NMEA 0183 over TCP (a multiplexer, a GNSS or Wi-Fi gateway, usually port
 * 10110) and keeps connecting: after a refusal, a reset or an idle connection it waits a growing, jittered pause
 * and tries again, for as long as the source runs.
 */
export class TcpClientLink implements NmeaLink {
  private socket: Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly backoff: Backoff;
  private readonly framer: LineFramer;

  constructor(private readonly options: TcpLinkOptions, private readonly listener: LinkListener) {
    this.backoff = new Backoff(options.retry.minMs, options.retry.maxMs);
    this.framer = new LineFramer(options.maxLineLength, (line) => this.listener.lines([line]), (length) => this.listener.overlong(length));
  }

  get port(): number {
    return this.options.port;
  }

  async start(): Promise<void> {
    this.running = true;
    this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    }
  }

  private connect(): void {
    const { host, port, idleMs } = this.options;
    const socket = connect({ host, port });
    this.socket = socket;
    this.framer.reset();
    socket.setKeepAlive(true, idleMs);
    socket.setTimeout(idleMs);
    socket.on('connect', () => this.listener.connected());
    socket.on('data', (chunk) => {
      // Data, not the handshake, resets the pause: a peer that accepts and hangs up at once is not hammered.
      this.backoff.reset();
      this.framer.push(chunk);
    });
    socket.on('timeout', () => socket.destroy(new Error(`nothing received for ${idleMs} ms`)));
    let reason = 'connection closed by the device';
    socket.on('error', (err) => { reason = err.message; });
    socket.on('close', () => {
      if (this.socket !== socket || !this.running) return;
      this.listener.disconnected(reason);
      this.timer = setTimeout(() => this.connect(), this.backoff.next());
    });
  }
}
