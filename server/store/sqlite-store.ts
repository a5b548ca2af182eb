import Database from 'better-sqlite3';
import { isSignalPath, type SignalPath } from '../../shared/registry/index.ts';
import { isVesselId, type VesselId } from '../../shared/wire/ids.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';
import { ROLLUP_STEP_MS, ROLLUP_TIERS_MS, type LatestValue, type BucketSums, type SumsQuery, type SeriesPoint, type SeriesQuery, type SampleRows, type TimeSeriesStore } from './port.ts';

interface PendingWrite {
  readonly vessel: number;
  readonly samples: readonly TelemetrySample[];
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

const HOUR_MS = 3_600_000;
/** Instants per batch of `sampleRows`: an hour at 1 Hz. */
const ROWS_PER_BATCH = 3600;

/** The embedded default: one SQLite file in WAL mode, signals and vessels interned to small integers. */
export class SqliteStore implements TimeSeriesStore {
  readonly kind = 'sqlite' as const;
  private db!: Database.Database;
  private readonly signalIds = new Map<string, number>();
  private readonly vesselIds = new Map<string, number>();
  private stmt!: ReturnType<SqliteStore['prepare']>;
  private writeTx!: (group: readonly PendingWrite[]) => void;
  /** One signal's minutes and upper tiers over whole hours, in one transaction: a chart never sees them disagree. */
  private rollUpSignal!: (vessel: number, signal: number, from: number, to: number) => void;
  /** Writes asked for during this turn of the event loop: committed together, one fsync for all (group commit). */
  private pending: PendingWrite[] = [];

  constructor(private readonly path: string) {}

