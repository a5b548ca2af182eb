import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { Aedes, type Client } from 'aedes';
import type { Service } from '../../shared/lifecycle.ts';
import type { Metrics } from '../metrics.ts';
import { AttemptLimiter } from '../security/attempt-limiter.ts';
import { mayPublish, maySubscribe, type MqttIdentity } from '../security/mqtt-acl.ts';
import type { MqttAuthenticator } from '../security/mqtt-auth.ts';
import { listenFailure } from '../listen-failure.ts';
import { watchPacketSize } from './packet-size-guard.ts';

export interface BrokerLimits {
  maxPacketBytes: number;
  maxConnections: number;
  connectAttemptsPerMinute: number;
}

export interface BrokerTls {
  host: string;
  port: number;
  cert: Buffer;
  key: Buffer;
  /** Signs the client certificates accepted for authentication; absent, none is asked for. */
  ca?: Buffer;
}

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  tls?: BrokerTls;
  limits: BrokerLimits;
  /** Absent in open mode only: then anyone connects and publishes anywhere (loopback development). */
  authenticator: MqttAuthenticator | undefined;
  metrics: Metrics;
  log: (msg: string, detail?: unknown) => void;
}

const identities = new WeakMap<Client, MqttIdentity>();

/** MQTT CONNACK return codes (3.1.1 §3.2.2.3). */
const REFUSED = { 'bad-credentials': 4, 'rate-limited': 5, 'client-id-mismatch': 2 } as const;

/**
 * The MQTT broker of a single-box deployment: aedes in this process, plain on `host:port` and `mqtts` when a
 * certificate is configured. Policy lives in aedes' hooks, which ask the pure functions of `security/`; every
 * refusal is counted and logged with its reason.
 */
export class EmbeddedBroker implements Service {
  private aedes: Aedes | undefined;
  private readonly servers: Server[] = [];
  private boundPort = 0;
  private boundTlsPort = 0;
  private readonly attempts: AttemptLimiter;

  constructor(private readonly options: EmbeddedBrokerOptions) {
    this.attempts = new AttemptLimiter(options.limits.connectAttemptsPerMinute, 60_000);
  }

  get port(): number {
    return this.boundPort;
  }

  get tlsPort(): number | undefined {
    return this.options.tls ? this.boundTlsPort : undefined;
  }

  get url(): string {
    return `mqtt://${this.options.host}:${this.boundPort}`;
  }

  get tlsUrl(): string | undefined {
    return this.options.tls ? `mqtts://${this.options.tls.host}:${this.boundTlsPort}` : undefined;
  }

