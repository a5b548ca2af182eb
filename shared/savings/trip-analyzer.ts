import { engineFuelRate, engineMarginalFuelRate, interpolate, type VesselProfile } from '../profile/index.ts';
import { fuelMassKg } from './fuel.ts';
import { InstantReader, instantPaths, type InstantPaths, type MeasuredInstant } from './measured-instant.ts';
import { baselineModel, conventionalInstant, windTurbineThrust, type BaselineInstant, type BaselineModel, type MeasuredWork } from './model-baseline.ts';
import { instantPhase, PhaseSmoother, type TripPhase } from './phases.ts';
import { apparentWind, bareHullResistance } from './resistance.ts';

/** Energy through the bus over a span, J. Harvesters gross; their drag cost beside them (METHOD §5). */
export interface EnergyTotals {
  generators: Record<string, number>;
  solar: number; wind: number; windDragCost: number; hydro: number; hydroDragCost: number; wave: number;
  shore: number; batteryDischarge: number; batteryCharge: number;
  propulsion: number; winch: number; hotel: number; stabiliser: number;
}

export interface PhaseTotals {
  seconds: number;
  /** Seconds with complete, plausible data: the only ones integrated. */
  coveredSeconds: number;
  energy: EnergyTotals;
  /** Hybrid fuel, kg: read from the fuel meters, and estimated from generator power where a meter was silent or implausible. */
  fuelMetered: number;
  fuelEstimated: number;
  /** Nominal model baseline (METHOD §3, option D) over the covered seconds, kg; and its engines' output, J. */
  baselineFuel: number;
  baselineMainEnergy: number;
  baselineAuxEnergy: number;
}

/** Fuel of one phase, kg: hybrid (metered and estimated) and the nominal baseline's. */
export type PhaseFuel = Pick<PhaseTotals, 'fuelMetered' | 'fuelEstimated' | 'baselineFuel'>;

/**
 * Up to five minutes of one phase, averaged: what the Monte Carlo re-evaluates under drawn parameters, and what the
 * control baseline fits a conventional vessel's fuel rate on (speed and fuel; its electrical figures stay empty).
 */
export interface WorkSegment {
  phase: TripPhase;
  seconds: number;
  stw: number; propulsion: number; hydro: number; winch: number; otherElectrical: number;
  /** Mean rotor thrust of the wind turbine along the heading, N (see `windTurbineThrust`). */
  windTurbineThrust: number;
  /** Mean fuel flow, metered or estimated, kg/s. */
  fuel: number;
}

export type SegmentMeans = Omit<WorkSegment, 'phase' | 'seconds'>;
const SEGMENT_MEANS = ['stw', 'propulsion', 'hydro', 'winch', 'otherElectrical', 'windTurbineThrust', 'fuel'] as const satisfies readonly (keyof SegmentMeans)[];

const SEGMENT_SECONDS = 300;

/**
 * Adds `dt` covered seconds of `phase` to the trip's segments: to `open` if it is of the same phase and not yet full,
 * else to a new one. Returns the segment written to. Running means, so a segment is usable as it stands.
 */
export function addToSegment(trip: TripRecord, open: WorkSegment | undefined, phase: TripPhase, dt: number, x: SegmentMeans): WorkSegment | undefined {
  if (dt <= 0) return open;
  let s = open;
  if (!s || s.phase !== phase || s.seconds >= SEGMENT_SECONDS) {
    s = { phase, seconds: 0, stw: 0, propulsion: 0, hydro: 0, winch: 0, otherElectrical: 0, windTurbineThrust: 0, fuel: 0 };
    trip.segments.push(s);
  }
  const n = s.seconds + dt;
  for (const k of SEGMENT_MEANS) s[k] += ((x[k] - s[k]) * dt) / n;
  s.seconds = n;
  return s;
}

/**
 * The at-sea part of one clock hour (cut at trip boundaries): the unit of the measured baseline's regression (METHOD §3,
 * option C). Time alongside belongs to no trip, so it enters no hour.
 */
export interface HourRecord {
  start: number;
  seconds: number;
  coveredSeconds: number;
  phaseSeconds: Partial<Record<TripPhase, number>>;
  /** Σ v³·dt steaming (m³/s³·s), Σ v²·dt towing, Σ Hs·dt and Σ wind²·dt at sea: the regressors' integrals. */
  steamingCubedSpeed: number; towingSquaredSpeed: number; waveAtSea: number; windSquaredAtSea: number;
  fuel: number;
}

