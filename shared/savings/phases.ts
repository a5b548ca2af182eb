import { GEAR_STATE } from '../registry/index.ts';
import { interpolate, type VesselProfile } from '../profile/index.ts';
import type { MeasuredInstant } from './measured-instant.ts';

export const PHASES = ['port', 'steaming', 'shooting', 'towing', 'hauling', 'drifting'] as const;
export type TripPhase = (typeof PHASES)[number];

/** Below this speed (m/s, ≈ 0.5 kn) a vessel is alongside, at anchor or drifting. */
const STOPPED_SPEED = 0.25;
/** Within this distance (m) of the home port, stopped means alongside. */
const PORT_RADIUS = 2000;
/** Share of the lightest declared gear's drag at the speed: above it, gear is in the water (shooting pays out a third). */
const GEAR_IN_WATER = 0.15;
/** Share of the lightest declared gear's drag at the speed: above it, a whole trawl is out. */
const GEAR_OUT = 0.5;

/** What phase detection reads of a vessel's profile: its home port, its métiers' gear and winch work, its winches if electric. */
export type PhaseProfile = Pick<VesselProfile, 'identity' | 'metiers'> & { winches?: VesselProfile['winches'] };

function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const north = (lat2 - lat1) * 111_195;
  const east = (lon2 - lon1) * 111_195 * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  return Math.hypot(north, east);
}

/**
 * Stopped by every speed the vessel reports, through the water and over the ground: a log or a GPS stuck on the zero
 * it showed alongside must not keep a vessel that is under way in port. Undefined when it reports no speed at all.
 */
function stopped(i: MeasuredInstant): boolean | undefined {
  if (i.stw === undefined && i.sog === undefined) return undefined;
  return (i.stw ?? 0) < STOPPED_SPEED && (i.sog ?? 0) < STOPPED_SPEED;
}

/**
 * Whether a stopped vessel is alongside: on shore power, or within reach of its home port. Undefined when neither
 * tells: without a position, a vessel stopped off shore power may be alongside or drifting at sea.
 */
function alongside(profile: PhaseProfile, i: MeasuredInstant): boolean | undefined {
  if ((i.shore ?? 0) > 0) return true;
  if (i.lat === undefined || i.lon === undefined) return undefined;
  const home = profile.identity.homePort;
  return distanceM(i.lat, i.lon, home.lat, home.lon) <= PORT_RADIUS;
}

/** Mechanical winch powers (W) that separate the fishing phases, from the ranges the profile's métiers declare. */
interface WinchLevels {
  /** Paying out: the least winch work of any métier's shooting. */
  shooting: number;
  /** Seine towing: between the most shooting work and the least towing work of the métiers that tow on the winch. */
  towing: number;
  /** Hauling: between the most towing (or shooting) work and the least hauling work. */
  hauling: number;
}

const winchLevelsOf = new WeakMap<PhaseProfile, WinchLevels>();

function winchLevels(profile: PhaseProfile): WinchLevels {
  let levels = winchLevelsOf.get(profile);
  if (levels) return levels;
  const trips = profile.metiers.map((m) => m.trip);
  const between = (lower: number, upper: number) => (lower + upper) / 2;
  const shootingMax = Math.max(...trips.map((t) => t.shootingWinchPower.max));
  const seines = trips.filter((t) => t.towingWinchPower.min > shootingMax);
  const towing = seines.length ? between(shootingMax, Math.min(...seines.map((t) => t.towingWinchPower.min))) : Infinity;
  const belowHauling = seines.length ? Math.max(...seines.map((t) => t.towingWinchPower.max)) : shootingMax;
  levels = {
    shooting: Math.min(...trips.map((t) => t.shootingWinchPower.min)),
    towing,
    hauling: between(belowHauling, Math.min(...trips.map((t) => t.haulingWinchPower.min))),
  };
  winchLevelsOf.set(profile, levels);
  return levels;
}

/** The drag (N) of the lightest gear the profile declares, fully out at this speed. */
function lightestGearDrag(profile: PhaseProfile, speed: number): number {
  return Math.min(...profile.metiers.map((m) => interpolate(m.gearDrag, 'speed', 'force', speed)));
}

const GEAR_PHASES = new Map<number, TripPhase>([
  [GEAR_STATE.shooting, 'shooting'], [GEAR_STATE.towing, 'towing'], [GEAR_STATE.hauling, 'hauling'],
]);

/**
 * The phase one instant shows, or undefined when it shows none (no speed, or stopped with nothing to tell a quay from
 * the open sea): the phase seen before it then goes on. The gear state, when the vessel reports a valid one, names
 * the fishing phases; otherwise they are inferred from the winch and the thrust the propulsion gives beyond what the
 * hull needs at that speed (`excessThrust`, N: the gear's drag), on the scale of the vessel's own gear and winches as
 * its métiers declare them: heavy winch work is hauling, winch work at a seine's towing level is seine towing, light
 * winch work with gear drag is shooting, a trawl's drag without the winch is trawl towing.
 */
export function instantPhase(profile: PhaseProfile, i: MeasuredInstant, excessThrust: number | undefined): TripPhase | undefined {
  const speed = i.stw ?? i.sog ?? 0;
  const still = stopped(i);
  const port = still ? alongside(profile, i) : false;
  if (port) return 'port';
  const validGear = i.gearState !== undefined && (i.gearState === GEAR_STATE.stowed || GEAR_PHASES.has(i.gearState));
  if (validGear && i.gearState !== GEAR_STATE.stowed) return GEAR_PHASES.get(i.gearState!)!;
  if (!validGear) {
    const levels = winchLevels(profile);
    const winch = (i.winch ?? 0) * (profile.winches?.[0]?.driveEfficiency ?? 1);
    const drag = excessThrust ?? 0;
    const gear = lightestGearDrag(profile, speed);
    if (winch >= levels.hauling) return 'hauling';
    if (winch >= levels.towing) return 'towing';
    if (winch >= levels.shooting && drag > GEAR_IN_WATER * gear) return 'shooting';
    if (winch < levels.shooting && drag > GEAR_OUT * gear && speed < 3) return 'towing';
  }
  if (still === undefined || port === undefined) return undefined;
  return still ? 'drifting' : 'steaming';
}

/**
 * Debounces instant phases: a new phase is accepted once it has held for `holdSeconds`; a shorter excursion keeps the
 * phase it interrupted. Decided instants come out in order, late by at most the hold.
 */
export class PhaseSmoother<T> {
  private current: TripPhase | undefined;
  private candidate: TripPhase | undefined;
  private candidateSince = 0;
  private lastSeen: TripPhase | undefined;
  private pending: { t: number; item: T }[] = [];

  constructor(private readonly holdSeconds: number, private readonly emit: (item: T, phase: TripPhase) => void) {}

  /** `seen` undefined: the instant shows no phase, and continues the one seen before it (port before any). */
  push(t: number, seen: TripPhase | undefined, item: T): void {
    const phase = seen ?? this.lastSeen ?? 'port';
    this.lastSeen = phase;
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
