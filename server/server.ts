import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { Parts, type Service } from '../shared/lifecycle.ts';
import { SOFTWARE_VERSION } from './version.ts';
import { EmbeddedBroker } from './broker/embedded-broker.ts';
import { listenFailure } from './listen-failure.ts';
import { serverConfigSchema, type ServerConfig, type ServerConfigInput } from './config.ts';
import { VesselDirectory } from './fleet/vessel-directory.ts';
import { EventLog } from './fleet/event-log.ts';
import { DeadLetters } from './ingest/dead-letters.ts';
import { Ingest } from './ingest/ingest.ts';
import { createMetrics, registerVesselGauges, type Metrics } from './metrics.ts';
import { TripAnalytics } from './analytics/trip-analytics.ts';
import { TripRepository } from './analytics/trip-repository.ts';
import { adminRoutes } from './web/admin.ts';
import { authRoutes } from './web/auth.ts';
import { monitoringRoutes } from './web/monitoring.ts';
import { referenceRoutes } from './web/reference.ts';
import { tripRoutes } from './web/trips.ts';
import { MqttAuthenticator } from './security/mqtt-auth.ts';
import { securityProblems } from './security/readiness.ts';
import { generateSecret, hashSecret } from './security/secrets.ts';
import { Sessions } from './security/sessions.ts';
import { installWebSecurity } from './security/web-security.ts';
import { StateDatabase } from './state/state-db.ts';
import { openStore } from './store/open-store.ts';
import { ChangeTrackingStore } from './store/change-tracking-store.ts';
import { RollupJob } from './rollup/rollup-job.ts';
import { LogbookStore } from './reference/logbook-store.ts';
import { api } from './web/api.ts';
import { dashboard } from './web/dashboard.ts';
import { installWebSockets } from './web/live.ts';
import { installOpenApi } from './web/openapi.ts';
import { installErrorHandler } from './web/errors.ts';

/** The shore server: broker (embedded unless an external one is configured), ingest, store and web. */
export class ShoreServer implements Service {
  readonly config: ServerConfig;
  readonly metrics: Metrics = createMetrics();
  readonly directory: VesselDirectory;
  /** Telemetry, with every write noted in the data change log (`store.changes`). */
  readonly store: ChangeTrackingStore;
  /** The shore's relational state (`server.db`), opened before every part that keeps state in it. */
  readonly state: StateDatabase;
  private broker: EmbeddedBroker | undefined;
  private ingest: Ingest | undefined;
  private web: FastifyInstance | undefined;
  private readonly parts: Parts;
  /** Keeps the per-minute roll-ups that long charts read current; there once started. */
  rollups: RollupJob | undefined;
  deadLetters: DeadLetters | undefined;
  events: EventLog | undefined;

  constructor(config: ServerConfigInput, private readonly log: (msg: string, detail?: unknown) => void = () => {}) {
    this.config = serverConfigSchema.parse(config);
    this.parts = new Parts(log);
    this.directory = new VesselDirectory(this.config.vessels);
    registerVesselGauges(this.metrics.registry, this.directory);
    this.state = new StateDatabase(this.config.dataDir);
    this.store = new ChangeTrackingStore(openStore({ influxUrl: this.config.influxUrl, influxToken: this.config.influxToken, dataDir: this.config.dataDir }), this.state);
  }

  /** The broker vessels connect to. */
  get mqttUrl(): string {
    return this.config.mqtt.url ?? this.broker!.url;
  }

  /** The embedded broker's `mqtts` listener, when a certificate is configured. */
  get mqttTlsUrl(): string | undefined {
    return this.broker?.tlsUrl;
  }

  get httpUrl(): string {
    const address = this.web!.server.address();
    const port = typeof address === 'object' && address ? address.port : this.config.http.port;
    return `http://${this.config.http.host === '0.0.0.0' ? '127.0.0.1' : this.config.http.host}:${port}`;
  }

  async start(): Promise<void> {
    const { security } = this.config;
    const problems = securityProblems(this.config);
    if (problems.length > 0) throw new Error(`refusing to start (security.mode "${security.mode}"):\n  - ${problems.join('\n  - ')}`);
    if (security.mode === 'open') this.log('security.mode "open": no authentication on MQTT or the web (loopback only)');
    await this.parts.startAll(() => this.startParts());
  }

