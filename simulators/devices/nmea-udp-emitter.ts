import { createSocket, type Socket } from 'node:dgram';
import type { Service } from '../../shared/lifecycle.ts';

/** Sends NMEA 0183 sentences as UDP datagrams, one sentence each, as a GNSS receiver's network bridge does. */
export class NmeaUdpEmitter implements Service {
  private socket: Socket | undefined;
  sent = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.socket = createSocket('udp4');
  }

  async stop(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Sends one instant's sentences; `mangle` lets fault injection corrupt a sentence on its way out. */
  async emit(sentences: readonly string[], mangle: (sentence: string) => string = (s) => s): Promise<void> {
    const s = this.socket;
    if (!s) throw new Error('NMEA emitter not started');
    for (const line of sentences) {
      await new Promise<void>((resolve, reject) => s.send(mangle(line), this.target.port, this.target.host, (err) => (err ? reject(err) : resolve())));
      this.sent++;
    }
  }
}
