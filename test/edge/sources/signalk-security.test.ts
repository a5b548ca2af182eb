import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DeviceStatusChange } from '../../../edge/sources/device-health.ts';
import { SignalKCredentials } from '../../../edge/sources/signalk/signalk-credentials.ts';
import { SignalKSource } from '../../../edge/sources/signalk/signalk-source.ts';
import type { SignalKAuth } from '../../../edge/sources/signalk/signalk-credentials.ts';
import { generateSignalKToken, startSignalK, type RunningSignalK } from '../../helpers/signalk-server.ts';
import { waitFor } from '../../helpers/wait.ts';

const SKIPPER = { username: 'skipper', password: 'correct horse battery staple', type: 'read' as const };
const AIS_FEED = { username: 'ais-feed', password: 'another long password', type: 'readwrite' as const };
const OTHER_VESSEL = 'vessels.urn:mrn:imo:mmsi:230999999';

/** Signal K with its token security on and read-only access without a token off, replaying its NMEA 0183 sample. */
describe('the Signal K source against a signalk-server with security on', () => {
  let server: RunningSignalK;
  const running: SignalKSource[] = [];
  beforeAll(async () => {
    server = await startSignalK('nmea0183', { security: { users: [SKIPPER, AIS_FEED] } });
  }, 90_000);
  afterAll(async () => {
    for (const source of running) await source.stop();
    await server.stop();
  });

  async function source(auth: SignalKAuth | undefined, changes: DeviceStatusChange[] = []) {
    const s = new SignalKSource({ name: 'sk', url: server.url, rename: {}, auth, maxAgeMs: 5000, retry: { minMs: 200, maxMs: 1000 }, onStatus: (c) => changes.push(c) });
    running.push(s);
    await s.start();
    return s;
  }

  const navigation = (s: SignalKSource) => {
    const seen: Record<string, number> = {};
    return () => {
      Object.assign(seen, s.read());
      return 'navigation.position.latitude' in seen && 'navigation.speedOverGround' in seen ? seen : undefined;
    };
  };

  it('reads the vessel with a token its administrator issued', async () => {
    const changes: DeviceStatusChange[] = [];
    const s = await source({ token: generateSignalKToken(server, SKIPPER.username) }, changes);
    const seen = await waitFor(navigation(s), 30_000, 'navigation values');
    expect(seen['navigation.position.latitude']).toBeGreaterThan(59);
    expect(changes.map((c) => c.state)).toEqual(['ok']);
  }, 60_000);

  it('logs in with a user and password, and reads with the token it is given', async () => {
    const s = await source({ username: SKIPPER.username, password: SKIPPER.password });
    await waitFor(navigation(s), 30_000, 'navigation values');
    expect(s.credentials.logins).toBe(1);
    expect(s.status()[0]!.state).toBe('ok');
  }, 60_000);

  it('reports a token the server refuses as misconfigured with its reason, takes nothing and keeps retrying', async () => {
    const changes: DeviceStatusChange[] = [];
    const forged = generateSignalKToken(server, SKIPPER.username).slice(0, -4) + 'AAAA';
    const s = await source({ token: forged }, changes);
    await waitFor(() => s.status()[0]!.failures >= 3, 15_000, 'three refusals');
    expect(changes.map((c) => c.state)).toEqual(['misconfigured']);
    expect(s.status()[0]!.detail).toMatch(/refused the token \(HTTP 401\): .*invalid signature/);
    expect(s.read()).toEqual({});
    expect(s.deltas).toBe(0);
  }, 60_000);

  it('reports a wrong password as misconfigured with the server\'s reason', async () => {
    const s = await source({ username: SKIPPER.username, password: 'wrong' });
    await waitFor(() => s.status()[0]!.state === 'misconfigured', 15_000, 'the refusal reported');
    expect(s.status()[0]!.detail).toBe('login as skipper refused (HTTP 401): Invalid username/password');
    expect(s.credentials.logins).toBe(0);
  }, 60_000);

  it('subscribes to its own vessel only: another vessel\'s deltas on the same server never reach it', async () => {
    const s = await source({ username: SKIPPER.username, password: SKIPPER.password });
    await waitFor(navigation(s), 30_000, 'navigation values');
    // An AIS receiver feeding the server another vessel's speed, and a reader subscribed to everything.
    const login = await fetch(`${server.httpUrl}/signalk/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(AIS_FEED) });
    const { token } = (await login.json()) as { token: string };
    const headers = { Authorization: `Bearer ${token}` };
    const feed = new WebSocket(`${server.url}/signalk/v1/stream?subscribe=none`, { headers });
    const everything = new WebSocket(`${server.url}/signalk/v1/stream?subscribe=all`, { headers });
    let seenByAll = 0;
    everything.on('message', (m) => { if ((JSON.parse(m.toString()) as { context?: string }).context === OTHER_VESSEL) seenByAll++; });
    await Promise.all([feed, everything].map((ws) => new Promise((r) => ws.once('open', r))));
    const timer = setInterval(() => feed.send(JSON.stringify({ context: OTHER_VESSEL, updates: [{ values: [{ path: 'navigation.speedOverGround', value: 7.77 }] }] })), 100);
    try {
      const before = s.deltas;
      await waitFor(() => seenByAll >= 10, 15_000, 'the other vessel on the server');
      await waitFor(() => s.deltas > before + 10, 15_000, 'own deltas meanwhile');
      expect(s.otherVesselDeltas).toBe(0);
    } finally {
      clearInterval(timer);
      feed.terminate();
      everything.terminate();
    }
  }, 60_000);

  it('logs in again when the server refuses a token it had issued (its signing key changed), and reads on', async () => {
    const changes: DeviceStatusChange[] = [];
    const s = await source({ username: SKIPPER.username, password: SKIPPER.password }, changes);
    await waitFor(navigation(s), 30_000, 'navigation values');
    await server.halt();
    const file = join(server.dir, 'security.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), secretKey: 'a-new-signing-key-'.repeat(4) }));
    server = await startSignalK('nmea0183', { restart: server });
    await waitFor(navigation(s), 30_000, 'navigation values after the restart');
    expect(s.credentials.logins).toBe(2);
    expect(changes.map((c) => c.state)).toEqual(['ok', 'disconnected', 'misconfigured', 'ok']);
  }, 90_000);
});

describe('Signal K credentials from a login', () => {
  it('are renewed with a fresh login as the token nears its expiry, and reused until then', async () => {
    const server = await startSignalK('nmea0183', { security: { users: [SKIPPER], expiration: '10m' } });
    try {
      let now = Date.now();
      const credentials = new SignalKCredentials(server.httpUrl, { username: SKIPPER.username, password: SKIPPER.password }, () => now);
      const first = await credentials.token();
      expect(await credentials.token()).toBe(first);
      now += 9 * 60_000;
      expect(await credentials.token()).toBe(first);
      now += 45_000;
      const renewed = await credentials.token();
      expect(credentials.logins).toBe(2);
      const exp = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp;
      expect(exp(renewed!)).toBeGreaterThanOrEqual(exp(first!));
    } finally {
      await server.stop();
    }
  }, 90_000);
});