  /** Each part after those it uses; `parts` stops them in the reverse order, or at once if a later one fails. */
  private async startParts(): Promise<void> {
    const { mqtt, http, security } = this.config;
    const parts = this.parts;
    const stateDb = (await parts.start('state database', this.state)).db;
    await parts.start('store', this.store);
    this.rollups = await parts.start('roll-up job', new RollupJob({
      store: this.store.engine, changes: this.store.changes, index: this.store.rollups,
      oldestUnfinishedWrite: () => this.store.oldestUnfinishedWrite(), log: this.log,
    }));
    this.deadLetters = await parts.start('dead letters', new DeadLetters(this.state));
    const events = await parts.start('event log', new EventLog(this.state));
    this.events = events;
    parts.opened('vessel events into the log', this.directory.keepEventsIn(events), (stopLogging) => stopLogging());
    let ingestLogin = { username: mqtt.username, password: mqtt.password };
    if (!mqtt.url) {
      const authenticator = security.mode === 'open' ? undefined : new MqttAuthenticator({
        vessels: this.config.vessels, shoreClients: mqtt.shoreClients, authFailuresPerMinute: mqtt.limits.authFailuresPerMinute,
      });
      if (authenticator && !(mqtt.username && mqtt.password)) {
        // No configured identity for this process's own ingest: one that lives and dies with the process.
        const own = { username: `ingest-${randomUUID().slice(0, 8)}`, password: generateSecret() };
        authenticator.addShoreClient(own.username, await hashSecret(own.password));
        ingestLogin = own;
      }
      this.broker = await parts.start('MQTT broker', new EmbeddedBroker({
        host: mqtt.host,
        port: mqtt.port,
        tls: mqtt.tls && {
          host: mqtt.tls.host ?? mqtt.host,
          port: mqtt.tls.port,
          cert: readConfiguredFile(mqtt.tls.cert, 'mqtt.tls.cert'),
          key: readConfiguredFile(mqtt.tls.key, 'mqtt.tls.key'),
          ca: mqtt.tls.ca === undefined ? undefined : readConfiguredFile(mqtt.tls.ca, 'mqtt.tls.ca'),
        },
        limits: mqtt.limits,
        authenticator,
        metrics: this.metrics,
        log: this.log,
      }));
    }
    this.ingest = await parts.start('ingest', new Ingest(
      {
        brokerUrl: this.mqttUrl,
        username: ingestLogin.username,
        password: ingestLogin.password,
        clientId: `sillage-ingest-${randomUUID().slice(0, 8)}`,
        sharedGroup: mqtt.sharedGroup,
      },
      this.store, this.directory, this.deadLetters, this.metrics, this.log,
    ));
    const trips = await parts.start('trip repository', new TripRepository(this.state));
    await parts.start('trip analytics', new TripAnalytics({
      store: this.store, changes: this.store.changes, trips, vessels: this.config.vessels, log: this.log,
    }));
    const sessions = await parts.start('web sessions', new Sessions(this.state, security.sessionHours * 3_600_000));
    const web = parts.opened('web', Fastify({ logger: false, bodyLimit: 1024 * 1024 }), (fastify) => fastify.close());
    this.web = web;
    installErrorHandler(web, this.log);
    await installOpenApi(web, SOFTWARE_VERSION);
    await installWebSockets(web);
    await installWebSecurity(web, {
      open: security.mode === 'open',
      users: this.config.users,
      sessions,
      metrics: this.metrics,
      scrapeTokenSha256: this.config.metrics.scrapeTokenSha256,
    });
    await web.register(authRoutes, {
      users: this.config.users, sessions, sessionHours: security.sessionHours,
      loginAttemptsPerMinute: security.loginAttemptsPerMinute, metrics: this.metrics,
    });
    await web.register(api, { store: this.store, directory: this.directory, version: SOFTWARE_VERSION });
    await web.register(adminRoutes, { config: this.config, ingest: this.ingest });
    await web.register(tripRoutes, { trips, vessels: this.config.vessels });
    const logbooks = new LogbookStore(stateDb);
    await web.register(referenceRoutes, { logbooks, vessels: this.config.vessels });
    await web.register(dashboard, {
      store: this.store, directory: this.directory, events, trips, deadLetters: this.deadLetters, metrics: this.metrics,
      vessels: this.config.vessels, version: SOFTWARE_VERSION, reportDigests: this.store.digests,
      logbooks,
    });
    await web.register(monitoringRoutes, { metrics: this.metrics });
    try {
      await web.listen({ host: http.host, port: http.port });
    } catch (err) {
      throw listenFailure(err, 'HTTP', http.host, http.port, 'http.port, --http-port or SILLAGE_HTTP_PORT');
    }
  }

  async stop(): Promise<void> {
    await this.parts.stop();
  }
}

function readConfiguredFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