  async start(): Promise<void> {
    this.db = new Database(this.path);
    this.db.pragma('journal_mode = WAL');
    // FULL: shore acknowledges a batch once this returns, and the vessel then deletes its copy.
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS signals (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
      CREATE TABLE IF NOT EXISTS vessels (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
      CREATE TABLE IF NOT EXISTS samples (
        vessel INTEGER NOT NULL, signal INTEGER NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL,
        PRIMARY KEY (vessel, signal, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS latest (
        vessel INTEGER NOT NULL, signal INTEGER NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL,
        PRIMARY KEY (vessel, signal)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS rollups (
        vessel INTEGER NOT NULL, signal INTEGER NOT NULL, t INTEGER NOT NULL,
        count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
        PRIMARY KEY (vessel, signal, t)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS rollup_tiers (
        vessel INTEGER NOT NULL, signal INTEGER NOT NULL, tier INTEGER NOT NULL, t INTEGER NOT NULL,
        count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
        PRIMARY KEY (vessel, signal, tier, t)) WITHOUT ROWID;
    `);
    for (const row of this.db.prepare('SELECT id, path FROM signals').all() as { id: number; path: string }[]) {
      this.signalIds.set(row.path, row.id);
    }
    for (const row of this.db.prepare('SELECT id, name FROM vessels').all() as { id: number; name: string }[]) {
      this.vesselIds.set(row.name, row.id);
    }
    this.stmt = this.prepare();
    this.rollUpSignal = this.db.transaction((vessel: number, signal: number, from: number, to: number) => {
      this.stmt.rollUp.run(vessel, signal, vessel, signal, from, to);
      for (const tier of ROLLUP_TIERS_MS) {
        if (tier !== ROLLUP_STEP_MS) this.stmt.rollUpTier.run(vessel, signal, tier, tier, vessel, signal, from, to);
      }
    });
    this.writeTx = this.db.transaction((group: readonly PendingWrite[]) => {
      for (const { vessel, samples } of group) {
        const newest = new Map<number, LatestValue>();
        for (const sample of samples) {
          for (const path in sample.v) {
            const signal = this.signalId(path);
            const v = sample.v[path as SignalPath]!;
            this.stmt.upsertSample.run(vessel, signal, sample.t, v);
            const seen = newest.get(signal);
            if (!seen || sample.t >= seen.t) newest.set(signal, { t: sample.t, v });
          }
        }
        for (const [signal, { t, v }] of newest) this.stmt.upsertLatest.run(vessel, signal, t, v);
      }
    });
  }

  private prepare() {
    return {
      upsertSample: this.db.prepare<[number, number, number, number]>(
        'INSERT INTO samples (vessel, signal, t, v) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET v = excluded.v'),
      upsertLatest: this.db.prepare<[number, number, number, number]>(
        `INSERT INTO latest (vessel, signal, t, v) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET t = excluded.t, v = excluded.v WHERE excluded.t >= latest.t`),
      insertSignal: this.db.prepare<[string], { id: number }>('INSERT INTO signals (path) VALUES (?) RETURNING id'),
      insertVessel: this.db.prepare<[string], { id: number }>('INSERT INTO vessels (name) VALUES (?) RETURNING id'),
      latest: this.db.prepare<[number], { path: string; t: number; v: number }>(
        'SELECT s.path, l.t, l.v FROM latest l JOIN signals s ON s.id = l.signal WHERE l.vessel = ?'),
      series: this.db.prepare<[number, number, number, number, number], Omit<SeriesPoint, "t"> & { bucket: number }>(
        // `%` works on integers whatever the bound type; `/` would divide as reals, since numbers bind as doubles.
        `SELECT t - (t % ?) AS bucket, avg(v) AS mean, min(v) AS min, max(v) AS max, count(*) AS count
         FROM samples WHERE vessel = ? AND signal = ? AND t >= ? AND t < ? GROUP BY bucket ORDER BY bucket`),
      // The same grouping for both: one signal's values in time order, so sum() adds them in the same order.
      rawSums: this.db.prepare<[number, number, number, number, number], BucketSums>(
        `SELECT t - (t % ?) AS t, count(*) AS count, sum(v) AS sum, min(v) AS min, max(v) AS max
         FROM samples WHERE vessel = ? AND signal = ? AND t >= ? AND t < ? GROUP BY 1 ORDER BY 1`),
      rolledSums: this.db.prepare<[number, number, number, number, number], BucketSums>(
        `SELECT t - (t % ?) AS t, sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
         FROM rollups WHERE vessel = ? AND signal = ? AND t >= ? AND t < ? GROUP BY 1 ORDER BY 1`),
      tierSums: this.db.prepare<[number, number, number, number, number, number], BucketSums>(
        `SELECT t - (t % ?) AS t, sum(count) AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
         FROM rollup_tiers WHERE vessel = ? AND signal = ? AND tier = ? AND t >= ? AND t < ? GROUP BY 1 ORDER BY 1`),
      // An upper tier from the minutes, as the charts add them: one signal's rows in time order.
      rollUpTier: this.db.prepare<[number, number, number, number, number, number, number, number]>(
        `INSERT OR REPLACE INTO rollup_tiers (vessel, signal, tier, t, count, sum, min, max)
         SELECT ?, ?, ?, t - (t % ?), sum(count), sum(sum), min(min), max(max)
         FROM rollups WHERE vessel = ? AND signal = ? AND t >= ? AND t < ? GROUP BY 4 ORDER BY 4`),
      rollUp: this.db.prepare<[number, number, number, number, number, number]>(
        `INSERT OR REPLACE INTO rollups (vessel, signal, t, count, sum, min, max)
         SELECT ?, ?, t - (t % ${ROLLUP_STEP_MS}), count(*), sum(v), min(v), max(v)
         FROM samples WHERE vessel = ? AND signal = ? AND t >= ? AND t < ? GROUP BY 3 ORDER BY 3`),
      // CROSS JOIN keeps signals outside, so each signal's time range is one seek on the key (vessel, signal, t);
      // left to itself the planner walks every row of the vessel, whatever the range: a season read an hour at a
      // time became quadratic.
      range: this.db.prepare<[number, number, number], [t: number, signal: number, v: number]>(
        `SELECT s.t, s.signal, s.v FROM signals g CROSS JOIN samples s
         ON s.vessel = ? AND s.signal = g.id AND s.t >= ? AND s.t < ? ORDER BY s.t`).raw(),
      count: this.db.prepare<[number, number, number], { n: number }>(
        `SELECT count(*) AS n FROM signals g CROSS JOIN samples s
         ON s.vessel = ? AND s.signal = g.id AND s.t >= ? AND s.t < ?`),
    };
  }

  private signalId(path: string): number {
    let id = this.signalIds.get(path);
    if (id === undefined) {
      id = this.stmt.insertSignal.get(path)!.id;
      this.signalIds.set(path, id);
    }
    return id;
  }

  private vesselId(vessel: VesselId): number {
    let id = this.vesselIds.get(vessel);
    if (id === undefined) {
      id = this.stmt.insertVessel.get(vessel)!.id;
      this.vesselIds.set(vessel, id);
    }
    return id;
  }

  /**
   * Resolves once the batch is committed. Batches written in the same turn of the event loop (ingest keeps
   * several in flight) share one transaction: the fsync, not the inserts, is what a durable write waits on.
   * If that transaction fails, every batch in it fails and is retried by its caller.
   */
  write(vessel: VesselId, samples: readonly TelemetrySample[]): Promise<void> {
    if (samples.length === 0) return Promise.resolve();
    const id = this.vesselId(vessel);
    return new Promise((resolve, reject) => {
      this.pending.push({ vessel: id, samples, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.commitPending());
    });
  }

  private commitPending(): void {
    const group = this.pending;
    this.pending = [];
    try {
      this.writeTx(group);
    } catch (err) {
      for (const w of group) w.reject(err);
      return;
    }
    for (const w of group) w.resolve();
  }

  async latest(vessel: VesselId): Promise<Partial<Record<SignalPath, LatestValue>>> {
    const id = this.vesselIds.get(vessel);
    const out: Partial<Record<SignalPath, LatestValue>> = {};
    if (id === undefined) return out;
    for (const row of this.stmt.latest.all(id)) {
      if (isSignalPath(row.path)) out[row.path] = { t: row.t, v: row.v };
    }
    return out;
  }

  async series(q: SeriesQuery): Promise<Partial<Record<SignalPath, SeriesPoint[]>>> {
    const id = this.vesselIds.get(q.vessel);
    const out: Partial<Record<SignalPath, SeriesPoint[]>> = {};
    for (const path of q.paths) {
      const signal = this.signalIds.get(path);
      out[path] = id === undefined || signal === undefined
        ? []
        : this.stmt.series.all(q.stepMs, id, signal, q.from, q.to).map(({ bucket, ...p }) => ({ t: bucket, ...p }));
    }
    return out;
  }

  async sums(q: SumsQuery): Promise<Partial<Record<SignalPath, BucketSums[]>>> {
    const id = this.vesselIds.get(q.vessel);
    const tier = q.tierMs ?? ROLLUP_STEP_MS;
    if (q.source === 'rollup' && !(ROLLUP_TIERS_MS as readonly number[]).includes(tier)) throw new Error(`not a roll-up tier: ${tier} ms`);
    const read = (id: number, signal: number): BucketSums[] => q.source === 'raw' ? this.stmt.rawSums.all(q.stepMs, id, signal, q.from, q.to)
      : tier === ROLLUP_STEP_MS ? this.stmt.rolledSums.all(q.stepMs, id, signal, q.from, q.to)
        : this.stmt.tierSums.all(q.stepMs, id, signal, tier, q.from, q.to);
    const out: Partial<Record<SignalPath, BucketSums[]>> = {};
    for (const path of q.paths) {
      const signal = this.signalIds.get(path);
      out[path] = id === undefined || signal === undefined ? [] : read(id, signal);
    }
    return out;
  }

  /**
   * Whole hours, so that every bucket of every tier is made of all its minutes; signal by signal, each in its own
   * short transaction: ingest's group commits slip in between.
   */
  async rollUp(vessel: VesselId, rangeFrom: number, rangeTo: number): Promise<void> {
    const id = this.vesselIds.get(vessel);
    if (id === undefined) return;
    const from = Math.floor(rangeFrom / HOUR_MS) * HOUR_MS;
    const to = Math.ceil(rangeTo / HOUR_MS) * HOUR_MS;
    for (const signal of this.signalIds.values()) {
      this.rollUpSignal(id, signal, from, to);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async vessels(): Promise<VesselId[]> {
    return [...this.vesselIds.keys()].filter(isVesselId);
  }

  async samples(vessel: VesselId, from: number, to: number): Promise<TelemetrySample[]> {
    const id = this.vesselIds.get(vessel);
    const out: { t: number; v: Record<string, number> }[] = [];
    if (id === undefined) return out as TelemetrySample[];
    const pathOf = new Map([...this.signalIds].map(([path, signal]) => [signal, path]));
    for (const [t, signal, v] of this.stmt.range.iterate(id, from, to)) {
      let last = out[out.length - 1];
      if (!last || last.t !== t) out.push(last = { t, v: {} });
      last.v[pathOf.get(signal)!] = v;
    }
    return out as TelemetrySample[];
  }

  /** Rows of every known path, handed over ROWS_PER_BATCH instants at a time. */
  async sampleRows(vessel: VesselId, from: number, to: number, take: (rows: SampleRows) => void): Promise<void> {
    const id = this.vesselIds.get(vessel);
    if (id === undefined) return;
    const paths = [...this.signalIds.keys()].sort();
    const cells = paths.map((_, k) => 1 + k);
    const cellOf = new Map(paths.map((path, k) => [this.signalIds.get(path)!, 1 + k]));
    let rows: (number | null)[][] = [];
    let last: (number | null)[] | undefined;
    for (const [t, signal, v] of this.stmt.range.iterate(id, from, to)) {
      if (last?.[0] !== t) {
        if (rows.length === ROWS_PER_BATCH) {
          take({ paths, cells, rows });
          rows = [];
        }
        rows.push(last = new Array<number | null>(1 + paths.length).fill(null));
        last[0] = t;
      }
      last[cellOf.get(signal)!] = v;
    }
    if (rows.length > 0) take({ paths, cells, rows });
  }

  async countValues(vessel: VesselId, from: number, to: number): Promise<number> {
    const id = this.vesselIds.get(vessel);
    return id === undefined ? 0 : this.stmt.count.get(id, from, to)!.n;
  }

  async stop(): Promise<void> {
    this.db?.close();
  }
}
