import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { MAX_BATCH_BYTES } from '../../shared/wire/telemetry.ts';
import type { IClientOptions, MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SignalPath } from '../../shared/registry/index.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import { hashSecret } from '../../server/security/secrets.ts';
import { ShoreServer } from '../../server/server.ts';
import { freePort } from '../helpers/ports.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { makeTestCertificates } from './test-certificates.ts';
import { closed, connectOnce } from '../helpers/mqtt-once.ts';
import { rawGet } from '../helpers/raw-get.ts';

/** A second loopback address: another host as far as the per-address limits go. */
const SPRAYER = '127.0.0.2';
const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const VOLT = 'electrical.batteries.main.voltage' as SignalPath;
const PASSWORDS = {
  alpha: 'alpha-Secret-1', bravo: 'bravo-Secret-2', charlie: 'charlie-Secret-3',
  admin: 'admin-Pass-4', engineer: 'engineer-Pass-5', reviewer: 'reviewer-Pass-6', skipper: 'skipper-Pass-7',
};


/** `name{labels} value` lines of a Prometheus text exposition, summed over series matching `labels`. */
type Counter = readonly [name: string, labels: Record<string, string>, by: number];
const counter = (name: string, labels: Record<string, string> = {}, by = 1): Counter => [name, labels, by];

function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries((m[3] ?? '').split(',').filter(Boolean).map((kv) => {
      const [k, v] = kv.split('=');
      return [k, JSON.parse(v!)];
    }));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[4]);
  }
  return sum;
}

