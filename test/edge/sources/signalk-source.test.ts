import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { DeviceStatusChange } from '../../../edge/sources/device-health.ts';
import { readDelta } from '../../../edge/sources/signalk/signalk-deltas.ts';
import { SignalKSource } from '../../../edge/sources/signalk/signalk-source.ts';
import { checkValue } from '../../../shared/registry/index.ts';
import { freePort } from '../../helpers/ports.ts';
import { startSignalK, type RunningSignalK } from '../../helpers/signalk-server.ts';
import { waitFor } from '../../helpers/wait.ts';

const SELF = 'vessels.urn:mrn:imo:mmsi:227000000';

describe('Signal K deltas', () => {
  it('flatten the position object and keep registry paths with their SI values', () => {
    const delta = { context: SELF, updates: [{ values: [
      { path: 'navigation.position', value: { latitude: 50.72, longitude: 1.59 } },
      { path: 'navigation.speedOverGround', value: 3.1 },
      { path: 'navigation.rateOfTurn', value: 0.01 },
      { path: 'navigation.courseOverGroundTrue', value: 'north' },
    ] }] };
    expect(readDelta(delta, SELF)).toEqual({ values: [
      ['navigation.position.latitude', 50.72], ['navigation.position.longitude', 1.59], ['navigation.speedOverGround', 3.1],
    ], rejected: [], otherVessel: false });
  });

  it('leave out other vessels and count values no sensor can show', () => {
    const value = (v: number) => ({ updates: [{ values: [{ path: 'navigation.speedOverGround', value: v }] }] });
    expect(readDelta({ context: 'vessels.urn:mrn:imo:mmsi:999', ...value(3) }, SELF)!.values).toEqual([]);
    expect(readDelta({ context: 'vessels.urn:mrn:imo:mmsi:999', ...value(3) }, SELF)!.otherVessel).toBe(true);
    expect(readDelta({ context: 'vessels.self', ...value(300) }, SELF)).toEqual({ values: [], rejected: ['navigation.speedOverGround=300'], otherVessel: false });
  });

  it('rename a server\'s equipment ids onto the vessel\'s', () => {
    const delta = { updates: [{ values: [{ path: 'propulsion.port.revolutions', value: 20 }] }] };
    expect(readDelta(delta, SELF, { 'propulsion.port': 'propulsion.main' })!.values).toEqual([['propulsion.main.revolutions', 20]]);
  });
});

describe('the Signal K source against a real signalk-server with its sample data', () => {
  let server: RunningSignalK;
  beforeAll(async () => {
    server = await startSignalK('nmea0183');
  }, 90_000);
  afterAll(async () => {
    await server.stop();
  });

  it('receives position, speed and course from the delta stream, within the registry ranges', async () => {
    const changes: DeviceStatusChange[] = [];
    const source = new SignalKSource({ name: 'sk', url: server.url, rename: {}, maxAgeMs: 5000, retry: { minMs: 200, maxMs: 2000 }, onStatus: (c) => changes.push(c) });
    await source.start();
    try {
      const seen: Record<string, number> = {};
      await waitFor(() => {
        Object.assign(seen, source.read());
        return 'navigation.position.latitude' in seen && 'navigation.speedOverGround' in seen && 'navigation.courseOverGroundTrue' in seen;
      }, 30_000, 'navigation values');
      // The sample (plaka.log) is a boat off Finland.
      expect(seen['navigation.position.latitude']).toBeGreaterThan(59);
      expect(seen['navigation.position.latitude']).toBeLessThan(61);
      for (const [path, value] of Object.entries(seen)) expect(checkValue(path, value), path).toBe('ok');
      expect(changes.at(-1)!.state).toBe('ok');
    } finally {
      await source.stop();
    }
  }, 60_000);
});

describe('the Signal K source when its server goes away', () => {
  it('reports the loss and reconnects with backoff when the server is back', async () => {
    const port = await freePort();
    const delta = JSON.stringify({ context: 'vessels.self', updates: [{ values: [{ path: 'navigation.speedOverGround', value: 2.5 }] }] });
    const serve = () => {
      const wss = new WebSocketServer({ host: '127.0.0.1', port });
      wss.on('connection', (ws) => {
        ws.send(JSON.stringify({ name: 'test', self: SELF }));
        const timer = setInterval(() => ws.send(delta), 100);
        ws.on('close', () => clearInterval(timer));
      });
      return wss;
    };
    let wss = serve();
    const changes: DeviceStatusChange[] = [];
    const source = new SignalKSource({ name: 'sk', url: `ws://127.0.0.1:${port}`, rename: {}, maxAgeMs: 1000, retry: { minMs: 100, maxMs: 400 }, onStatus: (c) => changes.push(c) });
    await source.start();
    try {
      await waitFor(() => source.read()['navigation.speedOverGround' as never] === 2.5, 5000, 'a first value');
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await waitFor(() => changes.some((c) => c.state === 'disconnected'), 5000, 'the loss reported');
      await new Promise((r) => setTimeout(r, 1100));
      expect(source.read()).toEqual({});
      wss = serve();
      await waitFor(() => source.read()['navigation.speedOverGround' as never] === 2.5, 5000, 'values again');
      expect(changes.at(-1)!.state).toBe('ok');
    } finally {
      await source.stop();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  });
});
