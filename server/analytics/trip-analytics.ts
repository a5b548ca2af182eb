import type { ConventionalVesselProfile, VesselProfile } from '../../shared/profile/index.ts';
import {
  ConventionalTripAnalyzer, TripAnalyzer, tripMetier, tripSavings, vesselSeedOf, type SavingsOptions, type TripRecord, type TripSavings,
} from '../../shared/savings/index.ts';
import type { Service } from '../../shared/lifecycle.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { DataChangeLog } from '../store/data-changes.ts';
import type { TimeSeriesStore } from '../store/port.ts';
import type { TripRepository } from './trip-repository.ts';

export interface TripAnalyticsOptions {
  store: TimeSeriesStore;
  /** The store's change log: what was written since the last pass, whatever the time of the data. */
  changes: DataChangeLog;
  trips: TripRepository;
  /** Vessels with a profile: a hybrid's has a model baseline to compute, a control vessel's (conventional) its trips and fuel. */
  vessels: readonly { id: VesselId; profile?: VesselProfile; conventionalProfile?: ConventionalVesselProfile }[];
  /** How often new telemetry is read. Default 15 s. */
  intervalMs?: number;
  /**
   * A write is followed this long after it was first seen, and data younger than this is left for the next pass:
   * a change is noted just before its data lands, and batches of the last seconds may still be arriving. Default 10 s.
   */
  settleMs?: number;
  /** Where a vessel with no trips yet starts: default the epoch. */
  since?: number;
  savings?: SavingsOptions;
  /** The seed of a vessel's systematic Monte Carlo draws (METHOD §4); from its id by default. */
  vesselSeed?: (vessel: VesselId) => number;
  now?: () => number;
  log?: (msg: string, detail?: unknown) => void;
}

const CHUNK_MS = 3_600_000;

/** A hybrid's profile, or a control vessel's: which analyzer reads its telemetry and what figures its trips get. */
type AnalysedProfile = { kind: 'hybrid'; profile: VesselProfile } | { kind: 'conventional'; profile: ConventionalVesselProfile };

interface VesselState {
  profile: AnalysedProfile;
  analyzer: TripAnalyzer | ConventionalTripAnalyzer;
  cursor: number;
  closed: TripRecord[];
  /** The newest stored sample time: the cursor stops there, so a silent vessel's silence is not analysed as empty time. */
  newest: number;
}

/**
 * Computes trips and savings from stored telemetry, following the data change log rather than the wall clock: each
 * pass takes the writes since the last one, rewinds a vessel whose new data falls before its cursor (a backlog
 * after days offline, a replay, a re-sent batch) to the start of the trip it touches, and reads on up to the newest
 * data. The trip under way is rewritten at each pass, so its figures exist while it is at sea; a trip is final once
 * the next departure is seen. The revision followed is kept with the trips, so a restart sees what changed meanwhile.
 */
export class TripAnalytics implements Service {
  private readonly states = new Map<VesselId, VesselState>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly settleMs: number;
  private followed = 0;
  /** Revisions seen at past passes, with when: one becomes followable once it has settled. */
  private seen: { revision: number; at: number }[] = [];

  constructor(private readonly o: TripAnalyticsOptions) {
    this.now = o.now ?? Date.now;
    this.settleMs = o.settleMs ?? 10_000;
  }

  async start(): Promise<void> {
    this.followed = this.o.trips.revisionFollowed() ?? this.o.changes.revision();
    for (const v of this.o.vessels) {
      const profile: AnalysedProfile | undefined = v.profile ? { kind: 'hybrid', profile: v.profile }
        : v.conventionalProfile ? { kind: 'conventional', profile: v.conventionalProfile } : undefined;
      if (!profile) continue;
      const resume = this.o.trips.resumeFrom(v.id);
      const lastClosed = this.o.trips.forVessel(v.id).filter((t) => t.status === 'closed').at(-1);
      const cursor = resume ?? lastClosed?.end ?? this.o.since ?? 0;
      const latest = Object.values(await this.o.store.latest(v.id)).filter((l) => l !== undefined);
      const state: VesselState = {
        profile, cursor, closed: [], analyzer: this.analyzerFor(v.id, profile),
        newest: latest.reduce((m, l) => Math.max(m, l.t), -Infinity),
      };
      this.states.set(v.id, state);
      // The change log keeps its writes a day, but the last revision of every hour for ever: it tells what
      // changed before the cursor while the shore was down, however long.
      const changed = this.o.changes.hours(v.id, this.o.since ?? 0, cursor).find((h) => h.revision > this.followed);
      if (changed) this.rewind(v.id, state, changed.hour);
      else this.o.trips.deleteSince(v.id, cursor);
    }
    this.timer = setInterval(() => { void this.pass(); }, this.o.intervalMs ?? 15_000);
  }

