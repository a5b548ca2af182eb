import { isSignalPath, type SignalPath } from '../../shared/registry/index.ts';
import { isVesselId, type VesselId } from '../../shared/wire/ids.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';
import { createsDatabases, InfluxHttp, majorVersion, type InfluxCredentials, type QueryResult } from './influx-http.ts';
import { ROLLUP_STEP_MS, ROLLUP_TIERS_MS, type LatestValue, type BucketSums, type SumsQuery, type SeriesPoint, type SeriesQuery, type SampleRows, type TimeSeriesStore } from './port.ts';
import { rollupLines, telemetryLines } from './line-protocol.ts';
import { coarsen } from './rollup-tiers.ts';
import { isPermanentStoreError } from './store-errors.ts';

const MEASUREMENT = 'telemetry';
const HOUR_MS = 3_600_000;
/** Per vessel and minute, fields `count_<path>`, `sum_<path>`, `min_<path>`, `max_<path>`; the upper tiers alike. */
const ROLLUP_MEASUREMENT = 'telemetry_1m';
const TIER_MEASUREMENTS: ReadonlyMap<number, string> = new Map([[ROLLUP_STEP_MS, ROLLUP_MEASUREMENT], [600_000, 'telemetry_10m'], [3_600_000, 'telemetry_1h']]);

function tierMeasurement(tierMs: number): string {
  const measurement = TIER_MEASUREMENTS.get(tierMs);
  if (measurement === undefined) throw new Error(`not a roll-up tier: ${tierMs} ms`);
  return measurement;
}
const AGGREGATES = ['count', 'sum', 'min', 'max'] as const;
/** Paths aggregated in one roll-up statement: each adds about 400 characters to its URL. */
const ROLLUP_PATHS_PER_STATEMENT = 25;

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
 * Every stored value of a vessel (bound as $vessel) in [from, to), one column per path. Fields only: the vessel's
 * tag in every row made JSON.parse box each number of it, which took twice as long as parsing rows of numbers.
 */
function rawStatement(from: number, to: number): string {
  return `SELECT *::field FROM ${MEASUREMENT} WHERE "vessel" = $vessel AND time >= ${ns(from)} AND time < ${ns(to)}`;
}

/**
 * An answer's registry paths in ASCII order and the cells of its rows that hold them: checked once per answer,
 * not once per cell, since a season read back is billions of cells.
 */
function signalColumns(columns: readonly string[]): Pick<SampleRows, 'paths' | 'cells'> {
  const found = columns.flatMap((c, i) => (i > 0 && isSignalPath(c) ? [{ c, i }] : [])).sort((a, b) => (a.c < b.c ? -1 : 1));
  return { paths: found.map(({ c }) => c), cells: found.map(({ i }) => i) };
}

/** Rows per chunk of a streamed read: an hour at 1 Hz, 2.6 MB of MessagePack with 80 signals, digested while the next is written. */
const ROWS_PER_CHUNK = 3600;

/**
 * InfluxDB through its v1 HTTP API (1.x natively, 2.x and 3.x through their v1 compatibility), using nothing only
 * 1.x has: one measurement, the vessel as a tag, one float field per signal path. A point is keyed by
 * measurement, tags and time, so a re-sent batch overwrites itself: idempotent by construction.
 */
export class InfluxStore implements TimeSeriesStore {
  readonly kind = 'influxdb' as const;
  readonly database: string;
  private readonly http: InfluxHttp;