export interface TripRecord {
  /** Epoch ms: from the first data (or the previous trip's next departure) to the last data or the next departure. */
  start: number;
  end: number;
  departure: number | null;
  arrival: number | null;
  /** under-way: at sea; in-port: landed, its port stay still accruing; closed: the next trip has begun. */
  status: 'under-way' | 'in-port' | 'closed';
  phases: { phase: TripPhase; start: number; end: number }[];
  byPhase: Partial<Record<TripPhase, PhaseTotals>>;
  coverage: { seconds: number; coveredSeconds: number; atSeaSeconds: number; atSeaCoveredSeconds: number; gapSeconds: number; incompleteSeconds: number; implausibleSeconds: number; fuelFallbackSeconds: number; clockAnomalies: number };
  /** State of charge at the first and last covered instants at sea: what the battery lent the trip (METHOD §5). */
  battery: { socDeparture: number | null; socArrival: number | null };
  /**
   * The hybrid's generator sets at sea: electrical energy (J), the fuel the same energy would cost at each instant's
   * marginal rate on the declared curves (kg), and over the seconds a meter was read, the metered fuel and what the
   * declared curves expected for it (kg): the battery is valued at the trip's own marginal consumption from these.
   */
  generation: { energy: number; marginalFuel: number; meteredFuel: number; expectedFuel: number };
  comfort: { silentSecondsAtSea: number; noise: Partial<Record<NoiseMode, { seconds: number; powerSum: number }>> };
  /** Sum of squared misfit of the towing excess thrust to each métier's gear drag, and the towing seconds. */
  metierMisfit: Record<string, number>;
  segments: WorkSegment[];
  hours: HourRecord[];
}

export type NoiseMode = 'alongside' | 'battery-only' | 'generators-running';

export interface TripAnalyzerOptions {
  profile: VesselProfile;
  /** A longer silence between samples is a gap: not integrated, counted against coverage. Default 10 s. */
  maxGapMs?: number;
  /** A path's last value stands in for a missing one this long. Default 30 s. */
  holdMs?: number;
  /** A phase is accepted once it has held this long. Default 60 s. */
  phaseHoldSeconds?: number;
  /** Called when a trip closes (the next departure is seen). */
  onTripClosed?: (trip: TripRecord) => void;
}

/**
 * How many samples after a leap forward are held back: 15 min of 1 Hz data, longer than a device clock's jump lasts.
 * Counted, not timed: a second jump during the first would stretch the device's own time.
 */
const LEAP_HOLD_SAMPLES = 900;

const zeroEnergy = (profile: VesselProfile): EnergyTotals => ({
  generators: Object.fromEntries(profile.generators.map((g) => [g.id, 0])),
  solar: 0, wind: 0, windDragCost: 0, hydro: 0, hydroDragCost: 0, wave: 0, shore: 0, batteryDischarge: 0, batteryCharge: 0,
  propulsion: 0, winch: 0, hotel: 0, stabiliser: 0,
});

interface Committed {
  instant: MeasuredInstant;
  /** Declared-curve fuel for the metered seconds, and the marginal cost of the sets' energy, kg. */
  expectedForMetered: number;
  marginalFuel: number;
  dt: number;
  covered: boolean;
  why: 'ok' | 'gap' | 'incomplete' | 'implausible';
  work?: MeasuredWork;
  baseline?: BaselineInstant;
  fuelMetered: number;
  fuelEstimated: number;
  fellBack: boolean;
  excessThrust?: number;
}

/**
 * Turns a vessel's telemetry, sample by sample in time order, into trips (port to port), phases, energy balance,
 * fuel, model-baseline fuel and data coverage. Incremental: a trip's figures exist while it is under way.
 * Pure: no I/O, the same code on shore and on board.
 */
export class TripAnalyzer {
  readonly trips: TripRecord[] = [];
  private readonly profile: VesselProfile;
  private readonly paths: InstantPaths;
  private readonly reader: InstantReader;
  private readonly model: BaselineModel;
  private readonly smoother: PhaseSmoother<Committed>;
  private readonly maxGapMs: number;
  private readonly maxStw: number;
  private lastT: number | undefined;
  private lastRunTime: ({ value: number; t: number } | undefined)[];
  /** Samples held back after a leap forward in time, and the leaps among them not yet judged (index into `held`). */
  private held: { t: number; values: Readonly<Record<string, number>> }[] = [];
  private leaps: { index: number; before: number; at: number }[] = [];
  private lastPhase: TripPhase | undefined;
  private segment: WorkSegment | undefined;
  private clockAnomalies = 0;

