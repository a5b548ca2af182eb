import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { InfluxStore } from '../../../server/store/influx-store.ts';
import { isPermanentStoreError } from '../../../server/store/store-errors.ts';
import { startInfluxd, type RunningInfluxd } from '../../helpers/influxd.ts';
import { freePort } from '../../helpers/ports.ts';

const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const VOLT = 'electrical.batteries.main.voltage' as SignalPath;
const T0 = Date.UTC(2026, 5, 1);
const V = asVesselId('fregate');
const TOKEN = 'sillage-api-token_0123456789abcdef==';
/** Ten minutes at 1 Hz, the voltage in the last five only. */
const samples = Array.from({ length: 600 }, (_, i) => ({ t: T0 + i * 1000, v: i < 300 ? { [SOC]: Math.sin(i) / 3 } : { [SOC]: 0.5, [VOLT]: 600 + 1 / (i + 7) } }));

/** InfluxQL straight to the server, past Sillage. */
async function influxql(influxd: RunningInfluxd, database: string, q: string) {
  const res = await fetch(`${influxd.url}/query?db=${database}&epoch=ms&q=${encodeURIComponent(q)}`, { method: 'POST' });
  return ((await res.json()) as { results: { series?: { columns: string[]; values: unknown[][] }[] }[] }).results[0]?.series?.[0];
}

describe("against Debian's InfluxDB 1.6", () => {
  let influxd: RunningInfluxd;
  let store: InfluxStore;

  beforeAll(async () => {
    influxd = await startInfluxd();
    store = new InfluxStore(influxd.urlFor('versions'));
    await store.start();
  });
  afterAll(async () => {
    await store.stop();
    await influxd.stop();
  });

  it('creates its database, /ping having named a 1.x', async () => {
    const version = (await fetch(`${influxd.url}/ping`)).headers.get('x-influxdb-version');
    expect(version).toMatch(/^1\./);
    expect((await influxql(influxd, 'versions', 'SHOW DATABASES'))?.values).toContainEqual(['versions']);
  });

  it('keeps roll-ups it computed itself as SELECT … INTO kept them: count an integer, sum, min and max floats', async () => {
    await store.write(V, samples);
    await store.rollUp(V, T0, T0 + 600_000);
    const types = Object.fromEntries(((await influxql(influxd, 'versions', 'SHOW FIELD KEYS FROM telemetry_1m'))?.values ?? []) as [string, string][]);
    for (const p of [SOC, VOLT]) {
      expect(types[`count_${p}`], p).toBe('integer');
      for (const a of ['sum', 'min', 'max']) expect(types[`${a}_${p}`], `${a}_${p}`).toBe('float');
    }
    const minutes = await influxql(influxd, 'versions', `SELECT "count_${VOLT}", "count_${SOC}" FROM telemetry_1m WHERE "vessel" = 'fregate'`);
    expect(minutes?.values).toEqual(Array.from({ length: 10 }, (_, m) => [T0 + m * 60_000, m < 5 ? null : 60, 60]));
  });

  it('reads sums from its roll-ups identical, bit for bit, to the same minutes from raw values', async () => {
    const q = { vessel: V, paths: [SOC, VOLT], from: T0, to: T0 + 600_000, stepMs: 60_000 };
    expect(await store.sums({ ...q, source: 'rollup' })).toEqual(await store.sums({ ...q, source: 'raw' }));
  });
});

describe("against Debian's InfluxDB 1.6 with authentication on", () => {
  const admin = { name: 'sillage', password: 'p@ss:word with spaces' };
  let influxd: RunningInfluxd;

  beforeAll(async () => {
    influxd = await startInfluxd({ admin });
  });
  afterAll(async () => {
    await influxd.stop();
  });

  const urlWith = (user: string, password: string) =>
    `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${influxd.port}/secured`;

  it('signs in with the user and password of the URL (HTTP Basic), creates its database, writes and reads', async () => {
    const store = new InfluxStore(urlWith(admin.name, admin.password));
    try {
      await store.start();
      await store.write(V, samples.slice(0, 60));
      await store.rollUp(V, T0, T0 + 60_000);
      expect(await store.countValues(V, T0, T0 + 60_000)).toBe(60);
      expect((await store.sums({ vessel: V, paths: [SOC], from: T0, to: T0 + 60_000, stepMs: 60_000, source: 'rollup' }))[SOC]?.[0]?.count).toBe(60);
    } finally {
      await store.stop();
    }
  });

  it('refuses to start with a wrong password: a refusal, not an outage to wait out', async () => {
    const store = new InfluxStore(urlWith(admin.name, 'wrong'));
    const failure = await store.start().then(() => undefined, (err: unknown) => err);
    await store.stop();
    expect(isPermanentStoreError(failure)).toBe(true);
    expect((failure as Error).message).toContain('401');
  });

  it('refuses a write with no credentials at all, as a refusal', async () => {
    const store = new InfluxStore(`http://127.0.0.1:${influxd.port}/secured`);
    const failure = await store.write(V, samples.slice(0, 1)).then(() => undefined, (err: unknown) => err);
    await store.stop();
    expect(isPermanentStoreError(failure)).toBe(true);
  });
});

/**
 * No InfluxDB 2.x or 3.x can be installed here (Debian ships 1.6 alone). This gate in front of the real 1.6
 * behaves as they do where they differ from 1.x for Sillage: it refuses any request without the API token in the
 * Token scheme, names itself 2.x on /ping, and refuses CREATE DATABASE and SELECT … INTO, which their v1 APIs do
 * not run. Everything else reaches the real server, asking for JSON whatever the request asked for (MessagePack
 * being 1.x's alone as far as Sillage relies).
 */
