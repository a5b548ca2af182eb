import { readFileSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { Counter, Gauge } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { EmbeddedBroker } from '../../../server/broker/embedded-broker.ts';
import { createMetrics } from '../../../server/metrics.ts';
import { MqttAuthenticator } from '../../../server/security/mqtt-auth.ts';
import { hashSecret } from '../../../server/security/secrets.ts';
import { freePort } from '../../helpers/ports.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';
import { makeTestCertificates, type TestCertificates } from '../../security/test-certificates.ts';
import { closed, connectOnce } from '../../helpers/mqtt-once.ts';

async function count(metric: Counter<string> | Gauge<string>, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await metric.get();
  return values.filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((s, v) => s + v.value, 0);
}


describe('embedded broker: identities, ACL, limits and TLS', () => {
  const metrics = createMetrics();
  const logs: string[] = [];
  const { dir, remove } = tempDir('sillage-broker-');
  let certs: TestCertificates;
  let broker: EmbeddedBroker;
  let url: string;
  let tlsUrl: string;
  const vessel = (id: string, extra: IClientOptions = {}) => ({ clientId: `sillage-edge-${id}`, username: id, password: `${id}-secret`, ...extra });

  beforeAll(async () => {
    certs = makeTestCertificates(dir, 'charlie');
    broker = new EmbeddedBroker({
      host: '127.0.0.1',
      port: await freePort(),
      tls: { host: '127.0.0.1', port: await freePort(), cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey), ca: readFileSync(certs.ca) },
      limits: { maxPacketBytes: 1024 * 1024, maxConnections: 8, connectAttemptsPerMinute: 10 },
      authenticator: new MqttAuthenticator({
        vessels: [
          { id: asVesselId('alpha'), credentials: { secretHash: await hashSecret('alpha-secret'), certificate: false } },
          { id: asVesselId('bravo'), credentials: { secretHash: await hashSecret('bravo-secret'), certificate: false } },
          { id: asVesselId('charlie'), credentials: { certificate: true } },
        ],
        shoreClients: [{ name: 'worker', secretHash: await hashSecret('worker-secret') }],
        authFailuresPerMinute: 5,
      }),
      metrics,
      log: (msg, detail) => logs.push(`${msg} ${JSON.stringify(detail)}`),
    });
    await broker.start();
    url = broker.url;
    tlsUrl = broker.tlsUrl!;
  });
  afterAll(async () => {
    await broker.stop();
    remove();
  });

  it('carries a vessel\'s telemetry to a shore client and shore\'s ack back to that vessel only', async () => {
    const shore = await connectOnce(url, { clientId: 'sillage-ingest-t1', username: 'worker', password: 'worker-secret' });
    const alpha = await connectOnce(url, vessel('alpha'));
    const got: string[] = [];
    shore.on('message', (topic, payload) => got.push(`${topic} ${payload.toString()}`));
    await shore.subscribeAsync('sillage/v1/+/telemetry', { qos: 1 });
    const acks: string[] = [];
    alpha.on('message', (topic) => acks.push(topic));
    const [grant] = await alpha.subscribeAsync('sillage/v1/alpha/ack', { qos: 1 });
    expect(grant!.qos).toBe(1);
    await alpha.publishAsync('sillage/v1/alpha/telemetry', '{"seq":1,"samples":[]}', { qos: 1 });
    await waitFor(() => got.length === 1, 5000, 'telemetry at shore');
    expect(got[0]).toBe('sillage/v1/alpha/telemetry {"seq":1,"samples":[]}');
    await shore.publishAsync('sillage/v1/alpha/ack', '{"seqs":[1]}', { qos: 1 });
    await waitFor(() => acks.length === 1, 5000, 'ack at alpha');
    await Promise.all([shore.endAsync(), alpha.endAsync()]);
  });

  it('refuses a wrong password with CONNACK "bad user name or password" and counts it', async () => {
    const before = await count(metrics.mqttAuthFailures, { reason: 'bad-credentials' });
    await expect(connectOnce(url, vessel('alpha', { password: 'wrong' }))).rejects.toThrow(/Bad username or password/i);
    expect(await count(metrics.mqttAuthFailures, { reason: 'bad-credentials' })).toBe(before + 1);
  });

  it('disconnects a vessel publishing as another vessel, before anyone receives it, and counts it', async () => {
    const shore = await connectOnce(url, { clientId: 'sillage-ingest-t2', username: 'worker', password: 'worker-secret' });
    const got: string[] = [];
    shore.on('message', (topic) => got.push(topic));
    await shore.subscribeAsync('sillage/v1/+/telemetry', { qos: 1 });
    const alpha = await connectOnce(url, vessel('alpha'));
    const before = await count(metrics.mqttDenied, { action: 'publish', reason: 'foreign-vessel' });
    alpha.publish('sillage/v1/bravo/telemetry', '{"seq":1,"samples":[]}', { qos: 1 });
    await closed(alpha);
    expect(await count(metrics.mqttDenied, { action: 'publish', reason: 'foreign-vessel' })).toBe(before + 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toEqual([]);
    alpha.end(true);
    await shore.endAsync();
  });

  it('answers SUBACK failure to a vessel subscribing to another vessel\'s ack, and counts it', async () => {
    const alpha = await connectOnce(url, vessel('alpha'));
    const before = await count(metrics.mqttDenied, { action: 'subscribe', reason: 'foreign-vessel' });
    await expect(alpha.subscribeAsync('sillage/v1/bravo/ack', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    expect(alpha.connected).toBe(true);
    expect(await count(metrics.mqttDenied, { action: 'subscribe', reason: 'foreign-vessel' })).toBe(before + 1);
    await alpha.endAsync();
  });

  it('refuses a vessel taking another vessel\'s client id, leaving that vessel connected', async () => {
    const bravo = await connectOnce(url, vessel('bravo'));
    let bravoDropped = false;
    bravo.on('close', () => { bravoDropped = true; });
    await expect(connectOnce(url, vessel('alpha', { clientId: 'sillage-edge-bravo' }))).rejects.toThrow(/Identifier rejected/i);
    await new Promise((r) => setTimeout(r, 200));
    expect(bravoDropped).toBe(false);
    await bravo.endAsync();
  });

  it('closes a connection announcing a 10 MB packet before reading it, counts it, and keeps serving', async () => {
    const alpha = await connectOnce(url, vessel('alpha'));
    const before = await count(metrics.mqttOversize);
    alpha.publish('sillage/v1/alpha/telemetry', Buffer.alloc(10 * 1024 * 1024, 0x20), { qos: 1 });
    await closed(alpha);
    expect(await count(metrics.mqttOversize)).toBe(before + 1);
    // Refused from its header, not after buffering 10 MB.
    expect(logs.join('\n')).toMatch(/MQTT packet over the size limit; connection closed \{"clientId":"sillage-edge-alpha","bytes":10485\d{3},/);
    alpha.end(true);
    const again = await connectOnce(url, vessel('alpha'));
    await again.publishAsync('sillage/v1/alpha/telemetry', '{"seq":2,"samples":[]}', { qos: 1 });
    await again.endAsync();
  });

  it('refuses connection attempts from one client beyond the per-minute limit', async () => {
    const before = await count(metrics.mqttConnectRefused, { reason: 'attempt-rate' });
    const results: string[] = [];
    for (let i = 0; i < 12; i++) {
      try {
        await (await connectOnce(url, vessel('alpha', { clientId: 'sillage-edge-alpha:rate' }))).endAsync();
        results.push('connected');
      } catch {
        results.push('refused');
      }
    }
    expect(results).toEqual([...Array(10).fill('connected'), 'refused', 'refused']);
    expect(await count(metrics.mqttConnectRefused, { reason: 'attempt-rate' })).toBe(before + 2);
  });

  it('refuses connections beyond the maximum', async () => {
    const clients: MqttClient[] = [];
    const before = await count(metrics.mqttConnectRefused, { reason: 'max-connections' });
    for (let i = 0; i < 8; i++) clients.push(await connectOnce(url, vessel('alpha', { clientId: `sillage-edge-alpha:${i}` })));
    await expect(connectOnce(url, vessel('bravo'))).rejects.toThrow();
    expect(await count(metrics.mqttConnectRefused, { reason: 'max-connections' })).toBe(before + 1);
    await Promise.all(clients.map((c) => c.endAsync()));
    await waitFor(async () => (await count(metrics.mqttConnections)) === 0, 5000, 'connections closed');
    await (await connectOnce(url, vessel('bravo'))).endAsync();
  });

  it('caps raw sockets that never log in, and serves again once they go', async () => {
    const before = await count(metrics.mqttConnectRefused, { reason: 'max-sockets' });
    const port = Number(new URL(url).port);
    const sockets: Socket[] = [];
    for (let i = 0; i < 17; i++) {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.on('error', () => {});
      sockets.push(socket);
      await new Promise((resolve) => socket.once('connect', resolve));
    }
    await waitFor(async () => (await count(metrics.mqttConnectRefused, { reason: 'max-sockets' })) === before + 1, 5000, 'the 17th socket dropped');
    for (const socket of sockets) socket.destroy();
    await waitFor(async () => {
      try {
        await (await connectOnce(url, vessel('bravo'))).endAsync();
        return true;
      } catch {
        return false;
      }
    }, 5000, 'a vessel connecting again');
  });

  it('serves mqtts with a certificate the client verifies against a custom CA', async () => {
    const alpha = await connectOnce(tlsUrl, vessel('alpha', { ca: readFileSync(certs.ca), rejectUnauthorized: true }));
    await alpha.publishAsync('sillage/v1/alpha/telemetry', '{"seq":3,"samples":[]}', { qos: 1 });
    await alpha.endAsync();
  });

  it('is refused by a client that does not trust its certificate', async () => {
    await expect(connectOnce(tlsUrl, vessel('alpha', { rejectUnauthorized: true }))).rejects.toThrow(/self.signed|unable to verify|certificate/i);
  });

  it('admits a vessel by a client certificate signed by its CA, and refuses the same name from another CA', async () => {
    const tls = { ca: readFileSync(certs.ca), rejectUnauthorized: true, clientId: 'sillage-edge-charlie' };
    const charlie = await connectOnce(tlsUrl, { ...tls, cert: readFileSync(certs.clientCert), key: readFileSync(certs.clientKey) });
    await charlie.publishAsync('sillage/v1/charlie/status', '{"state":"online","t":1,"backlog":0}', { qos: 1 });
    await charlie.endAsync();
    await expect(connectOnce(tlsUrl, { ...tls, cert: readFileSync(certs.rogueCert), key: readFileSync(certs.rogueKey) }))
      .rejects.toThrow(/Bad username or password/i);
  });

  it('never logs a password', () => {
    const text = logs.join('\n');
    expect(text).toMatch(/MQTT login refused/);
    for (const secret of ['alpha-secret', 'bravo-secret', 'worker-secret', 'wrong']) expect(text).not.toContain(secret);
  });
});