  private analyzerFor(vessel: VesselId, p: AnalysedProfile): TripAnalyzer | ConventionalTripAnalyzer {
    const onTripClosed = (trip: TripRecord) => this.states.get(vessel)?.closed.push(trip);
    return p.kind === 'hybrid' ? new TripAnalyzer({ profile: p.profile, onTripClosed }) : new ConventionalTripAnalyzer({ profile: p.profile, onTripClosed });
  }

  /** One pass over every vessel; concurrent calls share the pass in progress. */
  pass(): Promise<void> {
    this.running ??= this.runPass().finally(() => { this.running = undefined; });
    return this.running;
  }

  private async runPass(): Promise<void> {
    const now = this.now();
    this.seen.push({ revision: this.o.changes.revision(), at: now });
    const settled = this.seen.filter((s) => s.at <= now - this.settleMs).at(-1);
    this.seen = this.seen.filter((s) => s.at > now - this.settleMs);
    const target = Math.max(this.followed, settled?.revision ?? 0);
    const earliest = new Map<VesselId, number>();
    for (const w of this.o.changes.writesSince(this.followed)) {
      if (w.revision > target) break;
      const state = this.states.get(w.vessel);
      if (!state) continue;
      earliest.set(w.vessel, Math.min(earliest.get(w.vessel) ?? Infinity, w.from));
      state.newest = Math.max(state.newest, w.to);
    }
    const until = now - this.settleMs;
    for (const [vessel, state] of this.states) {
      try {
        const from = earliest.get(vessel);
        if (from !== undefined && from < state.cursor) this.rewind(vessel, state, from);
        await this.advance(vessel, state, Math.min(until, state.newest + 1));
      } catch (err) {
        // One vessel's bad data must not stop the others' analysis.
        this.o.log?.(`analytics for ${vessel} failed`, err);
      }
    }
    this.followed = target;
    this.o.trips.noteRevisionFollowed(target);
  }

  /**
   * Starts a vessel's analysis over from the trip holding `t` (or `t` itself, before its first trip), with a fresh
   * analyzer: its trips from there are dropped and computed again with the data now stored.
   */
  private rewind(vessel: VesselId, state: VesselState, t: number): void {
    const holding = this.o.trips.forVessel(vessel).filter((trip) => trip.start <= t).at(-1);
    const from = Math.max(this.o.since ?? 0, holding?.start ?? t);
    this.o.trips.deleteSince(vessel, from);
    state.cursor = from;
    state.closed = [];
    state.analyzer = this.analyzerFor(vessel, state.profile);
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
    // One seed per vessel: its trips share their systematic draws, other vessels' are independent (METHOD §4).
    const options = { ...this.o.savings, vesselSeed: (this.o.vesselSeed ?? vesselSeedOf)(vessel) };
    // A control vessel's trips have no model baseline: their fuel by phase is what the control baseline reads.
    const save = (trip: TripRecord) => {
      const p = state.profile;
      const savings: TripSavings | null = p.kind === 'hybrid' ? tripSavings(p.profile, trip, options) : null;
      this.o.trips.save(vessel, trip, savings, now, savings ? savings.metier : tripMetier(p.profile, trip));
    };
    for (const trip of state.closed.splice(0)) save(trip);
    state.analyzer.flush();
    const current = state.analyzer.current;
    if (current) save(current);
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