  constructor(private readonly options: TripAnalyzerOptions) {
    this.profile = options.profile;
    this.paths = instantPaths(this.profile);
    this.reader = new InstantReader(this.paths, options.holdMs ?? 30_000);
    this.model = baselineModel(this.profile);
    this.maxGapMs = options.maxGapMs ?? 10_000;
    this.maxStw = 1.5 * this.profile.hull.resistance[this.profile.hull.resistance.length - 1]!.speed;
    this.lastRunTime = this.profile.generators.map(() => undefined);
    this.smoother = new PhaseSmoother(options.phaseHoldSeconds ?? 60, (c, phase) => this.commit(c, phase));
  }

  /** The trip in progress (or the last one), undefined before any data. */
  get current(): TripRecord | undefined {
    return this.trips[this.trips.length - 1];
  }

  /** Time of the newest accepted sample. */
  get lastSampleTime(): number | undefined {
    return this.lastT;
  }

  /**
   * Feeds one sample; samples must come in time order (one that goes back in time is a clock anomaly, refused). After
   * a leap forward longer than a gap, samples are held back for a while: if the clock then comes back below the leap,
   * the leap was the clock's and what it stamped is refused; otherwise it was a real gap and they are taken in order.
   * Leaps inside a held stretch (a second jump during the first) are judged the same way, each on its own.
   */
  add(t: number, values: Readonly<Record<string, number>>): void {
    for (let k = this.leaps.length - 1; k >= 0; k--) {
      const leap = this.leaps[k]!;
      // A clock coming back resumes where it left, later by at least the seconds it stamped ahead (one a sample);
      // a sample below the leap but sooner than that is one stamped behind (a jump back), refused in its turn.
      const stampedAhead = this.held.length - leap.index;
      if (t > leap.before && t < leap.at && t - leap.before >= (stampedAhead - 1) * 1000) {
        for (let n = this.held.splice(leap.index).length; n > 0; n--) this.noteClockAnomaly();
        this.leaps.length = k;
        break;
      }
    }
    const frontier = this.held.reduce((m, h) => Math.max(m, h.t), this.lastT ?? -Infinity);
    if (this.lastT !== undefined && t - frontier > this.maxGapMs) this.leaps.push({ index: this.held.length, before: frontier, at: t });
    if (this.leaps.length === 0) {
      this.accept(t, values);
      return;
    }
    this.held.push({ t, values });
    // The oldest open leap that its hold's samples never came back below was a real gap.
    while (this.leaps.length > 0 && this.held.length - this.leaps[0]!.index >= LEAP_HOLD_SAMPLES) {
      this.leaps.shift();
      const upTo = this.leaps[0]?.index ?? this.held.length;
      for (const h of this.held.splice(0, upTo)) this.accept(h.t, h.values);
      for (const leap of this.leaps) leap.index -= upTo;
    }
  }

  private release(): void {
    this.leaps = [];
    for (const h of this.held.splice(0)) this.accept(h.t, h.values);
  }

  private accept(t: number, values: Readonly<Record<string, number>>): void {
    if (this.lastT !== undefined && t <= this.lastT) {
      this.noteClockAnomaly();
      return;
    }
    // Engine-hour counters cannot run faster than time, nor backwards: if one does, the timestamp lies, or the counter
    // does (stuck, spiked): the sample is refused and the counter read afresh, so a faulty counter costs one sample.
    const runTimes = this.paths.runTime.map((p) => (Number.isFinite(values[p]) ? values[p] : undefined));
    let contradicted = false;
    runTimes.forEach((rt, i) => {
      if (rt === undefined) return;
      const prev = this.lastRunTime[i];
      if (prev && (rt < prev.value - 0.5 || rt - prev.value > (t - prev.t) / 1000 + 2)) contradicted = true;
      this.lastRunTime[i] = { value: rt, t };
    });
    if (contradicted) {
      this.noteClockAnomaly();
      return;
    }
    const dtS = this.lastT === undefined ? 0 : (t - this.lastT) / 1000;
    const instant = this.reader.read(t, values);
    this.lastT = t;
    const evaluated = this.evaluate(instant, dtS);
    this.smoother.push(t, instantPhase(this.profile, instant, evaluated.excessThrust), evaluated);
  }

