import type Database from 'better-sqlite3';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';
import { openStateDb } from '../state/state-db.ts';
import { DataChangeLog } from './data-changes.ts';
import type { SeriesQuery, TimeSeriesStore } from './port.ts';

/**
 * A store that notes every write in the data change log, whichever engine is behind it. The change is noted
 * before the data is written: a crash in between leaves a change with nothing new, which only costs a
 * recomputation, whereas data without its change would be missed by everything derived from it.
 */
export class ChangeTrackingStore implements TimeSeriesStore {
  private db: Database.Database | undefined;
  private log: DataChangeLog | undefined;

  constructor(private readonly inner: TimeSeriesStore, private readonly stateDbPath: string) {}

  get kind(): TimeSeriesStore['kind'] {
    return this.inner.kind;
  }

  /** The change log; there once the store has started. */
  get changes(): DataChangeLog {
    if (!this.log) throw new Error('the store has not started');
    return this.log;
  }

  async start(): Promise<void> {
    await this.inner.start();
    this.db = openStateDb(this.stateDbPath);
    this.log = new DataChangeLog(this.db);
  }

  async stop(): Promise<void> {
    await this.inner.stop();
    this.db?.close();
    this.db = undefined;
    this.log = undefined;
  }

  async write(vessel: VesselId, samples: readonly TelemetrySample[]): Promise<void> {
    if (samples.length > 0) {
      let from = Infinity;
      let to = -Infinity;
      for (const s of samples) {
        if (s.t < from) from = s.t;
        if (s.t > to) to = s.t;
      }
      this.changes.record(vessel, from, to);
    }
    await this.inner.write(vessel, samples);
  }

  latest(vessel: VesselId) { return this.inner.latest(vessel); }
  series(query: SeriesQuery) { return this.inner.series(query); }
  vessels() { return this.inner.vessels(); }
  samples(vessel: VesselId, from: number, to: number) { return this.inner.samples(vessel, from, to); }
  countValues(vessel: VesselId, from: number, to: number) { return this.inner.countValues(vessel, from, to); }
}
