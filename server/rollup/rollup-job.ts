import type { Service } from '../../shared/lifecycle.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import { hourOf, type DataChangeLog, type HourRevision } from '../store/data-changes.ts';
import type { TimeSeriesStore } from '../store/port.ts';
import type { RollupIndex } from './rollup-index.ts';

const HOUR_MS = 3_600_000;

export interface RollupJobOptions {
  /** The engine the roll-ups are computed on and kept in. */
  readonly store: TimeSeriesStore;
  readonly changes: DataChangeLog;
  readonly index: RollupIndex;
  /** The oldest revision this process is still writing (Infinity if none): its data may not be readable yet. */
  readonly oldestUnfinishedWrite: () => number;
  /**
   * How long after a write was first seen its hours wait before rolling: an hour being filled (the live hour, a
   * backlog landing) is rolled once it has gone quiet rather than after every batch, and a write by another
   * process sharing the change log has had time to land.
   */
  readonly settleMs?: number;
  /** Pause between passes once caught up. */
  readonly intervalMs?: number;
  /** Contiguous hours of one vessel rolled in one store request, at most. */
  readonly maxHoursPerRoll?: number;
  readonly now?: () => number;
  readonly log?: (msg: string, detail?: unknown) => void;
}

interface DirtyHour extends HourRevision {
  readonly seenAt: number;
}

/**
 * Keeps the per-minute roll-ups current, beside ingest and never in its write path: it follows the data change
 * log, and rolls up, one request at a time, the hours whose data changed since they were last rolled. An hour
 * is marked rolled at the revision seen before its roll began, so a write landing during the roll leaves it
 * stale (read raw by charts) until the next roll.
 */
export class RollupJob implements Service {
  private readonly settleMs: number;
  private readonly intervalMs: number;
  private readonly maxHours: number;
  private readonly now: () => number;
  private readonly dirty = new Map<string, DirtyHour>();
  private followed = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly o: RollupJobOptions) {
    this.settleMs = o.settleMs ?? 30_000;
    this.intervalMs = o.intervalMs ?? 1000;
    this.maxHours = o.maxHoursPerRoll ?? 24;
    this.now = o.now ?? Date.now;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.startOver();
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Hours known to need a roll (changed and not yet rolled since): 0 once the roll-ups have caught up. */
  pendingHours(): number {
    this.follow();
    return this.dirty.size;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().then((busy) => this.schedule(busy ? 0 : this.intervalMs), (err: unknown) => {
        this.o.log?.('roll-up pass failed; retrying', err instanceof Error ? err.message : err);
        this.schedule(this.intervalMs);
      });
    }, ms);
  }

  /** Every stale hour, from the index: at start, and when the log no longer holds the writes since `followed`. */
  private startOver(): void {
    this.followed = this.o.changes.revision();
    const seenAt = this.now();
    for (const h of this.o.index.stale()) this.dirty.set(`${h.vessel}\u0000${h.hour}`, { ...h, seenAt });
  }

  private follow(): void {
    const writes = this.o.changes.writesSince(this.followed);
    if (writes.length > 0 && writes[0]!.revision > this.followed + 1 && this.followed > 0) {
      this.startOver();
      return;
    }
    const seenAt = this.now();
    for (const w of writes) {
      for (let hour = hourOf(w.from); hour <= w.to; hour += HOUR_MS) {
        this.dirty.set(`${w.vessel}\u0000${hour}`, { vessel: w.vessel, hour, revision: w.revision, seenAt });
      }
      this.followed = w.revision;
    }
  }

  /** Rolls one run of contiguous settled hours of one vessel; whether there was one. */
  private async pass(): Promise<boolean> {
    this.follow();
    const settledBefore = this.now() - this.settleMs;
    const unfinished = this.o.oldestUnfinishedWrite();
    const ready = [...this.dirty.values()]
      .filter((h) => h.seenAt <= settledBefore && h.revision < unfinished)
      .sort((a, b) => (a.vessel < b.vessel ? -1 : a.vessel > b.vessel ? 1 : a.hour - b.hour));
    if (ready.length === 0) return false;
    const run: DirtyHour[] = [ready[0]!];
    for (const h of ready.slice(1)) {
      const last = run.at(-1)!;
      if (run.length >= this.maxHours || h.vessel !== last.vessel || h.hour !== last.hour + HOUR_MS) break;
      run.push(h);
    }
    const vessel: VesselId = run[0]!.vessel;
    await this.o.store.rollUp(vessel, run[0]!.hour, run.at(-1)!.hour + HOUR_MS);
    for (const h of run) {
      this.o.index.mark(vessel, h.hour, h.revision);
      const key = `${vessel}\u0000${h.hour}`;
      if (this.dirty.get(key) === h) this.dirty.delete(key);
    }
    return true;
  }
}
