import type { VesselProfile } from '../../shared/profile/index.ts';
import { TripAnalyzer, tripSavings, type SavingsOptions, type TripRecord } from '../../shared/savings/index.ts';
import type { Service } from '../../shared/lifecycle.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { TimeSeriesStore } from '../store/port.ts';
import type { TripRepository } from './trip-repository.ts';

export interface TripAnalyticsOptions {
  store: TimeSeriesStore;
  trips: TripRepository;
  /** Vessels with a profile: only they have a model baseline to compute. */
  vessels: readonly { id: VesselId; profile?: VesselProfile }[];
  /** How often new telemetry is read. Default 15 s. */
  intervalMs?: number;
  /** Data younger than this is left for the next pass: batches of the last seconds may still be arriving. Default 10 s. */
  settleMs?: number;
  /** Where a vessel with no trips yet starts: default the epoch. */
  since?: number;
  savings?: SavingsOptions;
  now?: () => number;
  log?: (msg: string, detail?: unknown) => void;
}

const CHUNK_MS = 3_600_000;

interface VesselState { profile: VesselProfile; analyzer: TripAnalyzer; cursor: number; closed: TripRecord[] }

/**
 * Computes trips and savings from stored telemetry as it arrives: each pass reads what came in since the last
 * one, feeds the vessel's analyzer and rewrites the trip under way, so its figures exist while it is at sea. A trip
 * is final once the next departure is seen. After a restart the analysis resumes at the oldest open trip.
 */
export class TripAnalytics implements Service {
  private readonly states = new Map<VesselId, VesselState>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly o: TripAnalyticsOptions) {
    this.now = o.now ?? Date.now;
  }

  async start(): Promise<void> {
    for (const v of this.o.vessels) {
      if (!v.profile) continue;
      const resume = this.o.trips.resumeFrom(v.id);
      const lastClosed = this.o.trips.forVessel(v.id).filter((t) => t.status === 'closed').at(-1);
      const cursor = resume ?? lastClosed?.end ?? this.o.since ?? 0;
      this.o.trips.deleteSince(v.id, cursor);
      this.states.set(v.id, { profile: v.profile, cursor, closed: [], analyzer: this.analyzerFor(v.id, v.profile) });
    }
    this.timer = setInterval(() => { void this.pass(); }, this.o.intervalMs ?? 15_000);
  }

  private analyzerFor(vessel: VesselId, profile: VesselProfile): TripAnalyzer {
    return new TripAnalyzer({ profile, onTripClosed: (trip) => this.states.get(vessel)?.closed.push(trip) });
  }

  /** One pass over every vessel; concurrent calls share the pass in progress. */
  pass(): Promise<void> {
    this.running ??= this.runPass().finally(() => { this.running = undefined; });
    return this.running;
  }

  private async runPass(): Promise<void> {
    const until = this.now() - (this.o.settleMs ?? 10_000);
    for (const [vessel, state] of this.states) {
      try {
        await this.advance(vessel, state, until);
      } catch (err) {
        // One vessel's bad data must not stop the others' analysis.
        this.o.log?.(`analytics for ${vessel} failed`, err);
      }
    }
  }

  private async advance(vessel: VesselId, state: VesselState, until: number): Promise<void> {
    let moved = false;
    state.cursor = await this.skipEmpty(vessel, state.cursor, until);
    while (state.cursor < until) {
      const to = Math.min(until, state.cursor + CHUNK_MS);
      for (const s of await this.o.store.samples(vessel, state.cursor, to)) state.analyzer.add(s.t, s.v);
      state.cursor = to;
      moved = true;
    }
    if (!moved) return;
    const now = this.now();
    for (const trip of state.closed.splice(0)) this.o.trips.save(vessel, trip, tripSavings(state.profile, trip, this.o.savings), now);
    state.analyzer.flush();
    const current = state.analyzer.current;
    if (current) this.o.trips.save(vessel, current, tripSavings(state.profile, current, this.o.savings), now);
  }

  /** The start of the first hour holding data in [from, until), or `until`: a new vessel's history may begin decades after 0. */
  private async skipEmpty(vessel: VesselId, from: number, until: number): Promise<number> {
    if (from >= until || (await this.o.store.countValues(vessel, from, from + CHUNK_MS)) > 0) return from;
    if ((await this.o.store.countValues(vessel, from, until)) === 0) return until;
    let lo = from;
    let hi = until;
    while (hi - lo > CHUNK_MS) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if ((await this.o.store.countValues(vessel, lo, mid)) > 0) hi = mid; else lo = mid;
    }
    return lo;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
