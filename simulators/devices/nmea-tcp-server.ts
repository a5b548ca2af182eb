import { createServer, type Server, type Socket } from 'node:net';
import type { Service } from '../../shared/lifecycle.ts';

/**
 * Serves NMEA 0183 over TCP as a multiplexer or a Wi-Fi gateway does (usually port 10110): every client that
 * connects receives every sentence from then on, as one byte stream with CR LF line ends.
 */
export class NmeaTcpServer implements Service {
  private server: Server | undefined;
  private readonly clients = new Set<Socket>();
  private boundPort: number;
  sent = 0;

  constructor(private readonly address: { host: string; port: number }) {
    this.boundPort = address.port;
  }

  /** The port listened on (the one the system chose when asked for 0, kept across restarts). */
  get port(): number {
    return this.boundPort;
  }

  get connections(): number {
    return this.clients.size;
  }

  async start(): Promise<void> {
    const server = createServer((socket) => {
      this.clients.add(socket);
      socket.on('close', () => this.clients.delete(socket));
      // A client that resets is simply gone; the others go on.
      socket.on('error', () => socket.destroy());
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, this.address.host, () => {
        server.off('error', reject);
        const address = server.address();
        if (address && typeof address === 'object') this.boundPort = address.port;
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const client of this.clients) client.destroy();
    this.clients.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Writes one instant's sentences to every client; `mangle` lets fault injection corrupt a sentence. */
  emit(sentences: readonly string[], mangle: (sentence: string) => string = (s) => s): void {
    const bytes = sentences.map(mangle).join('');
    for (const client of this.clients) if (client.writable) client.write(bytes, 'latin1');
    this.sent += sentences.length;
  }
}
