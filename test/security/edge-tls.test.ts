import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../edge/agent.ts';
import type { TelemetrySource } from '../../shared/source.ts';
import type { SignalPath } from '../../shared/registry/index.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import { hashSecret } from '../../server/security/secrets.ts';
import { ShoreServer } from '../../server/server.ts';
import { freePort } from '../helpers/ports.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { makeTestCertificates, type TestCertificates } from './test-certificates.ts';

const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const constantSource: TelemetrySource = { name: 'constant', start: async () => {}, stop: async () => {}, read: () => ({ [SOC]: 0.66 }) };

describe('edge agent over mqtts to a production shore', () => {
  const { dir, remove } = tempDir('sillage-edge-tls-');
  let certs: TestCertificates;
  let server: ShoreServer;
  let tlsUrl: string;
  const agents: EdgeAgent[] = [];
  const agent = async (vessel: string, password: string, tls: { ca?: string }) => {
    const a = new EdgeAgent({
      config: {
        vessel, mqtt: { url: tlsUrl, password, tls, statusIntervalMs: 500 },
        outbox: { path: join(dir, `${vessel}.db`), batchSamples: 1, batchMaxAgeMs: 500 },
        display: { enabled: false },
      },
      sources: [constantSource],
    });
    agents.push(a);
    await a.start();
    return a;
  };

  beforeAll(async () => {
    certs = makeTestCertificates(dir, 'unused');
    server = new ShoreServer({
      dataDir: join(dir, 'shore'),
      http: { port: await freePort() },
      mqtt: { port: await freePort(), tls: { port: await freePort(), cert: certs.serverCert, key: certs.serverKey } },
      vessels: [
        { id: 'alpha', name: 'Alpha', credentials: { secretHash: await hashSecret('alpha-pw') } },
        { id: 'bravo', name: 'Bravo', credentials: { secretHash: await hashSecret('bravo-pw') } },
      ],
      users: [{ name: 'admin', role: 'admin', passwordHash: await hashSecret('admin-pw') }],
    });
    await server.start();
    tlsUrl = `mqtts://localhost:${server.config.mqtt.tls!.port}`;
  });
  afterAll(async () => {
    for (const a of agents) await a.stop();
    await server.stop();
    remove();
  });

  it('delivers through mqtts when it trusts the shore certificate\'s CA, logging in with its vessel id', async () => {
    const a = await agent('alpha', 'alpha-pw', { ca: certs.ca });
    await waitFor(async () => (await server.store.latest(asVesselId('alpha')))[SOC], 10_000, 'alpha data at shore');
    expect((await server.store.latest(asVesselId('alpha')))[SOC]!.v).toBe(0.66);
    await waitFor(() => a.backlog() === 0, 10_000, 'alpha backlog acknowledged');
  });

  it('sends nothing to a shore whose certificate it cannot verify, and keeps its samples on board', async () => {
    const b = await agent('bravo', 'bravo-pw', {});
    await waitFor(() => b.backlog() >= 2, 10_000, 'bravo samples kept on board');
    expect(await server.store.latest(asVesselId('bravo'))).toEqual({});
  });
});
