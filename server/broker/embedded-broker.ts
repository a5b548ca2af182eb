import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import type { Service } from '../../shared/lifecycle.ts';

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
}

/** The MQTT broker of a single-box deployment: aedes on a TCP port, in this process. */
export class EmbeddedBroker implements Service {
  private aedes: Aedes | undefined;
  private server: Server | undefined;
  private boundPort = 0;

  constructor(private readonly options: EmbeddedBrokerOptions) {}

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `mqtt://${this.options.host}:${this.boundPort}`;
  }

  async start(): Promise<void> {
    this.aedes = await Aedes.createBroker({ drainTimeout: 30_000, maxClientsIdLength: 64 });
    const server = createServer(this.aedes.handle);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    const address = server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : this.options.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) {
      server.close();
      await new Promise<void>((resolve) => this.aedes?.close(() => resolve()));
    }
  }
}