  /** Decides pending instants (end of the data at hand): call before reading figures of a trip under way. */
  flush(): void {
    this.release();
    this.smoother.flush();
  }

  /**
   * The current trip's fuel and baseline fuel (kg) by phase as flush() would leave them, without deciding the
   * pending instants: a live display reads this every second while later samples still settle the phase. Samples
   * held back after a leap forward in time (see add) are not in it until they are taken, at most 900 samples later.
   */
  provisionalFuel(): Partial<Record<TripPhase, PhaseFuel>> {
    const out: Partial<Record<TripPhase, PhaseFuel>> = {};
    for (const [phase, p] of Object.entries(this.current?.byPhase ?? {}) as [TripPhase, PhaseTotals][]) {
      out[phase] = { fuelMetered: p.fuelMetered, fuelEstimated: p.fuelEstimated, baselineFuel: p.baselineFuel };
    }
    const phase = this.smoother.phase ?? 'port';
    for (const c of this.smoother.undecided) {
      // Added in the order flush() would add them, so that the sums are the same to the last bit.
      const f = (out[phase] ??= { fuelMetered: 0, fuelEstimated: 0, baselineFuel: 0 });
      if (!c.covered) continue;
      f.fuelMetered += c.fuelMetered;
      f.fuelEstimated += c.fuelEstimated;
      f.baselineFuel += this.baselineOf(c, phase !== 'port').fuelRate * c.dt;
    }
    return out;
  }

  /** In port the conventional twin stops its main engine: the nominal baseline is re-evaluated for that case. */
  private baselineOf(c: Committed, atSea: boolean): BaselineInstant {
    return atSea ? c.baseline! : conventionalInstant(this.model, { ...c.work!, atSea: false });
  }

  private noteClockAnomaly(): void {
    this.clockAnomalies++;
    if (this.current) this.current.coverage.clockAnomalies++;
  }

  private evaluate(i: MeasuredInstant, dt: number): Committed {
    const p = this.profile;
    const base: Committed = { instant: i, dt, covered: false, why: 'ok', fuelMetered: 0, fuelEstimated: 0, fellBack: false, expectedForMetered: 0, marginalFuel: 0 };
    if (dt * 1000 > this.maxGapMs) return { ...base, why: 'gap' };
    const speed = i.stw ?? i.sog;
    const complete = speed !== undefined && i.propulsion !== undefined && i.hotel !== undefined && i.winch !== undefined
      && i.stabiliser !== undefined && i.battery !== undefined
      && i.generatorPower.every((g, k) => g !== undefined || i.fuelRate[k] !== undefined);
    if (!complete) return { ...base, why: 'incomplete' };
    // The DC bus balances every second: a spiked or stuck reading on any power path breaks it.
    const gens = i.generatorPower.reduce<number>((s, g) => s + (g ?? 0), 0);
    const sources = gens + (i.solar ?? 0) + (i.wind ?? 0) + (i.hydro ?? 0) + (i.wave ?? 0) + (i.shore ?? 0);
    const loads = i.propulsion! + i.winch! + i.hotel! + i.stabiliser! + i.battery!;
    const balanced = i.generatorPower.every((g) => g !== undefined)
      ? Math.abs(sources - loads) <= 0.05 * Math.max(Math.abs(sources), Math.abs(loads)) + 2000
      : true;
    if (!balanced || speed! > this.maxStw || i.propulsion! < -1000) return { ...base, why: 'implausible' };

    let fuelMetered = 0;
    let fuelEstimated = 0;
    let expectedForMetered = 0;
    let marginalFuel = 0;
    let fellBack = false;
    p.generators.forEach((g, k) => {
      const power = i.generatorPower[k];
      const metered = i.fuelRate[k];
      const expected = power !== undefined && power > 0.02 * g.ratedPower ? engineFuelRate(g.fuelCurve, g.ratedPower, power) : undefined;
      if (expected !== undefined) marginalFuel += engineMarginalFuelRate(g.fuelCurve, g.ratedPower, power!) * power! * dt;
      const meteredKg = metered === undefined ? undefined : fuelMassKg(metered, p.fuel.density);
      if (meteredKg !== undefined && (expected === undefined || (meteredKg >= 0.5 * expected && meteredKg <= 2 * expected))) {
        fuelMetered += meteredKg * dt;
        expectedForMetered += (expected ?? 0) * dt;
      } else {
        fuelEstimated += (expected ?? 0) * dt;
        fellBack = true;
      }
    });
    const sog = i.sog ?? speed!;
    const cog = i.cog ?? 0;
    const wind = i.windSpeed !== undefined && i.windDirection !== undefined ? apparentWind(i.windSpeed, i.windDirection, sog, cog) : { speed: 0, headWind: 0 };
    const work: MeasuredWork = {
      stw: speed!, propulsion: i.propulsion!, hydro: i.hydro ?? 0, winch: i.winch!, otherElectrical: i.hotel! + i.stabiliser!,
      atSea: true, windTurbineThrust: windTurbineThrust(i.wind ?? 0, wind.speed, wind.headWind),
    };
    const atSeaBaseline = conventionalInstant(this.model, work);
    const excessThrust = atSeaBaseline.thrust - bareHullResistance(p.hull, speed!, i.waveHeight ?? 0, wind.headWind);
    return { ...base, covered: true, work, baseline: atSeaBaseline, fuelMetered, fuelEstimated, fellBack, excessThrust, expectedForMetered, marginalFuel };
  }