async function startGate(influxd: RunningInfluxd): Promise<{ url: string; seen: { path: string; q: string; accept?: string }[]; options: { refuseMessagePack: boolean }; close: () => Promise<void> }> {
  const seen: { path: string; q: string; accept?: string }[] = [];
  // Set to refuse MessagePack with 406, as a server that does not speak it may.
  const options = { refuseMessagePack: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://gate');
      const q = url.searchParams.get('q') ?? (url.pathname === '/query' ? new URLSearchParams(body.toString()).get('q') ?? '' : '');
      seen.push({ path: url.pathname, q, accept: req.headers.accept });
      if (options.refuseMessagePack && req.headers.accept === 'application/x-msgpack') {
        res.writeHead(406, { 'content-type': 'application/json' }).end('{"code":"not acceptable","message":"unsupported media type"}');
        return;
      }
      if (req.headers.authorization !== `Token ${TOKEN}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"unauthorized","message":"unauthorized access"}');
        return;
      }
      if (/CREATE DATABASE|\bINTO\b/i.test(q)) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"statement not supported"}');
        return;
      }
      const headers = { ...req.headers };
      delete headers.authorization;
      delete headers.accept;
      const upstream = request(`${influxd.url}${req.url}`, { method: req.method, headers }, (answer) => {
        const out = { ...answer.headers };
        if (url.pathname === '/ping') out['x-influxdb-version'] = 'v2.7.10';
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
      });
      upstream.end(body);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, seen, options, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('through a gate that answers as InfluxDB 2.x does: token only, no CREATE DATABASE, no SELECT … INTO', () => {
  let influxd: RunningInfluxd;
  let gate: Awaited<ReturnType<typeof startGate>>;
  let store: InfluxStore;

  beforeAll(async () => {
    influxd = await startInfluxd();
    // What a 2.x admin does once: the bucket the URL names exists before Sillage writes to it.
    await fetch(`${influxd.url}/query?q=${encodeURIComponent('CREATE DATABASE "bucket"')}`, { method: 'POST' });
    gate = await startGate(influxd);
    store = new InfluxStore(`${gate.url}/bucket`, TOKEN);
    await store.start();
  });
  afterAll(async () => {
    await store.stop();
    await gate.close();
    await influxd.stop();
  });

  it('writes, rolls up and reads back: the same answers as from 1.x directly', async () => {
    await store.write(V, samples);
    await store.rollUp(V, T0, T0 + 600_000);
    const q = { vessel: V, paths: [SOC, VOLT], from: T0, to: T0 + 600_000, stepMs: 60_000 };
    const rolled = await store.sums({ ...q, source: 'rollup' });
    expect(rolled[VOLT]?.map((b) => b.count)).toEqual([60, 60, 60, 60, 60]);
    expect(rolled).toEqual(await store.sums({ ...q, source: 'raw' }));
    expect((await store.latest(V))[SOC]).toEqual({ t: T0 + 599_000, v: 0.5 });
    expect(await store.vessels()).toEqual([V]);
  });

  it('reads every value back as rows from answers in JSON, as from answers in MessagePack', async () => {
    const rows: unknown[][] = [];
    await store.sampleRows(V, T0, T0 + 600_000, ({ paths, cells, rows: batch }) => {
      for (const row of batch) rows.push([row[0], ...cells.map((cell) => row[cell])]);
      expect(paths).toEqual([SOC, VOLT]);
    });
    expect(rows).toHaveLength(600);
    expect(rows[0]).toEqual([T0, Math.sin(0) / 3, null]);
    expect(rows[599]).toEqual([T0 + 599_000, 0.5, 600 + 1 / 606]);
  });

  it('reads every value back in JSON from a server that refuses MessagePack (406), and asks it in JSON from then on', async () => {
    const other = new InfluxStore(`${gate.url}/bucket`, TOKEN);
    const seenBefore = gate.seen.length;
    gate.options.refuseMessagePack = true;
    try {
      const count = async () => {
        let n = 0;
        await other.sampleRows(V, T0, T0 + 600_000, ({ rows }) => { n += rows.length; });
        return n;
      };
      expect(await count()).toBe(600);
      expect(await count()).toBe(600);
    } finally {
      gate.options.refuseMessagePack = false;
      await other.stop();
    }
    const reads = gate.seen.slice(seenBefore).filter((r) => /^SELECT/i.test(r.q));
    expect(reads.map((r) => r.accept)).toEqual(['application/x-msgpack', 'application/json', 'application/json']);
  });

  it('sent the token on every request, and neither CREATE DATABASE nor SELECT … INTO', () => {
    expect(gate.seen.length).toBeGreaterThan(5);
    expect(gate.seen.map((r) => r.path)).toContain('/ping');
    expect(gate.seen.filter((r) => /CREATE DATABASE|\bINTO\b/i.test(r.q))).toEqual([]);
  });

  it('refuses to start with a wrong token: a refusal, not an outage to wait out', async () => {
    const wrong = new InfluxStore(`${gate.url}/bucket`, 'not-the-token');
    const failure = await wrong.start().then(() => undefined, (err: unknown) => err);
    await wrong.stop();
    expect(isPermanentStoreError(failure)).toBe(true);
    expect((failure as Error).message).toContain('401');
  });
});