  /**
   * `url` as `http://host:8086/database`, with `user:pass@` for a 1.x that checks passwords; `token` for a 2.x
   * or 3.x (the database is then the 2.x bucket's name, or the 3.x database's).
   */
  constructor(url: string, token?: string) {
    const parsed = new URL(url);
    this.database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'sillage';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(this.database)) throw new Error(`invalid InfluxDB database name: ${this.database}`);
    const username = decodeURIComponent(parsed.username);
    const credentials: InfluxCredentials = token !== undefined ? { token }
      : username ? { username, password: decodeURIComponent(parsed.password) } : undefined;
    this.http = new InfluxHttp(parsed, credentials);
  }

  /** Whether the database is known to be there, or not ours to create: until then every write first checks. */
  private databaseReady = false;

  /**
   * Makes sure of the database if InfluxDB answers; if it is down, the server starts all the same and the first
   * write that reaches it does so (ingest retries writes until then), so a server restarted during a store
   * outage catches up by itself. A refusal (bad credentials, a bad name) still stops the start.
   */
  async start(): Promise<void> {
    try {
      await this.ensureDatabase();
    } catch (err) {
      if (isPermanentStoreError(err)) throw err;
    }
  }

  /** What `/ping` says the server is decides whether it is sent `CREATE DATABASE` (see `createsDatabases`). */
  private async ensureDatabase(): Promise<void> {
    if (this.databaseReady) return;
    if (createsDatabases(majorVersion(await this.http.ping()))) {
      // Idempotent on the server side: an existing database is left as it is.
      await this.http.command(`CREATE DATABASE "${this.database}"`);
    }
    this.databaseReady = true;
  }

  async stop(): Promise<void> {
    this.http.close();
  }

  async write(vessel: VesselId, samples: readonly TelemetrySample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.ensureDatabase();
    // Line protocol built by hand: a generic client's per-point objects and escaping cost more than the write.
    // Encoded once here: the request needs its length, which a string built piece by piece only gives slowly.
    await this.http.write(this.database, Buffer.from(telemetryLines(MEASUREMENT, vessel, samples)));
  }

  private run(statements: string[], vessel?: VesselId): Promise<QueryResult[]> {
    return this.http.query(this.database, statements, vessel === undefined ? undefined : { vessel });
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
    if (q.source === 'rollup') return this.rolledSums(q);
    const out: Partial<Record<SignalPath, BucketSums[]>> = {};
    // Aggregated as rollUp has InfluxDB do: at the roll-up step, the same reducer over the same points, hence the
    // same sums.
    const statement = (p: SignalPath) => {
      const f = field(p);
      return `SELECT ${AGGREGATES.map((a) => `${a}(${f})`).join(', ')} FROM ${MEASUREMENT} ` +
        `WHERE "vessel" = $vessel AND time >= ${ns(q.from)} AND time < ${ns(q.to)} GROUP BY time(${q.stepMs}ms) fill(none)`;
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

  /**
   * A tier's buckets of many paths in one statement: a roll-up read is a few thousand rows, and influxd spends
   * more on each statement than on its rows (a season chart of 6 signals cost influxd about half the CPU as one
   * statement than as six). A path without values in a bucket others have answers nulls there: left out.
   */
  private async rolledSums(q: SumsQuery): Promise<Partial<Record<SignalPath, BucketSums[]>>> {
    const measurement = tierMeasurement(q.tierMs ?? ROLLUP_STEP_MS);
    const chunks: SignalPath[][] = [];
    for (let i = 0; i < q.paths.length; i += ROLLUP_PATHS_PER_STATEMENT) chunks.push(q.paths.slice(i, i + ROLLUP_PATHS_PER_STATEMENT));
    // At the tier's own step each row is a bucket already: selected as it is, which costs influxd a third of the
    // same rows grouped (4,320 rows of 6 signals, 94 against 290 ms at the median on this machine).
    const whole = q.stepMs === (q.tierMs ?? ROLLUP_STEP_MS);
    const results = await Promise.all(chunks.map(async (chunk) => {
      const selected = chunk.map((p) => {
        field(p);
        return whole ? `"count_${p}", "sum_${p}", "min_${p}", "max_${p}"` : `sum("count_${p}"), sum("sum_${p}"), min("min_${p}"), max("max_${p}")`;
      }).join(', ');
      return (await this.run([`SELECT ${selected} FROM ${measurement} ` +
        `WHERE "vessel" = $vessel AND time >= ${ns(q.from)} AND time < ${ns(q.to)}` +
        (whole ? '' : ` GROUP BY time(${q.stepMs}ms) fill(none)`)], q.vessel))[0];
    }));
    const out: Partial<Record<SignalPath, BucketSums[]>> = {};
    chunks.forEach((chunk, c) => {
      const rows = results[c]?.series?.[0]?.values ?? [];
      chunk.forEach((p, k) => {
        out[p] = rows.filter((row) => row[1 + 4 * k] !== null && row[1 + 4 * k] !== undefined).map((row) => ({
          t: Number(row[0]), count: Number(row[1 + 4 * k]), sum: Number(row[2 + 4 * k]), min: Number(row[3 + 4 * k]), max: Number(row[4 + 4 * k]),
        }));
      });
    });
    return out;
  }

  /**
   * Computed by Sillage rather than by `SELECT … INTO`, which only 1.x runs: InfluxDB aggregates each minute
   * (the raw points never travel here) and the aggregates are written back as line protocol, as `INTO` wrote
   * them: `count_<path>` an integer, the others floats, under the vessel's tag. The upper tiers are made here
   * from those minutes, and written beside them.
   */
  async rollUp(vessel: VesselId, rangeFrom: number, rangeTo: number): Promise<void> {
    // Whole hours, so that every bucket of every tier is made of all its minutes.
    const from = Math.floor(rangeFrom / HOUR_MS) * HOUR_MS;
    const to = Math.ceil(rangeTo / HOUR_MS) * HOUR_MS;
    await this.ensureDatabase();
    const paths = await this.fieldKeys();
    for (let i = 0; i < paths.length; i += ROLLUP_PATHS_PER_STATEMENT) {
      const chunk = paths.slice(i, i + ROLLUP_PATHS_PER_STATEMENT);
      const selected = chunk.flatMap((p) => AGGREGATES.map((a) => `${a}(${field(p)}) AS "${a}_${p}"`)).join(', ');
      const [result] = await this.run([
        `SELECT ${selected} FROM ${MEASUREMENT} WHERE "vessel" = $vessel AND time >= ${ns(from)} AND time < ${ns(to)} ` +
        `GROUP BY time(${ROLLUP_STEP_MS}ms) fill(none)`], vessel);
      const rows = result?.series?.[0]?.values ?? [];
      // A path without values in a minute others have answers a null count: rollupLines leaves it out.
      const minutes = rows.map((row) => ({
        t: Number(row[0]),
        paths: chunk.map((path, k) => ({
          path, count: Number(row[1 + 4 * k] ?? 0), sum: Number(row[2 + 4 * k]), min: Number(row[3 + 4 * k]), max: Number(row[4 + 4 * k]),
        })),
      }));
      const lines = ROLLUP_TIERS_MS.map((tier) => rollupLines(tierMeasurement(tier), vessel, tier === ROLLUP_STEP_MS ? minutes : coarsen(minutes, tier))).join('');
      if (lines !== '') await this.http.write(this.database, Buffer.from(lines));
    }
  }

  async vessels(): Promise<VesselId[]> {
    const [result] = await this.run([`SHOW TAG VALUES FROM ${MEASUREMENT} WITH KEY = "vessel"`]);
    return (result?.series?.[0]?.values ?? []).map((row) => String(row[1])).filter(isVesselId);
  }

  async samples(vessel: VesselId, from: number, to: number): Promise<TelemetrySample[]> {
    const [result] = await this.run([rawStatement(from, to)], vessel);
    const series = result?.series?.[0];
    if (!series) return [];
    const { paths, cells } = signalColumns(series.columns);
    return series.values.map((row) => {
      const v: Record<string, number> = {};
      for (let k = 0; k < cells.length; k++) if (typeof row[cells[k]!] === 'number') v[paths[k]!] = row[cells[k]!] as number;
      return { t: Number(row[0]), v } as TelemetrySample;
    });
  }

  async sampleRows(vessel: VesselId, from: number, to: number, take: (rows: SampleRows) => void): Promise<void> {
    await this.http.queryChunks(this.database, rawStatement(from, to), { vessel }, ROWS_PER_CHUNK, (result) => {
      const series = result.series?.[0];
      if (series) take({ ...signalColumns(series.columns), rows: series.values });
    });
  }

  async countValues(vessel: VesselId, from: number, to: number): Promise<number> {
    const [result] = await this.run(
      [`SELECT count(*) FROM ${MEASUREMENT} WHERE "vessel" = $vessel AND time >= ${ns(from)} AND time < ${ns(to)}`], vessel);
    const row = result?.series?.[0]?.values[0];
    return row ? row.slice(1).reduce<number>((sum, n) => sum + Number(n ?? 0), 0) : 0;
  }
}