describe('hostile input against a production shore: real broker, ingest, store and web', () => {
  const { dir, remove } = tempDir('sillage-hostile-');
  const logs: string[] = [];
  const tokens: Record<string, string> = {};
  /** One line of the figures the issue's closing note reports: what was tried, how often, and what counted it. */
  const rows: { attack: string; attempts: number; refused: number; counters: string[] }[] = [];
  let goodVessel: { batches: number; acked: number; valuesSent: number; valuesStored: number; drops: number } | undefined;
  let server: ShoreServer;
  let http: string;
  let plainUrl: string;
  let tlsUrl: string;
  let ca: Buffer;

  // The good vessel: streams one sample per batch all through the attacks, over mqtts, verifying shore's certificate.
  const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
  let alpha: MqttClient;
  let alphaSeq = 0;
  let alphaTimer: NodeJS.Timeout;
  let alphaDrops = 0;
  const alphaAcked = new Set<number>();
  const soc = (seq: number) => 0.5 + (seq % 100) / 1000;
  const volt = (seq: number) => 600 + (seq % 50);

  const bravo = (extra: IClientOptions = {}) =>
    connectOnce(plainUrl, { clientId: 'sillage-edge-bravo', username: 'bravo', password: PASSWORDS.bravo, ...extra });

  const metrics = async () => {
    const res = await fetch(`${http}/metrics`, { headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  /**
   * Runs `attack`, which sends `attempts` hostile items, and waits until each counter has grown by exactly its
   * share. `attack` answers how many it saw refused (a status, a CONNACK, a SUBACK failure) when the refusal
   * shows on the wire; when it shows only in the counters (ingest keeps quiet towards the vessel), their sum is
   * the number refused. Either way every attempt must have been refused.
   */
  const expectCounted = async (attack: string, attempts: number, counters: Counter[], run: () => Promise<number | void>) => {
    const text = await metrics();
    const before = counters.map(([name, labels]) => metricValue(text, name, labels));
    const seen = await run();
    await waitFor(async () => {
      const now = await metrics();
      return counters.every(([name, labels, by], i) => metricValue(now, name, labels) >= before[i]! + by);
    }, 15_000, counters.map(([name, labels, by]) => `${name}${JSON.stringify(labels)} +${by}`).join(', '));
    const after = await metrics();
    const grown = counters.map(([name, labels], i) => metricValue(after, name, labels) - before[i]!);
    expect(grown).toEqual(counters.map(([, , by]) => by));
    const refused = typeof seen === 'number' ? seen : grown.reduce((a, b) => a + b, 0);
    expect(refused, `${attack}: refused of ${attempts}`).toBe(attempts);
    rows.push({
      attack, attempts, refused,
      counters: counters.map(([name, labels], i) => `${name}${Object.keys(labels).length ? JSON.stringify(labels).replaceAll('"', '').replaceAll(':', '=') : ''} +${grown[i]}`),
    });
  };
  const api = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${http}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
  const login = (username: string, password: string) =>
    api('/api/auth/login', undefined, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  /** A login from another local address (fetch cannot choose it): its status. */
  const loginFrom = (localAddress: string, username: string, password: string) => new Promise<{ status: number }>((resolve, reject) => {
    const req = request(`${http}/api/auth/login`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ username, password }));
  });

  beforeAll(async () => {
    const certs = makeTestCertificates(dir, 'unused');
    ca = readFileSync(certs.ca);
    const hash = async (s: string) => hashSecret(s);
    server = new ShoreServer({
      dataDir: dir,
      security: { mode: 'production' },
      http: { port: await freePort() },
      mqtt: {
        port: await freePort(),
        tls: { port: await freePort(), cert: certs.serverCert, key: certs.serverKey, ca: certs.ca },
      },
      vessels: await Promise.all((['alpha', 'bravo', 'charlie'] as const).map(async (id) =>
        ({ id, name: id, credentials: { secretHash: await hash(PASSWORDS[id]) } }))),
      users: [
        { name: 'admin', role: 'admin', passwordHash: await hash(PASSWORDS.admin) },
        { name: 'engineer', role: 'engineer', passwordHash: await hash(PASSWORDS.engineer) },
        { name: 'reviewer', role: 'reviewer', passwordHash: await hash(PASSWORDS.reviewer) },
        { name: 'skipper', role: 'skipper', vessel: 'bravo', passwordHash: await hash(PASSWORDS.skipper) },
      ],
    }, (msg, detail) => logs.push(`${msg} ${JSON.stringify(detail ?? '')}`));
    await server.start();
    http = server.httpUrl;
    plainUrl = server.mqttUrl;
    tlsUrl = `mqtts://localhost:${server.config.mqtt.tls!.port}`;
    for (const user of ['admin', 'engineer', 'reviewer', 'skipper'] as const) {
      const res = await login(user, PASSWORDS[user]);
      expect(res.status).toBe(200);
      tokens[user] = ((await res.json()) as { token: string }).token;
    }
    alpha = await connectOnce(tlsUrl, { clientId: 'sillage-edge-alpha', username: 'alpha', password: PASSWORDS.alpha, ca, rejectUnauthorized: true });
    alpha.on('close', () => { alphaDrops++; });
    alpha.on('message', (_t, payload) => { for (const s of (JSON.parse(payload.toString()) as { seqs: number[] }).seqs) alphaAcked.add(s); });
    await alpha.subscribeAsync('sillage/v1/alpha/ack', { qos: 1 });
    alphaTimer = setInterval(() => {
      const seq = ++alphaSeq;
      alpha.publish('sillage/v1/alpha/telemetry', JSON.stringify({ seq, samples: [{ t: T0 + seq * 1000, v: { [SOC]: soc(seq), [VOLT]: volt(seq) } }] }), { qos: 1 });
    }, 20);
  });

  afterAll(async () => {
    clearInterval(alphaTimer);
    alpha?.end(true);
    await server?.stop();
    remove();
    console.log(figuresTable(rows, goodVessel));
  });

  describe('bad telemetry from an authenticated vessel', () => {
    let b: MqttClient;
    const T = Date.now() - 60_000;
    const send = async (payload: string | Buffer) => {
      if (!b?.connected) b = await bravo();
      await b.publishAsync('sillage/v1/bravo/telemetry', payload, { qos: 1 });
    };
    const rejected = (reason: string, by = 1) => counter('sillage_ingest_rejected_total', { reason }, by);
    /** Publishes on a topic the ACL refuses: the broker drops the connection, which the test waits for. */
    const publishRefused = async (topic: string) => {
      if (!b?.connected) b = await bravo();
      b.publish(topic, '{"seq":12,"samples":[]}', { qos: 1 });
      await closed(b);
      b.end(true);
    };
    afterAll(async () => { await b?.endAsync(); });

    it('invalid JSON', () => expectCounted('invalid JSON', 1, [rejected('invalid-json')], () => send('{"seq": 1, "samples": [')));
    it('wrong types', () => expectCounted('wrong types (seq a string, samples an object)', 1, [rejected('invalid-batch')], () => send('{"seq":"2","samples":{"t":"now"}}')));
    it('NaN (not JSON at all)', () => expectCounted('NaN', 1, [rejected('invalid-json')], () => send(`{"seq":3,"samples":[{"t":${T},"v":{"${SOC}":NaN}}]}`)));
    it('Infinity through overflowing literals', () =>
      expectCounted('Infinity (1e999, -1e999)', 2, [rejected('not-finite', 2)], () => send(`{"seq":4,"samples":[{"t":${T},"v":{"${VOLT}":1e999,"${SOC}":-1e999}}]}`)));
    it('huge numbers', () =>
      expectCounted('huge number (1e308 V)', 1, [rejected('out-of-range')], () => send(`{"seq":5,"samples":[{"t":${T},"v":{"${VOLT}":1e308}}]}`)));
    it('a negative, a fractional and an unsafe seq', () =>
      expectCounted('bad seq (-1, 1.5, 2^60)', 3, [rejected('invalid-batch', 3)], async () => {
        for (const seq of ['-1', '1.5', '1152921504606846976']) await send(`{"seq":${seq},"samples":[]}`);
      }));
    it('huge arrays', () =>
      expectCounted('20 000 samples in one batch', 1, [rejected('invalid-batch')], () => send(JSON.stringify({ seq: 6, samples: Array(20_000).fill({}) }))));
    it('a sample with too many values', () =>
      expectCounted('600 values in one sample', 1, [rejected('invalid-sample')],
        () => send(JSON.stringify({ seq: 61, samples: [{ t: T, v: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`x.${i}`, i])) }] }))));
    it('deep nesting', () =>
      expectCounted('value nested 100 000 deep', 1, [rejected('invalid-value-type')],
        () => send(`{"seq":7,"samples":[{"t":${T},"v":{"${SOC}":${'['.repeat(100_000)}${']'.repeat(100_000)},"${VOLT}":612}}]}`)));
    it('a payload over the batch limit but under the packet limit is refused by ingest', () =>
      expectCounted('payload of 1 MiB + 1 KiB', 1, [rejected('too-large')],
        () => send(`{"seq":62,"samples":[]}${' '.repeat(MAX_BATCH_BYTES + 1024)}`)));
    it('a 10 MB payload closes the connection from its header', () =>
      expectCounted('10 MB payload', 1, [counter('sillage_mqtt_oversize_packets_total')], async () => {
        if (!b?.connected) b = await bravo();
        b.publish('sillage/v1/bravo/telemetry', Buffer.alloc(10 * 1024 * 1024, 0x7b), { qos: 1 });
        await closed(b);
        b.end(true);
      }));
    it('unknown paths, with unicode and control-character tricks', () =>
      expectCounted('unknown paths (plain, zero-width space, NUL, RTL override)', 4, [rejected('unknown-path', 4)],
        () => send(JSON.stringify({ seq: 8, samples: [{ t: T, v: {
          'engine.warp.drive': 1, [`${VOLT}\u200b`]: 612, [`${VOLT}\u0000`]: 612, [`\u202e${VOLT}`]: 612, [SOC]: 0.6,
        } }] }))));
    it('future timestamps', () =>
      expectCounted('timestamp 1 h in the future', 1, [rejected('future-timestamp')], () => send(JSON.stringify({ seq: 9, samples: [{ t: Date.now() + 3_600_000, v: { [SOC]: 0.5 } }] }))));
    it('ancient timestamps', () =>
      expectCounted('timestamp in 1970', 1, [rejected('ancient-timestamp')], () => send(JSON.stringify({ seq: 10, samples: [{ t: 1000, v: { [SOC]: 0.5 } }] }))));
    it('duplicate seq is stored once and acknowledged again', async () => {
      const batch = JSON.stringify({ seq: 11, samples: [{ t: T + 11_000, v: { [SOC]: 0.55 } }] });
      await send(batch);
      await waitFor(async () => (await server.store.countValues(asVesselId('bravo'), T + 11_000, T + 11_001)) === 1, 15_000, 'seq 11 stored');
      await expectCounted('duplicate seq (stored once)', 1, [counter('sillage_ingest_duplicate_batches_total')], () => send(batch));
      expect(await server.store.countValues(asVesselId('bravo'), T + 11_000, T + 11_001)).toBe(1);
    });
    it('a topic naming a look-alike vessel id (Cyrillic "о") is refused and the client disconnected', () =>
      expectCounted('look-alike vessel id in topic', 1, [counter('sillage_mqtt_denied_total', { action: 'publish', reason: 'topic-not-allowed' })],
        () => publishRefused('sillage/v1/brav\u043e/telemetry')));
    it('a topic with a control character is refused', () =>
      expectCounted('control character in topic', 1, [counter('sillage_mqtt_denied_total', { action: 'publish', reason: 'topic-not-allowed' })],
        () => publishRefused('sillage/v1/bravo\u0007/telemetry')));
    it('a vessel writing its own acknowledgements is refused', () =>
      expectCounted('vessel publishes its own ack', 1, [counter('sillage_mqtt_denied_total', { action: 'publish', reason: 'topic-not-allowed' })],
        () => publishRefused('sillage/v1/bravo/ack')));
    it('keeps the good values of the batches it had to cut', async () => {
      expect((await server.store.latest(asVesselId('bravo')))[VOLT]).toEqual({ t: T, v: 612 });
    });
    it('keeps every refused batch or value as a dead letter with its reason, as many as it counted', async () => {
      const text = await metrics();
      const kept = server.deadLetters!.counts().filter((c) => c.vessel === 'bravo');
      const reasons = ['invalid-json', 'invalid-batch', 'invalid-sample', 'not-finite', 'out-of-range', 'invalid-value-type',
        'too-large', 'unknown-path', 'future-timestamp', 'ancient-timestamp'];
      for (const reason of reasons) {
        const letters = kept.find((c) => c.reason === reason)?.count ?? 0;
        expect(letters, reason).toBeGreaterThan(0);
        expect(letters, reason).toBe(metricValue(text, 'sillage_ingest_rejected_total', { reason }));
      }
      for (const letter of server.deadLetters!.recent(100).filter((l) => l.vessel === 'bravo')) expect(letter.detail, letter.reason).not.toBe('');
    });
  });

  describe('attacks on the broker', () => {
    const authFailures = (reason: string, by = 1) => counter('sillage_mqtt_auth_failures_total', { reason }, by);
    /** Connection attempts that must each be refused: how many were. */
    const refusedConnects = async (attempts: (() => Promise<MqttClient>)[], refusal: RegExp) => {
      let refused = 0;
      for (const attempt of attempts) {
        await expect(attempt()).rejects.toThrow(refusal);
        refused++;
      }
      return refused;
    };

    it('wrong password', () =>
      expectCounted('wrong password', 1, [authFailures('bad-credentials')],
        () => refusedConnects([() => bravo({ password: 'guess' })], /Bad username or password/i)));
    it('control characters and unicode tricks in the user name and client id', async () => {
      await expectCounted('NUL or RTL override in user name', 2, [authFailures('bad-credentials', 2)],
        () => refusedConnects([() => bravo({ username: 'bravo\u0000' }), () => bravo({ username: '\u202ebravo' })], /Bad username or password/i));
      await expectCounted('RTL override or NUL in client id', 2, [authFailures('client-id-mismatch', 2)],
        () => refusedConnects([() => bravo({ clientId: 'sillage-edge-bravo\u202e' }), () => bravo({ clientId: 'sillage-edge-bravo\u0000' })], /Identifier rejected/i));
    });
    it('brute force: after 5 failures a minute, attempts are refused without being checked, the right password too', async () => {
      const results: string[] = [];
      const charlie = (password: string) => connectOnce(plainUrl, { clientId: 'sillage-edge-charlie', username: 'charlie', password });
      await expectCounted('MQTT password brute force (8 guesses, then the right one)', 9,
        [authFailures('bad-credentials', 5), authFailures('rate-limited', 4)], async () => {
          for (let i = 0; i < 8; i++) {
            try {
              await (await charlie(`guess-${i}`)).endAsync();
              results.push('in');
            } catch (err) {
              results.push(/Bad username/i.test((err as Error).message) ? 'wrong' : 'blocked');
            }
          }
          // The lock holds for the rest of the minute, whatever the password.
          await expect(charlie(PASSWORDS.charlie)).rejects.toThrow(/Not authorized/i);
          return results.filter((r) => r !== 'in').length + 1;
        });
      expect(results).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'wrong', 'blocked', 'blocked', 'blocked']);
    });
    it('vessel B publishing as vessel A is disconnected and nothing reaches A\'s data', async () => {
      await expectCounted('B publishes as A', 1, [counter('sillage_mqtt_denied_total', { action: 'publish', reason: 'foreign-vessel' })], async () => {
        const b = await bravo();
        b.publish('sillage/v1/alpha/telemetry', JSON.stringify({ seq: 1, samples: [{ t: T0 - 5000, v: { [SOC]: 0.01 } }] }), { qos: 1 });
        await closed(b);
        b.end(true);
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(await server.store.countValues(asVesselId('alpha'), T0 - 10_000, T0)).toBe(0);
    });
    it('vessel B subscribing to A\'s ack gets a SUBACK failure and no ack', async () => {
      const b = await bravo();
      const seen: string[] = [];
      b.on('message', (topic) => seen.push(topic));
      const refusedSubscriptions = async (filters: string[]) => {
        for (const filter of filters) await expect(b.subscribeAsync(filter, { qos: 1 })).rejects.toThrow(/Subscribe error/);
        return filters.length;
      };
      await expectCounted('B subscribes to A\'s ack or telemetry', 2, [counter('sillage_mqtt_denied_total', { action: 'subscribe', reason: 'foreign-vessel' }, 2)],
        () => refusedSubscriptions(['sillage/v1/alpha/ack', 'sillage/v1/alpha/telemetry']));
      await expectCounted('B subscribes to wildcards (#, sillage/v1/+/ack)', 2, [counter('sillage_mqtt_denied_total', { action: 'subscribe', reason: 'topic-not-allowed' }, 2)],
        () => refusedSubscriptions(['#', 'sillage/v1/+/ack']));
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual([]);
      await b.endAsync();
    });
    it('vessel B taking A\'s client id is refused and A stays connected', () =>
      expectCounted('B takes A\'s client id', 1, [authFailures('client-id-mismatch')],
        () => refusedConnects([() => bravo({ clientId: 'sillage-edge-alpha' })], /Identifier rejected/i)));
    it('password spraying: one address trying a guess on 20 user names is then refused even with a right password', () => {
      // From another loopback address (a host of its own for the limits), over mqtts: tls.connect takes localAddress.
      const sprayer = (username: string, password: string) => connectOnce(`mqtts://127.0.0.1:${server.config.mqtt.tls!.port}`, {
        clientId: `sillage-edge-${username}`, username, password, ca, servername: 'localhost', rejectUnauthorized: true, localAddress: SPRAYER,
      } as IClientOptions);
      const spray = Array.from({ length: 20 }, (_, i) => () => sprayer(`vessel-${i}`, 'Summer2026!'));
      return expectCounted('MQTT password spraying from one address (20 user names, then a right password)', 21,
        [authFailures('bad-credentials', 20), authFailures('rate-limited', 1)],
        async () => (await refusedConnects(spray, /Bad username or password/i)) +
          (await refusedConnects([() => sprayer('charlie', PASSWORDS.charlie)], /Not authorized/i)));
    });
  });

  describe('attacks on the web', () => {
    const denied = (reason: string, by = 1) => counter('sillage_http_denied_total', { reason }, by);
    /** Requests that must each get `status`, with a JSON error and no stack trace: how many did. */
    const refusedRequests = async (status: number, requests: [path: string, token?: string, init?: RequestInit][]) => {
      let refused = 0;
      for (const [path, token, init] of requests) {
        const res = await api(path, token, init);
        const text = await res.text();
        expect(res.status, path).toBe(status);
        expect(typeof (JSON.parse(text) as { error?: unknown }).error, path).toBe('string');
        expect(text, path).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
        refused++;
      }
      return refused;
    };

    it('unauthenticated requests and forged sessions', () =>
      expectCounted('unauthenticated or forged-session requests', 6, [denied('unauthenticated', 6)], async () => {
        for (const path of ['/api/vessels', '/api/vessels/alpha/latest', '/metrics', '/api/auth/me']) {
          const res = await api(path);
          expect(res.status).toBe(401);
          expect(await res.json()).toEqual({ error: 'authentication required', detail: 'unauthenticated' });
        }
        expect((await api('/api/vessels', 'forged-token')).status).toBe(401);
        expect((await fetch(`${http}/api/vessels`, { headers: { cookie: 'sillage_session=forged' } })).status).toBe(401);
        return 6;
      }));
    it('a skipper reading another vessel', async () => {
      await expectCounted('skipper reads another vessel', 3, [denied('foreign-vessel', 3)], () => refusedRequests(403, [
        ['/api/vessels/alpha/latest', tokens.skipper],
        [`/api/vessels/alpha/series?paths=${SOC}&from=${T0}`, tokens.skipper],
        [`/api/vessels/alpha/series.csv?paths=${SOC}&from=${T0}`, tokens.skipper],
      ]));
      expect((await api('/api/vessels/bravo/latest', tokens.skipper)).status).toBe(200);
      const list = (await (await api('/api/vessels', tokens.skipper)).json()) as { id: string }[];
      expect(list.map((v) => v.id)).toEqual(['bravo']);
    });
    it('wrong-role requests: each role above its level', async () => {
      await expectCounted('wrong role (skipper→reviewer, reviewer→engineer, any→admin)', 12, [denied('insufficient-role', 12)], () => refusedRequests(403, [
        ['/api/savings', tokens.skipper],
        ['/api/vessels/bravo/trips', tokens.skipper],
        ['/api/reports?trial=true', tokens.skipper],
        ['/metrics', tokens.reviewer],
        ['/api/quality', tokens.reviewer],
        ['/api/fleet', tokens.reviewer],
        ['/api/events', tokens.reviewer],
        ['/api/admin/access', tokens.engineer],
        ['/api/admin/access', tokens.skipper],
        ['/api/admin/dead-letters/1/replay', tokens.engineer, { method: 'POST' }],
        ['/api/admin/dead-letters/1/replay', tokens.reviewer, { method: 'POST' }],
        ['/api/admin/dead-letters/1/replay', tokens.skipper, { method: 'POST' }],
      ]));
      const access = await (await api('/api/admin/access', tokens.admin)).json();
      expect(access).toMatchObject({ mode: 'production', vessels: [{ id: 'alpha', password: true, certificate: false }, { id: 'bravo' }, { id: 'charlie' }] });
      expect(JSON.stringify(access)).not.toContain('scrypt$');
    });
    it('live WebSocket upgrades without a session or below engineer', () =>
      expectCounted('live WebSocket: anonymous, reviewer, skipper', 3, [denied('unauthenticated'), denied('insufficient-role', 2)], async () => {
        const upgrade = (token?: string) => new Promise<number>((resolve, reject) => {
          const ws = new WebSocket(`${http.replace('http', 'ws')}/api/live`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
          ws.on('open', () => { ws.close(); reject(new Error('upgraded')); });
          // The server, not the client, closes a refused upgrade's socket.
          ws.on('unexpected-response', (_req, res) => { res.resume(); res.socket.once('close', () => resolve(res.statusCode ?? 0)); });
        });
        const statuses = [await upgrade(), await upgrade(tokens.reviewer), await upgrade(tokens.skipper)];
        expect(statuses).toEqual([401, 403, 403]);
        return statuses.length;
      }));
    it('injection attempts in ids, paths and ranges are refused before any query', () =>
      expectCounted('injection in ids, paths, ranges', 11, [counter('sillage_http_refused_total', { status: '400' }, 11)], () => refusedRequests(400, [
        `/api/vessels/alpha'%20OR%20'1'='1/latest`,
        `/api/vessels/alpha%22%3B%20DROP%20MEASUREMENT%20telemetry%3B--/latest`,
        `/api/vessels/%D0%B0lpha/latest`,
        `/api/vessels/alpha%00/latest`,
        `/api/vessels/alpha/series?paths=${SOC}%22)%20OR%201%3D1--&from=${T0}`,
        `/api/vessels/alpha/series?paths=${SOC}&from=1%3BDROP%20TABLE%20samples`,
        `/api/vessels/alpha/series?paths=${SOC}&from=${T0}&to=now()`,
        `/api/vessels/alpha/series?paths=${SOC}&from=99999999999999999999`,
        `/api/vessels/alpha/series?paths=${SOC}&from=${T0}&step=-1`,
        `/api/vessels/alpha/series?paths=${SOC}&from=${T0}&step=1e999`,
        `/api/vessels/alpha/series?paths=${SOC}&paths=${VOLT}&from=${T0}`,
      ].map((path) => [path, tokens.engineer]))));
    it('path traversal on the static routes and the API never reaches the file system', async () => {
      const port = Number(new URL(http).port);
      const paths = [
        '/ui/../../../../etc/passwd', '/ui/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/ui/..%2f..%2f..%2f..%2fetc%2fpasswd',
        '/ui/%252e%252e%252f%252e%252e%252fetc%252fpasswd', '/ui/..\\..\\..\\..\\etc\\passwd', '/ui/vendor/uplot/../../../../package.json',
        '/ui/vendor/uplot/..%2fpackage.json', '/ui/vendor/uplot/uPlot.js', '/docs/static/../../../../etc/passwd',
        '/api/vessels/..%2F..%2Fetc%2Fpasswd/latest',
      ];
      await expectCounted('path traversal (static routes, API ids)', paths.length, [counter('sillage_http_refused_total', {}, paths.length)], async () => {
        let refused = 0;
        for (const path of paths) {
          const res = await rawGet(port, path, { authorization: `Bearer ${tokens.admin}` });
          expect([400, 403, 404], path).toContain(res.status);
          expect(res.body, path).not.toMatch(/root:|"dependencies"/);
          refused++;
        }
        return refused;
      });
      expect((await rawGet(port, '/ui/vendor/uplot/uPlot.iife.min.js')).status).toBe(200);
    });
    it('login brute force is rate-limited per user and address, the right password too', async () => {
      const statuses: number[] = [];
      await expectCounted('login brute force (7 guesses, then the right one)', 8,
        [counter('sillage_http_login_failures_total', { reason: 'bad-credentials' }, 4), counter('sillage_http_login_failures_total', { reason: 'rate-limited' }, 4)],
        async () => {
          for (let i = 0; i < 7; i++) statuses.push((await login('reviewer', `guess-${i}`)).status);
          statuses.push((await login('reviewer', PASSWORDS.reviewer)).status);
          return statuses.filter((s) => s === 401 || s === 429).length;
        });
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
      expect((await login('engineer', PASSWORDS.engineer)).status).toBe(200);
    });
    it('login password spraying: one address trying a guess on 20 user names is then refused even with a right password', async () => {
      const statuses: number[] = [];
      await expectCounted('login password spraying from one address (20 user names, then a right password)', 21,
        [counter('sillage_http_login_failures_total', { reason: 'bad-credentials' }, 20), counter('sillage_http_login_failures_total', { reason: 'rate-limited' }, 1)],
        async () => {
          for (let i = 0; i < 20; i++) statuses.push((await loginFrom(SPRAYER, `user-${i}`, 'Summer2026!')).status);
          statuses.push((await loginFrom(SPRAYER, 'engineer', PASSWORDS.engineer)).status);
          return statuses.filter((s) => s === 401 || s === 429).length;
        });
      expect(statuses).toEqual([...Array(20).fill(401), 429]);
      expect((await login('engineer', PASSWORDS.engineer)).status).toBe(200);
    });
    it('answers with security headers, no CORS, no stack traces', async () => {
      const res = await api('/api/health', undefined, { headers: { origin: 'https://evil.example' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const preflight = await api('/api/vessels', undefined, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const broken = await api('/api/auth/login', undefined, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
      expect(broken.status).toBe(400);
      expect(await broken.text()).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
    });
  });

  describe('afterwards', () => {
    it('the good vessel lost nothing, was never dropped, and its data is exactly what it sent', async () => {
      await new Promise((r) => setTimeout(r, 300));
      clearInterval(alphaTimer);
      const sent = alphaSeq;
      await waitFor(() => alphaAcked.size === sent, 20_000, `acks for all ${sent} alpha batches`);
      expect(alphaDrops).toBe(0);
      const id = asVesselId('alpha');
      const stored = await server.store.countValues(id, T0, T0 + (sent + 1) * 1000);
      expect(stored).toBe(2 * sent);
      expect((await server.store.latest(id))[SOC]).toEqual({ t: T0 + sent * 1000, v: soc(sent) });
      const series = await server.store.series({ vessel: id, paths: [VOLT], from: T0 + 1000, to: T0 + (sent + 1) * 1000, stepMs: 1000 });
      expect(series[VOLT]!.map((p) => p.mean)).toEqual(Array.from({ length: sent }, (_, i) => volt(i + 1)));
      goodVessel = { batches: sent, acked: alphaAcked.size, valuesSent: 2 * sent, valuesStored: stored, drops: alphaDrops };
    });

    it('still serves', async () => {
      const health = (await (await api('/api/health')).json()) as { status: string };
      expect(health.status).toBe('ok');
      expect((await api('/api/vessels/alpha/latest', tokens.engineer)).status).toBe(200);
    });

    it('logged the refusals but no password or session token', () => {
      const text = logs.join('\n');
      expect(text).toMatch(/MQTT login refused/);
      expect(text).toMatch(/MQTT publish refused/);
      for (const secret of [...Object.values(PASSWORDS), ...Object.values(tokens)]) expect(text).not.toContain(secret);
    });
  });
});

/** The figures for the issue's closing note, as a Markdown table (docs/SECURITY.md carries the last run's). */
function figuresTable(rows: { attack: string; attempts: number; refused: number; counters: string[] }[], good: { batches: number; acked: number; valuesSent: number; valuesStored: number; drops: number } | undefined): string {
  return [
    'hostile-input figures:',
    '| attack | attempts | refused | counted in /metrics |',
    '| --- | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.attack} | ${r.attempts} | ${r.refused} | ${r.counters.map((c) => `\`${c}\``).join(', ')} |`),
    `| **total** | ${rows.reduce((n, r) => n + r.attempts, 0)} | ${rows.reduce((n, r) => n + r.refused, 0)} | |`,
    '',
    good
      ? `good vessel alpha (mqtts, streaming throughout): ${good.batches} batches sent, ${good.acked} acknowledged, ${good.valuesSent} values sent, ${good.valuesStored} stored, ${good.drops} disconnections`
      : 'good vessel alpha: not measured (its test did not pass)',
  ].join('\n');
}