  private openTrip(start: number): TripRecord {
    const trip: TripRecord = {
      start, end: start, departure: null, arrival: null, status: 'in-port', phases: [], byPhase: {},
      coverage: { seconds: 0, coveredSeconds: 0, atSeaSeconds: 0, atSeaCoveredSeconds: 0, gapSeconds: 0, incompleteSeconds: 0, implausibleSeconds: 0, fuelFallbackSeconds: 0, clockAnomalies: 0 },
      battery: { socDeparture: null, socArrival: null },
      generation: { energy: 0, marginalFuel: 0, meteredFuel: 0, expectedFuel: 0 },
      comfort: { silentSecondsAtSea: 0, noise: {} },
      metierMisfit: Object.fromEntries(this.profile.metiers.map((m) => [m.code, 0])),
      segments: [],
      hours: [],
    };
    this.trips.push(trip);
    this.segment = undefined;
    return trip;
  }

  private commit(c: Committed, phase: TripPhase): void {
    const i = c.instant;
    const spanStart = i.t - c.dt * 1000;
    const trip = placeSpan(this.current ?? this.openTrip(spanStart), this.lastPhase, phase, spanStart, i.t, (start) => this.openTrip(start), this.options.onTripClosed);
    this.lastPhase = phase;

    const atSea = phase !== 'port';
    const dt = c.dt;
    const cov = trip.coverage;
    cov.seconds += dt;
    if (atSea) cov.atSeaSeconds += dt;
    const totals = (trip.byPhase[phase] ??= {
      seconds: 0, coveredSeconds: 0, energy: zeroEnergy(this.profile), fuelMetered: 0, fuelEstimated: 0,
      baselineFuel: 0, baselineMainEnergy: 0, baselineAuxEnergy: 0,
    });
    totals.seconds += dt;
    const hour = atSea ? this.hourOf(trip, i.t) : undefined;
    if (hour) hour.seconds += dt;
    if (!c.covered) {
      if (c.why === 'gap') cov.gapSeconds += dt;
      else if (c.why === 'incomplete') cov.incompleteSeconds += dt;
      else cov.implausibleSeconds += dt;
      this.segment = undefined;
      return;
    }
    cov.coveredSeconds += dt;
    if (atSea) cov.atSeaCoveredSeconds += dt;
    if (c.fellBack) cov.fuelFallbackSeconds += dt;
    totals.coveredSeconds += dt;
    if (atSea && i.soc !== undefined) {
      trip.battery.socDeparture ??= i.soc;
      trip.battery.socArrival = i.soc;
    }
    if (atSea) {
      const g = trip.generation;
      g.energy += i.generatorPower.reduce<number>((s, x) => s + Math.max(0, x ?? 0), 0) * dt;
      g.marginalFuel += c.marginalFuel;
      g.meteredFuel += c.fuelMetered;
      g.expectedFuel += c.expectedForMetered;
    }

    const w = c.work!;
    const b = this.baselineOf(c, atSea);
    const e = totals.energy;
    this.profile.generators.forEach((g, k) => { e.generators[g.id]! += (i.generatorPower[k] ?? 0) * dt; });
    e.solar += (i.solar ?? 0) * dt;
    e.wind += (i.wind ?? 0) * dt;
    e.windDragCost += b.windDragCost * dt;
    e.hydro += (i.hydro ?? 0) * dt;
    e.hydroDragCost += b.hydroDragCost * dt;
    e.wave += (i.wave ?? 0) * dt;
    e.shore += (i.shore ?? 0) * dt;
    if (i.battery! >= 0) e.batteryCharge += i.battery! * dt; else e.batteryDischarge -= i.battery! * dt;
    e.propulsion += w.propulsion * dt;
    e.winch += w.winch * dt;
    e.hotel += i.hotel! * dt;
    e.stabiliser += i.stabiliser! * dt;
    totals.fuelMetered += c.fuelMetered;
    totals.fuelEstimated += c.fuelEstimated;
    totals.baselineFuel += b.fuelRate * dt;
    totals.baselineMainEnergy += b.mainPower * dt;
    totals.baselineAuxEnergy += b.auxPower * dt;

    const running = i.generatorPower.some((g) => (g ?? 0) > 0);
    if (atSea && !running) trip.comfort.silentSecondsAtSea += dt;
    if (i.noise !== undefined) {
      const mode: NoiseMode = !atSea ? 'alongside' : running ? 'generators-running' : 'battery-only';
      const n = (trip.comfort.noise[mode] ??= { seconds: 0, powerSum: 0 });
      n.seconds += dt;
      n.powerSum += 10 ** (i.noise / 10) * dt;
    }
    if (phase === 'towing' && c.excessThrust !== undefined) {
      for (const m of this.profile.metiers) {
        trip.metierMisfit[m.code]! += ((c.excessThrust - interpolate(m.gearDrag, 'speed', 'force', w.stw)) / 1000) ** 2 * dt;
      }
    }

    if (hour) {
      hour.coveredSeconds += dt;
      hour.phaseSeconds[phase] = (hour.phaseSeconds[phase] ?? 0) + dt;
      if (phase === 'steaming') hour.steamingCubedSpeed += w.stw ** 3 * dt;
      if (phase === 'towing') hour.towingSquaredSpeed += w.stw ** 2 * dt;
      hour.waveAtSea += (i.waveHeight ?? 0) * dt;
      hour.windSquaredAtSea += (i.windSpeed ?? 0) ** 2 * dt;
      hour.fuel += c.fuelMetered + c.fuelEstimated;
    }

    this.segment = addToSegment(trip, this.segment, phase, dt, {
      stw: w.stw, propulsion: w.propulsion, hydro: w.hydro, winch: w.winch, otherElectrical: w.otherElectrical,
      windTurbineThrust: w.windTurbineThrust, fuel: (c.fuelMetered + c.fuelEstimated) / dt,
    });
  }

