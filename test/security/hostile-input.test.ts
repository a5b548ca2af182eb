import { readFileSync } from 'node:fs';
import type { IClientOptions, MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalPath } from '../../shared/registry/index.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import { hashSecret } from '../../server/security/secrets.ts';
import { ShoreServer } from '../../server/server.ts';
import { freePort } from '../helpers/ports.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';
import { makeTestCertificates } from './test-certificates.ts';
import { closed, connectOnce } from '../helpers/mqtt-once.ts';

const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const VOLT = 'electrical.batteries.main.voltage' as SignalPath;
const PASSWORDS = {
  alpha: 'alpha-Secret-1', bravo: 'bravo-Secret-2', charlie: 'charlie-Secret-3',
  admin: 'admin-Pass-4', engineer: 'engineer-Pass-5', reviewer: 'reviewer-Pass-6', skipper: 'skipper-Pass-7',
};


/** `name{labels} value` lines of a Prometheus text exposition, summed over series matching `labels`. */
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
  const counts: [string, string, number][] = [];
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
  /** Runs `attack` and waits until metric `name{labels}` has grown by `by`; records the figure for the report. */
  const expectCounted = async (what: string, name: string, labels: Record<string, string>, attack: () => Promise<unknown>, by = 1) => {
    const before = metricValue(await metrics(), name, labels);
    await attack();
    await waitFor(async () => metricValue(await metrics(), name, labels) >= before + by, 10_000, `${name} ${JSON.stringify(labels)} +${by}`);
    const after = metricValue(await metrics(), name, labels);
    expect(after).toBe(before + by);
    counts.push([what, `${name}${JSON.stringify(labels)}`, after - before]);
  };
  const api = (path: string, token?: string, init: RequestInit = {}) =>
    fetch(`${http}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
  const login = (username: string, password: string) =>
    api('/api/auth/login', undefined, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

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
    console.log(`hostile-input figures (each refused and counted):\n${counts.map(([what, metric, n]) => `  ${what.padEnd(58)} ${metric} +${n}`).join('\n')}`);
  });

  describe('bad telemetry from an authenticated vessel', () => {
    let b: MqttClient;
    const T = Date.now() - 60_000;
    const send = async (payload: string | Buffer) => {
      if (!b?.connected) b = await bravo();
      await b.publishAsync('sillage/v1/bravo/telemetry', payload, { qos: 1 });
    };
    const rejected = (reason: string) => ['sillage_ingest_rejected_total', { reason }] as const;
    afterAll(async () => { await b?.endAsync(); });

    it('invalid JSON', () => expectCounted('invalid JSON', ...rejected('invalid-json'), () => send('{"seq": 1, "samples": [')));
    it('wrong types', () => expectCounted('wrong types', ...rejected('invalid-batch'), () => send('{"seq":"2","samples":{"t":"now"}}')));
    it('NaN (not JSON at all)', () => expectCounted('NaN', ...rejected('invalid-json'), () => send(`{"seq":3,"samples":[{"t":${T},"v":{"${SOC}":NaN}}]}`)));
    it('Infinity through an overflowing literal', () =>
      expectCounted('Infinity (1e999)', ...rejected('not-finite'), () => send(`{"seq":4,"samples":[{"t":${T},"v":{"${VOLT}":1e999}}]}`)));
    it('huge numbers', () =>
      expectCounted('huge number (1e308 V)', ...rejected('out-of-range'), () => send(`{"seq":5,"samples":[{"t":${T},"v":{"${VOLT}":1e308}}]}`)));
    it('a negative, a fractional and an unsafe seq', () =>
      expectCounted('bad seq (-1, 1.5, 2^60)', ...rejected('invalid-batch'), async () => {
        for (const seq of ['-1', '1.5', '1152921504606846976']) await send(`{"seq":${seq},"samples":[]}`);
      }, 3));
    it('huge arrays', () =>
      expectCounted('20 000 samples in one batch', ...rejected('invalid-batch'), () => send(JSON.stringify({ seq: 6, samples: Array(20_000).fill({}) }))));
    it('deep nesting', () =>
      expectCounted('value nested 100 000 deep', ...rejected('invalid-value-type'),
        () => send(`{"seq":7,"samples":[{"t":${T},"v":{"${SOC}":${'['.repeat(100_000)}${']'.repeat(100_000)},"${VOLT}":612}}]}`)));
    it('a 10 MB payload closes the connection from its header', () =>
      expectCounted('10 MB payload', 'sillage_mqtt_oversize_packets_total', {}, async () => {
        if (!b?.connected) b = await bravo();
        b.publish('sillage/v1/bravo/telemetry', Buffer.alloc(10 * 1024 * 1024, 0x7b), { qos: 1 });
        await closed(b);
        b.end(true);
      }));
    it('unknown paths, with unicode and control-character tricks', () =>
      expectCounted('unknown paths (plain, zero-width space, NUL, RTL override)', ...rejected('unknown-path'),
        () => send(JSON.stringify({ seq: 8, samples: [{ t: T, v: {
          'engine.warp.drive': 1, [`${VOLT}\u200b`]: 612, [`${VOLT}\u0000`]: 612, [`\u202e${VOLT}`]: 612, [SOC]: 0.6,
        } }] })), 4));
    it('future timestamps', () =>
      expectCounted('timestamp 1 h in the future', ...rejected('future-timestamp'), () => send(JSON.stringify({ seq: 9, samples: [{ t: Date.now() + 3_600_000, v: { [SOC]: 0.5 } }] }))));
    it('ancient timestamps', () =>
      expectCounted('timestamp in 1970', ...rejected('ancient-timestamp'), () => send(JSON.stringify({ seq: 10, samples: [{ t: 1000, v: { [SOC]: 0.5 } }] }))));
    it('duplicate seq is stored once and acknowledged again', async () => {
      await expectCounted('duplicate seq', 'sillage_ingest_duplicate_batches_total', {}, async () => {
        const batch = JSON.stringify({ seq: 11, samples: [{ t: T + 11_000, v: { [SOC]: 0.55 } }] });
        await send(batch);
        await send(batch);
      });
      expect(await server.store.countValues(asVesselId('bravo'), T + 11_000, T + 11_001)).toBe(1);
    });
    it('a topic naming a look-alike vessel id (Cyrillic "о") is refused and the client disconnected', () =>
      expectCounted('look-alike vessel id in topic', 'sillage_mqtt_denied_total', { action: 'publish', reason: 'topic-not-allowed' }, async () => {
        if (!b?.connected) b = await bravo();
        b.publish('sillage/v1/brav\u043e/telemetry', '{"seq":12,"samples":[]}', { qos: 1 });
        await closed(b);
        b.end(true);
      }));
    it('a topic with a control character is refused', () =>
      expectCounted('control character in topic', 'sillage_mqtt_denied_total', { action: 'publish', reason: 'topic-not-allowed' }, async () => {
        b = await bravo();
        b.publish('sillage/v1/bravo\u0007/telemetry', '{"seq":13,"samples":[]}', { qos: 1 });
        await closed(b);
        b.end(true);
      }));
    it('keeps the good values of the batches it had to cut', async () => {
      expect((await server.store.latest(asVesselId('bravo')))[VOLT]).toEqual({ t: T, v: 612 });
    });
  });

  describe('attacks on the broker', () => {
    it('wrong password', () =>
      expectCounted('wrong password', 'sillage_mqtt_auth_failures_total', { reason: 'bad-credentials' },
        () => expect(bravo({ password: 'guess' })).rejects.toThrow(/Bad username or password/i)));
    it('control characters and unicode tricks in the user name and client id', () =>
      expectCounted('NUL in user name', 'sillage_mqtt_auth_failures_total', { reason: 'bad-credentials' },
        () => expect(bravo({ username: 'bravo\u0000' })).rejects.toThrow(/Bad username or password/i)).then(() =>
        expectCounted('RTL override in client id', 'sillage_mqtt_auth_failures_total', { reason: 'client-id-mismatch' },
          () => expect(bravo({ clientId: 'sillage-edge-bravo\u202e' })).rejects.toThrow(/Identifier rejected/i))));
    it('brute force: after 5 failures a minute, attempts are refused without being checked', async () => {
      const results: string[] = [];
      await expectCounted('brute force, refused unchecked', 'sillage_mqtt_auth_failures_total', { reason: 'rate-limited' }, async () => {
        for (let i = 0; i < 8; i++) {
          try {
            await (await connectOnce(plainUrl, { clientId: 'sillage-edge-charlie', username: 'charlie', password: `guess-${i}` })).endAsync();
            results.push('in');
          } catch (err) {
            results.push(/Bad username/i.test((err as Error).message) ? 'wrong' : 'blocked');
          }
        }
        // Even the right password, now: the lock holds for the rest of the minute.
        await expect(connectOnce(plainUrl, { clientId: 'sillage-edge-charlie', username: 'charlie', password: PASSWORDS.charlie })).rejects.toThrow(/Not authorized/i);
      }, 4);
      expect(results).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'wrong', 'blocked', 'blocked', 'blocked']);
    });
    it('vessel B publishing as vessel A is disconnected and nothing reaches A\'s data', async () => {
      await expectCounted('B publishes as A', 'sillage_mqtt_denied_total', { action: 'publish', reason: 'foreign-vessel' }, async () => {
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
      await expectCounted('B subscribes to A\'s ack', 'sillage_mqtt_denied_total', { action: 'subscribe', reason: 'foreign-vessel' },
        () => expect(b.subscribeAsync('sillage/v1/alpha/ack', { qos: 1 })).rejects.toThrow(/Subscribe error/));
      await expectCounted('B subscribes to the whole tree', 'sillage_mqtt_denied_total', { action: 'subscribe', reason: 'topic-not-allowed' },
        () => expect(b.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/Subscribe error/));
      await new Promise((r) => setTimeout(r, 300));
      expect(seen).toEqual([]);
      await b.endAsync();
    });
    it('vessel B taking A\'s client id is refused and A stays connected', () =>
      expectCounted('B takes A\'s client id', 'sillage_mqtt_auth_failures_total', { reason: 'client-id-mismatch' },
        () => expect(bravo({ clientId: 'sillage-edge-alpha' })).rejects.toThrow(/Identifier rejected/i)));
  });

  describe('attacks on the web', () => {
    it('unauthenticated requests', () =>
      expectCounted('unauthenticated API and metrics requests', 'sillage_http_denied_total', { reason: 'unauthenticated' }, async () => {
        for (const path of ['/api/vessels', '/api/vessels/alpha/latest', '/metrics', '/api/auth/me']) {
          const res = await api(path);
          expect(res.status).toBe(401);
          expect(await res.json()).toEqual({ error: 'authentication required', detail: 'unauthenticated' });
        }
        expect((await api('/api/vessels', 'forged-token')).status).toBe(401);
        expect((await fetch(`${http}/api/vessels`, { headers: { cookie: 'sillage_session=forged' } })).status).toBe(401);
      }, 6));
    it('a skipper reading another vessel', async () => {
      await expectCounted('skipper reads another vessel', 'sillage_http_denied_total', { reason: 'foreign-vessel' }, async () => {
        expect((await api('/api/vessels/alpha/latest', tokens.skipper)).status).toBe(403);
        expect((await api(`/api/vessels/alpha/series?paths=${SOC}&from=${T0}`, tokens.skipper)).status).toBe(403);
      }, 2);
      expect((await api('/api/vessels/bravo/latest', tokens.skipper)).status).toBe(200);
      const list = (await (await api('/api/vessels', tokens.skipper)).json()) as { id: string }[];
      expect(list.map((v) => v.id)).toEqual(['bravo']);
    });
    it('an engineer or a skipper reaching administration', async () => {
      await expectCounted('engineer and skipper on /api/admin/access', 'sillage_http_denied_total', { reason: 'insufficient-role' }, async () => {
        expect((await api('/api/admin/access', tokens.engineer)).status).toBe(403);
        expect((await api('/api/admin/access', tokens.skipper)).status).toBe(403);
      }, 2);
      const access = await (await api('/api/admin/access', tokens.admin)).json();
      expect(access).toMatchObject({ mode: 'production', vessels: [{ id: 'alpha', password: true, certificate: false }, { id: 'bravo' }, { id: 'charlie' }] });
      expect(JSON.stringify(access)).not.toContain('scrypt$');
    });
    it('a reviewer reading metrics meant for engineers', () =>
      expectCounted('reviewer reads /metrics', 'sillage_http_denied_total', { reason: 'insufficient-role' }, async () => {
        expect((await api('/metrics', tokens.reviewer)).status).toBe(403);
      }));
    it('injection attempts in ids, paths and ranges are refused before any query', () =>
      expectCounted('injection attempts in ids, paths, ranges', 'sillage_http_refused_total', { status: '400' }, async () => {
        const injections = [
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
        ];
        for (const path of injections) {
          const res = await api(path, tokens.engineer);
          const text = await res.text();
          expect(res.status, path).toBe(400);
          expect(text).not.toMatch(/\n\s+at |\.ts:\d+/);
        }
      }, 11));
    it('path traversal never reaches the file system', async () => {
      for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/api/vessels/..%2F..%2Fetc%2Fpasswd/latest', '/api/..%2f..%2f..%2fetc%2fpasswd', '/static/..%252f..%252fetc%252fpasswd']) {
        const res = await api(path, tokens.admin);
        expect([400, 404], path).toContain(res.status);
        expect(await res.text()).not.toContain('root:');
      }
    });
    it('login brute force is rate-limited per user and address', async () => {
      const statuses: number[] = [];
      await expectCounted('login brute force', 'sillage_http_login_failures_total', { reason: 'bad-credentials' }, async () => {
        for (let i = 0; i < 7; i++) statuses.push((await login('reviewer', `guess-${i}`)).status);
      }, 4);
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429]);
      expect(metricValue(await metrics(), 'sillage_http_login_failures_total', { reason: 'rate-limited' })).toBe(3);
      counts.push(['login brute force, refused unchecked', 'sillage_http_login_failures_total{"reason":"rate-limited"}', 3]);
      expect((await login('reviewer', PASSWORDS.reviewer)).status).toBe(429);
      expect((await login('engineer', PASSWORDS.engineer)).status).toBe(200);
    });
    it('answers with security headers, no CORS, no stack traces', async () => {
      const res = await api('/api/health', undefined, { headers: { origin: 'https://evil.example' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
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
      expect(await server.store.countValues(id, T0, T0 + (sent + 1) * 1000)).toBe(2 * sent);
      expect((await server.store.latest(id))[SOC]).toEqual({ t: T0 + sent * 1000, v: soc(sent) });
      const series = await server.store.series({ vessel: id, paths: [VOLT], from: T0 + 1000, to: T0 + (sent + 1) * 1000, stepMs: 1000 });
      expect(series[VOLT]!.map((p) => p.mean)).toEqual(Array.from({ length: sent }, (_, i) => volt(i + 1)));
      counts.push(['good vessel alpha: batches sent, acked and stored whole', 'alpha batches', sent]);
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