  async start(): Promise<void> {
    const { limits, authenticator, metrics, log, tls } = this.options;
    const aedes = await Aedes.createBroker({
      drainTimeout: 30_000,
      // A socket that has not sent CONNECT within this is dropped: idle sockets are the cheapest flood.
      connectTimeout: 10_000,
      maxClientsIdLength: 64,
      preConnect: (client, packet, callback) => {
        const address = (client.conn as Socket).remoteAddress ?? 'unknown';
        if (aedes.connectedClients >= limits.maxConnections) {
          metrics.mqttConnectRefused.inc({ reason: 'max-connections' });
          return callback(new Error(`connection limit ${limits.maxConnections} reached`), false);
        }
        if (!this.attempts.hit(`${packet.clientId}\u0000${address}`)) {
          metrics.mqttConnectRefused.inc({ reason: 'attempt-rate' });
          log('MQTT connection refused: too many attempts', { clientId: packet.clientId, address });
          return callback(new Error('too many connection attempts'), false);
        }
        callback(null, true);
      },
      authenticate: (client, username, password, callback) => {
        if (!authenticator) return callback(null, true);
        const conn = client.conn as Socket | TLSSocket;
        const verifiedCertificateCn = 'authorized' in conn && conn.authorized
          ? String(conn.getPeerCertificate().subject?.CN ?? '') || undefined
          : undefined;
        authenticator.authenticate({
          clientId: client.id, username, password, address: conn.remoteAddress ?? 'unknown', verifiedCertificateCn,
        }).then((result) => {
          if (result.ok) {
            identities.set(client, result.identity);
            return callback(null, true);
          }
          metrics.mqttAuthFailures.inc({ reason: result.reason });
          log('MQTT login refused', { reason: result.reason, detail: result.detail, clientId: client.id });
          callback(Object.assign(new Error(result.detail), { returnCode: REFUSED[result.reason] }), false);
        }, (err: Error) => callback(Object.assign(err, { returnCode: 3 as const }), false));
      },
      authorizePublish: (client, packet, callback) => {
        // Second line behind the parser watch: a packet that arrived whole in one read was never seen partial.
        if (packet.payload.length > limits.maxPacketBytes) {
          metrics.mqttOversize.inc();
          log('MQTT publish over the size limit; client disconnected', { clientId: client?.id, bytes: packet.payload.length });
          return callback(new Error(`payload of ${packet.payload.length} bytes > ${limits.maxPacketBytes}`));
        }
        if (!authenticator) return callback(null);
        const who = client ? identities.get(client) : undefined;
        const verdict = who ? mayPublish(who, packet.topic) : { ok: false as const, reason: 'topic-not-allowed' as const, detail: 'no identity' };
        if (verdict.ok) return callback(null);
        metrics.mqttDenied.inc({ action: 'publish', reason: verdict.reason });
        log('MQTT publish refused; client disconnected', { clientId: client?.id, topic: packet.topic.slice(0, 200), reason: verdict.detail });
        callback(new Error(verdict.detail));
      },
      authorizeSubscribe: (client, subscription, callback) => {
        if (!authenticator) return callback(null, subscription);
        const who = identities.get(client);
        const verdict = who ? maySubscribe(who, subscription.topic) : { ok: false as const, reason: 'topic-not-allowed' as const, detail: 'no identity' };
        if (verdict.ok) return callback(null, subscription);
        metrics.mqttDenied.inc({ action: 'subscribe', reason: verdict.reason });
        log('MQTT subscription refused', { clientId: client.id, filter: subscription.topic.slice(0, 200), reason: verdict.detail });
        // A null grant answers SUBACK 0x80 (failure) and keeps the connection: the client learns why it gets nothing.
        callback(null, null);
      },
    });
    this.aedes = aedes;
    aedes.on('client', () => metrics.mqttConnections.set(aedes.connectedClients));
    aedes.on('clientDisconnect', () => metrics.mqttConnections.set(aedes.connectedClients));
    const handle = (conn: Socket) => {
      const client = aedes.handle(conn);
      watchPacketSize(client, limits.maxPacketBytes, (declared) => {
        metrics.mqttOversize.inc();
        log('MQTT packet over the size limit; connection closed', { clientId: client.id, bytes: declared, limit: limits.maxPacketBytes });
        conn.destroy();
      });
    };
    this.boundPort = await this.listen(createServer(handle), this.options.port, this.options.host, 'MQTT', 'mqtt.port, --mqtt-port or SILLAGE_MQTT_PORT');
    if (tls) {
      const server = createTlsServer({
        cert: tls.cert, key: tls.key, ca: tls.ca,
        // Asked for, verified against `ca`, but optional: vessels may still log in with a password.
        requestCert: tls.ca !== undefined, rejectUnauthorized: false,
        minVersion: 'TLSv1.2',
      }, handle);
      server.on('tlsClientError', (err) => log('MQTT TLS handshake failed', err.message));
      this.boundTlsPort = await this.listen(server, tls.port, tls.host, 'MQTT/TLS', 'mqtt.tls.port');
    }
  }

  private async listen(server: Server, port: number, host: string, service: string, setting: string): Promise<number> {
    this.servers.push(server);
    // Sockets are capped too, not only logged-in clients: room for as many again in the middle of reconnecting.
    server.maxConnections = 2 * this.options.limits.maxConnections;
    server.on('drop', () => this.options.metrics.mqttConnectRefused.inc({ reason: 'max-sockets' }));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(listenFailure(err, service, host, port, setting)));
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  async stop(): Promise<void> {
    for (const server of this.servers) server.close();
    if (this.aedes) await new Promise<void>((resolve) => this.aedes!.close(() => resolve()));
  }
}