  private hourOf(trip: TripRecord, t: number): HourRecord {
    const start = Math.max(trip.start, Math.floor((t - 1) / 3_600_000) * 3_600_000);
    let h = trip.hours[trip.hours.length - 1];
    if (!h || Math.floor(h.start / 3_600_000) !== Math.floor(start / 3_600_000)) {
      h = { start, seconds: 0, coveredSeconds: 0, phaseSeconds: {}, steamingCubedSpeed: 0, towingSquaredSpeed: 0, waveAtSea: 0, windSquaredAtSea: 0, fuel: 0 };
      trip.hours.push(h);
    }
    return h;
  }
}

/**
 * Places a span of `phase` from `spanStart` to `t` in the trip it belongs to, the same for every analyzer: casting off
 * again after tying up closes the trip and opens the next, the first span at sea is the departure, the first in port
 * after sea the arrival; the trip's phases grow by it. Returns the trip the span went into.
 */
export function placeSpan(
  current: TripRecord, lastPhase: TripPhase | undefined, phase: TripPhase, spanStart: number, t: number,
  openTrip: (start: number) => TripRecord, onTripClosed?: (trip: TripRecord) => void,
): TripRecord {
  let trip = current;
  if (phase !== 'port' && lastPhase === 'port' && trip.departure !== null) {
    trip.status = 'closed';
    trip.end = spanStart;
    onTripClosed?.(trip);
    trip = openTrip(spanStart);
  }
  if (phase !== 'port' && trip.departure === null) {
    trip.departure = spanStart;
    trip.status = 'under-way';
  }
  if (phase === 'port' && lastPhase !== undefined && lastPhase !== 'port' && trip.departure !== null) {
    trip.arrival = spanStart;
    trip.status = 'in-port';
  }
  trip.end = t;
  const last = trip.phases[trip.phases.length - 1];
  if (last && last.phase === phase) last.end = t;
  else trip.phases.push({ phase, start: spanStart, end: t });
  return trip;
}
