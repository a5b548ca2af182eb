import { GEAR_STATE } from '../registry/index.ts';
import type { VesselProfile } from '../profile/index.ts';
import type { MeasuredInstant } from './measured-instant.ts';

export const PHASES = ['port', 'steaming', 'shooting', 'towing', 'hauling', 'drifting'] as const;
export type TripPhase = (typeof PHASES)[number];

/** Below this speed through water (m/s, ≈ 0.5 kn) a vessel is alongside, at anchor or drifting. */
const STOPPED_SPEED = 0.25;
/** Within this distance (m) of the home port, stopped means alongside. */
const PORT_RADIUS = 2000;

function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const north = (lat2 - lat1) * 111_195;
  const east = (lon2 - lon1) * 111_195 * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  return Math.hypot(north, east);
}

function alongside(profile: VesselProfile, i: MeasuredInstant, speed: number): boolean {
  if (speed >= STOPPED_SPEED) return false;
  if ((i.shore ?? 0) > 0) return true;
  const home = profile.identity.homePort;
  return i.lat !== undefined && i.lon !== undefined && distanceM(i.lat, i.lon, home.lat, home.lon) <= PORT_RADIUS;
}

/**
 * The phase one instant shows. The gear state, when the vessel reports it, names the fishing phases; otherwise they
 * are inferred from the winch and the thrust the propulsion gives beyond what the hull needs at that speed (`excessThrust`,
 * N: the gear's drag): heavy winch work is hauling, winch work at a middling level with the gear out is seine towing,
 * light winch work with gear drag is shooting, gear drag without the winch is trawl towing.
 */
export function instantPhase(profile: VesselProfile, i: MeasuredInstant, excessThrust: number | undefined): TripPhase {
  const speed = i.stw ?? i.sog ?? 0;
  if (alongside(profile, i, speed)) return 'port';
  if (i.gearState !== undefined && i.gearState !== GEAR_STATE.stowed) {
    if (i.gearState === GEAR_STATE.shooting) return 'shooting';
    if (i.gearState === GEAR_STATE.towing) return 'towing';
    return 'hauling';
  }
  if (i.gearState === undefined) {
    const rated = profile.winches.reduce((s, w) => s + w.ratedPower, 0);
    const winch = (i.winch ?? 0) * (profile.winches[0]?.driveEfficiency ?? 1);
    const drag = excessThrust ?? 0;
    if (rated > 0 && winch >= 0.5 * rated) return 'hauling';
    if (rated > 0 && winch >= 0.2 * rated) return 'towing';
    if (winch >= 1000 && drag > 3000) return 'shooting';
    if (winch < 1000 && drag > 8000 && speed < 3) return 'towing';
  }
  return speed < STOPPED_SPEED ? 'drifting' : 'steaming';
}

/**
 * Debounces instant phases: a new phase is accepted once it has held for `holdSeconds`; a shorter excursion keeps the
 * phase it interrupted. Decided instants come out in order, late by at most the hold.
 */
export class PhaseSmoother<T> {
  private current: TripPhase | undefined;
  private candidate: TripPhase | undefined;
  private candidateSince = 0;
  private pending: { t: number; item: T }[] = [];

  constructor(private readonly holdSeconds: number, private readonly emit: (item: T, phase: TripPhase) => void) {}

  push(t: number, phase: TripPhase, item: T): void {
    if (this.current === undefined) this.current = phase;
    if (phase === this.current && this.pending.length === 0) {
      this.emit(item, phase);
      return;
    }
    if (phase !== this.candidate) {
      if (phase === this.current) {
        this.flush(this.current);
        this.emit(item, phase);
        this.candidate = undefined;
        return;
      }
      this.candidate = phase;
      this.candidateSince = t;
    }
    this.pending.push({ t, item });
    if (t - this.candidateSince >= this.holdSeconds * 1000) {
      // Everything from the candidate's first instant on is the new phase; what came before it, the old one.
      const switchAt = this.candidateSince;
      const before = this.pending.filter((p) => p.t < switchAt);
      const after = this.pending.filter((p) => p.t >= switchAt);
      for (const p of before) this.emit(p.item, this.current);
      this.current = this.candidate!;
      this.candidate = undefined;
      this.pending = [];
      for (const p of after) this.emit(p.item, this.current);
    }
  }

  /** Decides whatever is pending as the phase held so far (end of data). */
  flush(phase: TripPhase | undefined = this.current): void {
    for (const p of this.pending) this.emit(p.item, phase ?? 'port');
    this.pending = [];
    this.candidate = undefined;
  }

  get phase(): TripPhase | undefined {
    return this.current;
  }

  /** Instants not decided yet, oldest first: what flush() would emit as the phase held so far. */
  get undecided(): readonly T[] {
    return this.pending.map((p) => p.item);
  }
}
