import http from 'node:http';
import https from 'node:https';
import { InfluxDB } from 'influx';
import { isSignalPath, type SignalPath } from '../../shared/registry/index.ts';
import { isVesselId, type VesselId } from '../../shared/wire/ids.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';
import { ROLLUP_STEP_MS, type LatestValue, type BucketSums, type SumsQuery, type SeriesPoint, type SeriesQuery, type TimeSeriesStore } from './port.ts';
import { telemetryLines } from './line-protocol.ts';
import { isPermanentStoreError, StoreHttpError } from './store-errors.ts';

const MEASUREMENT = 'telemetry';
/** Per vessel and minute, fields `count_<path>`, `sum_<path>`, `min_<path>`, `max_<path>` (SELECT INTO's names). */
const ROLLUP_MEASUREMENT = 'telemetry_1m';
const AGGREGATES = ['count', 'sum', 'min', 'max'] as const;
/** How long a write may go unanswered before it counts as an outage and is retried: fetch's own default. */
const WRITE_TIMEOUT_MS = 300_000;
const IDLE_CONNECTION_MS = 4000;

interface RawSeries { columns: string[]; values: (number | string | null)[][] }
interface RawResult { statement_id: number; series?: RawSeries[]; error?: string }

/** InfluxQL identifiers are only ever registry paths, double-quoted; the registry allows no quote in them. */
function field(path: SignalPath): string {
  if (!isSignalPath(path)) throw new Error(`not a registry path: ${path}`);
  return `"${path}"`;
}

/** Epoch ms to an InfluxQL nanosecond literal, exactly (past 2^53, hence BigInt). */
function ns(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new Error(`not an integer time: ${ms}`);
  return (BigInt(ms) * 1_000_000n).toString();
}

/**
 * InfluxDB through its v1 HTTP API (1.x natively, 2.x and 3.x through their v1 compatibility): one measurement,
 * the vessel as a tag, one float field per signal path. A point is keyed by measurement, tags and time, so a
 * re-sent batch overwrites itself: idempotent by construction.
 */
export class InfluxStore implements TimeSeriesStore {
  readonly kind = 'influxdb' as const;
  private readonly influx: InfluxDB;
  readonly database: string;
  private readonly writeUrl: URL;
  private readonly writeHeaders: Record<string, string>;
  /** Kept-alive connections for writes: ingest posts one batch after another to the same server. */
  private readonly writeAgent: http.Agent;

