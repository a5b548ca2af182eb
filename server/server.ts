import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Service } from '../shared/lifecycle.ts';
import { SOFTWARE_VERSION } from './version.ts';
import { EmbeddedBroker } from './broker/embedded-broker.ts';
import { serverConfigSchema, type ServerConfig, type ServerConfigInput } from './config.ts';
import { VesselDirectory } from './fleet/vessel-directory.ts';
import { DeadLetters } from './ingest/dead-letters.ts';
import { Ingest } from './ingest/ingest.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { openStateDb } from './state/state-db.ts';
import { openStore } from './store/open-store.ts';
import type { TimeSeriesStore } from './store/port.ts';
import { api } from './web/api.ts';
import { installErrorHandler } from './web/errors.ts';

/** The shore server: broker (embedded unless an external one is configured), ingest, store and web. */
export class ShoreServer implements Service {
  readonly config: ServerConfig;
  readonly metrics: Metrics = createMetrics();
  readonly directory: VesselDirectory;
  readonly store: TimeSeriesStore;
  private broker: EmbeddedBroker | undefined;
  private ingest: Ingest | undefined;
  private web: FastifyInstance | undefined;
  private stateDb: Database.Database | undefined;
  deadLetters: DeadLetters | undefined;

  constructor(config: ServerConfigInput, private readonly log: (msg: string, detail?: unknown) => void = () => {}) {
    this.config = serverConfigSchema.parse(config);
    this.directory = new VesselDirectory(this.config.vessels);
    this.store = openStore({ influxUrl: this.config.influxUrl, dataDir: this.config.dataDir });
  }

  /** The broker vessels connect to. */
  get mqttUrl(): string {
    return this.config.mqtt.url ?? this.broker!.url;
  }

  get httpUrl(): string {
    const address = this.web!.server.address();
    const port = typeof address === 'object' && address ? address.port : this.config.http.port;
    return `http://${this.config.http.host === '0.0.0.0' ? '127.0.0.1' : this.config.http.host}:${port}`;
  }

  async start(): Promise<void> {
    const { mqtt, http, dataDir } = this.config;
    mkdirSync(dataDir, { recursive: true });
    await this.store.start();
    this.stateDb = openStateDb(join(dataDir, 'server.db'));
    this.deadLetters = new DeadLetters(this.stateDb);
    if (!mqtt.url) {
      this.broker = new EmbeddedBroker({ host: mqtt.host, port: mqtt.port });
      await this.broker.start();
    }
    this.ingest = new Ingest(
      {
        brokerUrl: this.mqttUrl,
        username: mqtt.username,
        password: mqtt.password,
        clientId: `sillage-ingest-${randomUUID().slice(0, 8)}`,
        sharedGroup: mqtt.sharedGroup,
      },
      this.store, this.directory, this.deadLetters, this.metrics, this.log,
    );
    await this.ingest.start();
    this.web = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
    installErrorHandler(this.web);
    await this.web.register(api, { store: this.store, directory: this.directory, version: SOFTWARE_VERSION });
    this.web.get('/metrics', async (_request, reply) => {
      reply.type(this.metrics.registry.contentType);
      return this.metrics.registry.metrics();
    });
    await this.web.listen({ host: http.host, port: http.port });
  }

  async stop(): Promise<void> {
    await this.web?.close();
    await this.ingest?.stop();
    await this.broker?.stop();
    await this.store.stop();
    this.stateDb?.close();
  }
}
