import type { VesselId } from '../../shared/wire/ids.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';
import { HourDigestIndex } from '../reports/hour-digests.ts';
import { digestByHour } from '../reports/sample-digest.ts';
import { RollupIndex } from '../rollup/rollup-index.ts';
import { rolledSeries } from '../rollup/rolled-series.ts';
import { TierCache } from '../rollup/tier-cache.ts';
import { ChartMemo } from '../rollup/chart-memo.ts';
import type { StateDatabase } from '../state/state-db.ts';
import { DataChangeLog } from './data-changes.ts';
import type { SampleRows, SeriesQuery, SumsQuery, TimeSeriesStore } from './port.ts';

/**
 * A store that notes every write in the data change log, and its digest in the hour digests (which a report then
 * needs not read back), whichever engine is behind it. The change is noted
 * before the data is written: a crash in between leaves a change with nothing new, which only costs a
 * recomputation, whereas data without its change would be missed by everything derived from it.
 */
export class ChangeTrackingStore implements TimeSeriesStore {
  private log: DataChangeLog | undefined;
  private index: RollupIndex | undefined;
  private hourDigests: HourDigestIndex | undefined;
  /** The roll-up tiers' buckets charts have read, each kept while its hour's revision stands; one per start. */
  private tiers: TierCache | undefined;
  /** Charts of settled data, each kept while the hours of its range stand; one per start. */
  private charts: ChartMemo | undefined;
  /** Revisions noted whose data this process is still writing: not yet readable, so not yet to be rolled up. */
  private readonly unfinished = new Set<number>();

  /** `state`, where the change log and the roll-up index are kept, is opened before the store and closed after it. */
  constructor(private readonly inner: TimeSeriesStore, private readonly state: StateDatabase) {}

  get kind(): TimeSeriesStore['kind'] {
    return this.inner.kind;
  }

  /** The change log; there once the store has started. */
  get changes(): DataChangeLog {
    if (!this.log) throw new Error('the store has not started');
    return this.log;
  }

  /** Which hours are rolled up, as of which revision; there once the store has started. */
  get rollups(): RollupIndex {
    if (!this.index) throw new Error('the store has not started');
    return this.index;
  }

  /** The digests of the stored hours, kept up to date by every write; there once the store has started. */
  get digests(): HourDigestIndex {
    if (!this.hourDigests) throw new Error('the store has not started');
    return this.hourDigests;
  }

  /** The engine behind the change log, where roll-ups are computed and kept. */
  get engine(): TimeSeriesStore {
    return this.inner;
  }

  /** The oldest revision whose write has not finished in this process, Infinity if none. */
  oldestUnfinishedWrite(): number {
    let oldest = Infinity;
    for (const r of this.unfinished) if (r < oldest) oldest = r;
    return oldest;
  }

  async start(): Promise<void> {
    await this.inner.start();
    this.log = new DataChangeLog(this.state.db);
    this.index = new RollupIndex(this.state.db);
    this.hourDigests = new HourDigestIndex(this.state.db);
    this.tiers = new TierCache(this.inner);
    this.charts = new ChartMemo();
    await this.hourDigests.begin(async () => (await this.inner.vessels()).length > 0);
  }

  async stop(): Promise<void> {
    await this.inner.stop();
    this.log = undefined;
    this.index = undefined;
    this.hourDigests = undefined;
    this.tiers = undefined;
    this.charts = undefined;
  }

  async write(vessel: VesselId, samples: readonly TelemetrySample[]): Promise<void> {
    if (samples.length > 0) {
      let from = Infinity;
      let to = -Infinity;
      for (const s of samples) {
        if (s.t < from) from = s.t;
        if (s.t > to) to = s.t;
      }
      const hours = digestByHour(vessel, samples);
      const revision = this.changes.record(vessel, from, to);
      this.digests.claim(vessel, hours);
      this.unfinished.add(revision);
      try {
        await this.inner.write(vessel, samples);
      } catch (err) {
        this.digests.abandon(vessel, hours);
        throw err;
      } finally {
        this.unfinished.delete(revision);
      }
      this.digests.settle(vessel, hours);
      return;
    }
    await this.inner.write(vessel, samples);
  }

  latest(vessel: VesselId) { return this.inner.latest(vessel); }
  /**
   * From roll-ups where they are current, raw values elsewhere (server/rollup/rolled-series.ts); a chart whose
   * hours with data were all rolled up is kept until data in its range changes.
   */
  async series(query: SeriesQuery) {
    if (!this.tiers || !this.charts) throw new Error('the store has not started');
    const data = this.changes.hours(query.vessel, query.from, query.to);
    const kept = this.charts.get(query, data);
    if (kept) return kept;
    const current = this.rollups.current(query.vessel, query.from, query.to);
    const chart = await rolledSeries(this.tiers, () => current, query);
    if (current.length === data.length) this.charts.set(query, data, chart);
    return chart;
  }
  sums(query: SumsQuery) { return this.inner.sums(query); }
  rollUp(vessel: VesselId, from: number, to: number) { return this.inner.rollUp(vessel, from, to); }
  vessels() { return this.inner.vessels(); }
  samples(vessel: VesselId, from: number, to: number) { return this.inner.samples(vessel, from, to); }
  sampleRows(vessel: VesselId, from: number, to: number, take: (rows: SampleRows) => void) { return this.inner.sampleRows(vessel, from, to, take); }
  countValues(vessel: VesselId, from: number, to: number) { return this.inner.countValues(vessel, from, to); }
}