  /** `url` as `http://user:pass@host:8086/database`. */
  constructor(url: string) {
    const parsed = new URL(url);
    this.database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'sillage';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(this.database)) throw new Error(`invalid InfluxDB database name: ${this.database}`);
    this.influx = new InfluxDB({
      host: parsed.hostname,
      port: Number(parsed.port || 8086),
      protocol: parsed.protocol === 'https:' ? 'https' : 'http',
      username: decodeURIComponent(parsed.username) || undefined,
      password: decodeURIComponent(parsed.password) || undefined,
      database: this.database,
    });
    const base = `${parsed.protocol}//${parsed.host}`;
    this.writeUrl = new URL(`${base}/write?db=${encodeURIComponent(this.database)}&precision=ms`);
    // An idle connection is closed after a few seconds, as fetch does, before a server or proxy drops it under
    // a write (which would then fail and be retried as an outage).
    const agent = { keepAlive: true, timeout: IDLE_CONNECTION_MS };
    this.writeAgent = parsed.protocol === 'https:' ? new https.Agent(agent) : new http.Agent(agent);
    const user = decodeURIComponent(parsed.username);
    this.writeHeaders = { 'content-type': 'text/plain; charset=utf-8' };
    if (user) this.writeHeaders.authorization = `Basic ${Buffer.from(`${user}:${decodeURIComponent(parsed.password)}`).toString('base64')}`;
  }

  /** Whether the database is known to exist: until then every write first creates it. */
  private databaseReady = false;

  /**
   * Creates the database if InfluxDB answers; if it is down, the server starts all the same and the first write
   * that reaches it creates the database (ingest retries writes until then), so a server restarted during a
   * store outage catches up by itself. A refusal (bad credentials, a bad name) still stops the start.
   */
  async start(): Promise<void> {
    try {
      await this.ensureDatabase();
    } catch (err) {
      if (isPermanentStoreError(err)) throw err;
    }
  }

  private async ensureDatabase(): Promise<void> {
    if (this.databaseReady) return;
    // Idempotent on the server side: an existing database is left as it is.
    await this.influx.createDatabase(this.database);
    this.databaseReady = true;
  }

  async stop(): Promise<void> {
    this.writeAgent.destroy();
  }

  async write(vessel: VesselId, samples: readonly TelemetrySample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.ensureDatabase();
    // Line protocol straight to /write: the client's per-point objects and escaping cost more than the write.
    // Encoded once here: the request needs its length, which a string built piece by piece only gives slowly.
    const { status, text } = await this.post(Buffer.from(telemetryLines(MEASUREMENT, vessel, samples)));
    if (status !== 204) throw new StoreHttpError(status, `InfluxDB /write: ${status} ${text.slice(0, 500)}`);
  }

  /**
   * One POST to /write through node:http rather than fetch, whose request objects and body streams cost ingest
   * more CPU than building the batch's line protocol. A network error or a timeout rejects: an outage, retried.
   */
  private post(body: Buffer): Promise<{ status: number; text: string }> {
    const url = this.writeUrl;
    return new Promise((resolve, reject) => {
      const req = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST', agent: this.writeAgent, headers: { ...this.writeHeaders, 'content-length': body.length }, timeout: WRITE_TIMEOUT_MS,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`InfluxDB /write: no answer within ${WRITE_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  private async run(statements: string[], vessel?: VesselId): Promise<RawResult[]> {
    const raw = (await this.influx.queryRaw(statements, {
      precision: 'ms',
      placeholders: vessel === undefined ? undefined : { vessel },
    })) as { results: RawResult[] };
    for (const r of raw.results) if (r.error) throw new Error(`InfluxDB: ${r.error}`);
    return raw.results;
  }

  private async fieldKeys(): Promise<SignalPath[]> {
    const [result] = await this.run([`SHOW FIELD KEYS FROM ${MEASUREMENT}`]);
    return (result?.series?.[0]?.values ?? []).map((row) => String(row[0])).filter(isSignalPath);
  }

  async latest(vessel: VesselId): Promise<Partial<Record<SignalPath, LatestValue>>> {
    const paths = await this.fieldKeys();
    const out: Partial<Record<SignalPath, LatestValue>> = {};
    if (paths.length === 0) return out;
    const results = await this.run(
      paths.map((p) => `SELECT last(${field(p)}) FROM ${MEASUREMENT} WHERE "vessel" = $vessel`), vessel);
    results.forEach((r, i) => {
      const row = r.series?.[0]?.values[0];
      if (row && typeof row[1] === 'number') out[paths[i]!] = { t: Number(row[0]), v: row[1] };
    });
    return out;
  }

  async series(q: SeriesQuery): Promise<Partial<Record<SignalPath, SeriesPoint[]>>> {
    const out: Partial<Record<SignalPath, SeriesPoint[]>> = {};
    if (q.paths.length === 0) return out;
    if (!Number.isSafeInteger(q.stepMs) || q.stepMs <= 0) throw new Error(`invalid step: ${q.stepMs}`);
    // One request per path: influxd runs the statements of one request one after another, and a month of raw
    // points per series keeps a core busy for seconds (docs/SCALING.md), so separate requests use every core.
    const results = await Promise.all(q.paths.map(async (p) => (await this.run([
      `SELECT mean(${field(p)}), min(${field(p)}), max(${field(p)}), count(${field(p)}) FROM ${MEASUREMENT} ` +
      `WHERE "vessel" = $vessel AND time >= ${ns(q.from)} AND time < ${ns(q.to)} ` +
      `GROUP BY time(${q.stepMs}ms) fill(none)`], q.vessel))[0]));
    q.paths.forEach((p, i) => {
      out[p] = (results[i]?.series?.[0]?.values ?? []).map((row) => ({
        t: Number(row[0]), mean: Number(row[1]), min: Number(row[2]), max: Number(row[3]), count: Number(row[4]),
      }));
    });
    return out;
  }

  async sums(q: SumsQuery): Promise<Partial<Record<SignalPath, BucketSums[]>>> {
    if (!Number.isSafeInteger(q.stepMs) || q.stepMs <= 0) throw new Error(`invalid step: ${q.stepMs}`);
    const out: Partial<Record<SignalPath, BucketSums[]>> = {};
    // The raw statement is the one rollUp runs INTO the roll-up measurement, one field at a time: at the roll-up
    // step, the same reducer over the same points, hence the same sums.
    const statement = (p: SignalPath) => {
      const f = field(p);
      const selected = q.source === 'raw'
        ? `${AGGREGATES.map((a) => `${a}(${f})`).join(', ')} FROM ${MEASUREMENT}`
        : `sum("count_${p}"), sum("sum_${p}"), min("min_${p}"), max("max_${p}") FROM ${ROLLUP_MEASUREMENT}`;
      return `SELECT ${selected} WHERE "vessel" = $vessel AND time >= ${ns(q.from)} AND time < ${ns(q.to)} GROUP BY time(${q.stepMs}ms) fill(none)`;
    };
    // One request per path, as for series: separate requests use every core.
    const results = await Promise.all(q.paths.map(async (p) => (await this.run([statement(p)], q.vessel))[0]));
    q.paths.forEach((p, i) => {
      out[p] = (results[i]?.series?.[0]?.values ?? []).map((row) => ({
        t: Number(row[0]), count: Number(row[1]), sum: Number(row[2]), min: Number(row[3]), max: Number(row[4]),
      }));
    });
    return out;
  }

  /** Server-side, by SELECT INTO: the raw points never travel to this process. */
  async rollUp(vessel: VesselId, from: number, to: number): Promise<void> {
    await this.ensureDatabase();
    await this.run([
      `SELECT ${AGGREGATES.map((a) => `${a}(*)`).join(', ')} INTO ${ROLLUP_MEASUREMENT} FROM ${MEASUREMENT} ` +
      `WHERE "vessel" = $vessel AND time >= ${ns(from)} AND time < ${ns(to)} GROUP BY time(${ROLLUP_STEP_MS}ms), * fill(none)`], vessel);
  }

  async vessels(): Promise<VesselId[]> {
    const [result] = await this.run([`SHOW TAG VALUES FROM ${MEASUREMENT} WITH KEY = "vessel"`]);
    return (result?.series?.[0]?.values ?? []).map((row) => String(row[1])).filter(isVesselId);
  }

  async samples(vessel: VesselId, from: number, to: number): Promise<TelemetrySample[]> {
    const [result] = await this.run(
      [`SELECT * FROM ${MEASUREMENT} WHERE "vessel" = $vessel AND time >= ${ns(from)} AND time < ${ns(to)}`], vessel);
    const series = result?.series?.[0];
    if (!series) return [];
    const columns = series.columns;
    return series.values.map((row) => {
      const v: Record<string, number> = {};
      columns.forEach((c, i) => { if (i > 0 && typeof row[i] === 'number' && isSignalPath(c)) v[c] = row[i] as number; });
      return { t: Number(row[0]), v } as TelemetrySample;
    });
  }

  async countValues(vessel: VesselId, from: number, to: number): Promise<number> {
    const [result] = await this.run(
      [`SELECT count(*) FROM ${MEASUREMENT} WHERE "vessel" = $vessel AND time >= ${ns(from)} AND time < ${ns(to)}`], vessel);
    const row = result?.series?.[0]?.values[0];
    return row ? row.slice(1).reduce<number>((sum, n) => sum + Number(n ?? 0), 0) : 0;
  }
}
