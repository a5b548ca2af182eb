import type { ConventionalVesselProfile } from '../profile/conventional-vessel-profile.ts';
import { interpolate } from '../profile/curves.ts';
import { engineFuelRate } from '../profile/diesel.ts';
import { propulsorThrust } from '../profile/propulsor.ts';
import { fuelMassKg } from './fuel.ts';
import type { MeasuredInstant } from './measured-instant.ts';
import { instantPhase, PhaseSmoother, type TripPhase } from './phases.ts';
import { apparentWind, bareHullResistance } from './resistance.ts';
import { addToSegment, placeSpan, type EnergyTotals, type PhaseTotals, type TripRecord, type WorkSegment } from './trip-analyzer.ts';

export interface ConventionalTripAnalyzerOptions {
  profile: ConventionalVesselProfile;
  /** A longer silence between samples is a gap. Default 10 s. */
  maxGapMs?: number;
  /** A path's last value stands in for a missing one this long. Default 30 s. */
  holdMs?: number;
  phaseHoldSeconds?: number;
  onTripClosed?: (trip: TripRecord) => void;
}

interface Evaluated {
  t: number; dt: number;
  why: 'ok' | 'gap' | 'incomplete' | 'implausible';
  /** Metered fuel of every engine over the step, kg. */
  fuel: number;
  stw: number;
  excessThrust?: number;
}

const NO_ENERGY: EnergyTotals = {
  generators: {}, solar: 0, wind: 0, windDragCost: 0, hydro: 0, hydroDragCost: 0, wave: 0, shore: 0, batteryDischarge: 0,
  batteryCharge: 0, propulsion: 0, winch: 0, hotel: 0, stabiliser: 0,
};

/**
 * Trips, phases, fuel by phase and métier of a conventional vessel (a trial's control, METHOD §3) from what such a
 * boat shows: its engines' fuel flow and load, speed, position, course and gear state. The phases are found by the
 * same rules as a hybrid's (`instantPhase`), the métier by the same misfit of towing thrust to each gear's drag, the
 * thrust read from the main engine's load through the declared transmission and propeller. A second is complete
 * with a speed and every engine's fuel flow; its trips are `TripRecord`s whose electrical figures stay empty.
 */
export class ConventionalTripAnalyzer {
  readonly trips: TripRecord[] = [];
  private readonly profile: ConventionalVesselProfile;
  private readonly smoother: PhaseSmoother<Evaluated>;
  private readonly held = new Map<string, { t: number; v: number }>();
  private readonly engines: { path: string; load?: string; fullFlow: number }[];
  private readonly maxGapMs: number;
  private readonly holdMs: number;
  private readonly maxStw: number;
  private lastT: number | undefined;
  private lastPhase: TripPhase | undefined;
  private segment: WorkSegment | undefined;

  constructor(private readonly options: ConventionalTripAnalyzerOptions) {
    this.profile = options.profile;
    const c = this.profile.conventional;
    this.engines = [c.mainEngine, c.auxGenerator].map((e) => ({
      path: `propulsion.${e.id}.fuel.rate`,
      // Twice the declared full-load flow, in m³/s: above it a meter reads nonsense.
      fullFlow: (2 * engineFuelRate(e.fuelCurve, e.ratedPower, e.ratedPower)) / this.profile.fuel.density,
    }));
    this.maxGapMs = options.maxGapMs ?? 10_000;
    this.holdMs = options.holdMs ?? 30_000;
    this.maxStw = 1.5 * this.profile.hull.resistance[this.profile.hull.resistance.length - 1]!.speed;
    this.smoother = new PhaseSmoother(options.phaseHoldSeconds ?? 60, (e, phase) => this.commit(e, phase));
  }

  get current(): TripRecord | undefined {
    return this.trips[this.trips.length - 1];
  }

  /** Feeds one sample, in time order: one that does not move time forward is a clock anomaly, refused. */
  add(t: number, values: Readonly<Record<string, number>>): void {
    if (this.lastT !== undefined && t <= this.lastT) {
      if (this.current) this.current.coverage.clockAnomalies++;
      return;
    }
    const dt = this.lastT === undefined ? 0 : (t - this.lastT) / 1000;
    this.lastT = t;
    const get = (path: string): number | undefined => {
      const v = values[path];
      if (v !== undefined && Number.isFinite(v)) {
        this.held.set(path, { t, v });
        return v;
      }
      const h = this.held.get(path);
      return h && t - h.t <= this.holdMs ? h.v : undefined;
    };
    const instant: MeasuredInstant = {
      t, stw: get('navigation.speedThroughWater'), sog: get('navigation.speedOverGround'), cog: get('navigation.courseOverGroundTrue'),
      lat: get('navigation.position.latitude'), lon: get('navigation.position.longitude'), gearState: get('fishing.gear.state'),
      waveHeight: get('environment.water.waves.significantHeight'), windSpeed: get('environment.wind.speedTrue'),
      windDirection: get('environment.wind.directionTrue'), generatorPower: [], fuelRate: this.engines.map((e) => get(e.path)), runTime: [],
    };
    const mainLoad = get(`propulsion.${this.profile.conventional.mainEngine.id}.engineLoad`);
    const evaluated = this.evaluate(instant, dt, mainLoad);
    this.smoother.push(t, instantPhase(this.profile, instant, evaluated.excessThrust), evaluated);
  }

  /** Decides pending instants (end of the data at hand). */
  flush(): void {
    this.smoother.flush();
  }

  private evaluate(i: MeasuredInstant, dt: number, mainLoad: number | undefined): Evaluated {
    const speed = i.stw ?? i.sog;
    const base: Evaluated = { t: i.t, dt, why: 'ok', fuel: 0, stw: speed ?? 0 };
    if (dt * 1000 > this.maxGapMs) return { ...base, why: 'gap' };
    if (speed === undefined || i.fuelRate.some((f) => f === undefined)) return { ...base, why: 'incomplete' };
    if (speed > this.maxStw || i.fuelRate.some((f, k) => f! < 0 || f! > this.engines[k]!.fullFlow)) return { ...base, why: 'implausible' };
    const fuel = i.fuelRate.reduce<number>((s, f) => s + fuelMassKg(f!, this.profile.fuel.density), 0) * dt;
    return { ...base, fuel, excessThrust: mainLoad === undefined ? undefined : this.excessThrust(i, speed, mainLoad) };
  }

  /**
   * The thrust beyond what the bare hull needs, N: the main engine's brake power less the hydraulic pumps' standby,
   * through gearbox, shaft and propeller as declared. Winch work on the power take-off is not metered on such a
   * boat; a trawl's brakes hold its warps while towing, so it is small then.
   */
  private excessThrust(i: MeasuredInstant, speed: number, load: number): number {
    const c = this.profile.conventional;
    const shaft = Math.max(0, load * c.mainEngine.ratedPower - c.hydraulicStandbyPower) * c.gearboxEfficiency * c.shaftEfficiency;
    const wind = i.windSpeed !== undefined && i.windDirection !== undefined ? apparentWind(i.windSpeed, i.windDirection, i.sog ?? speed, i.cog ?? 0) : { headWind: 0 };
    return propulsorThrust(c.propulsor, speed, shaft) - bareHullResistance(this.profile.hull, speed, i.waveHeight ?? 0, wind.headWind);
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

  private commit(e: Evaluated, phase: TripPhase): void {
    const spanStart = e.t - e.dt * 1000;
    const trip = placeSpan(this.current ?? this.openTrip(spanStart), this.lastPhase, phase, spanStart, e.t, (start) => this.openTrip(start), this.options.onTripClosed);
    this.lastPhase = phase;

    const atSea = phase !== 'port';
    const cov = trip.coverage;
    cov.seconds += e.dt;
    if (atSea) cov.atSeaSeconds += e.dt;
    const totals: PhaseTotals = (trip.byPhase[phase] ??= {
      seconds: 0, coveredSeconds: 0, energy: { ...NO_ENERGY, generators: {} }, fuelMetered: 0, fuelEstimated: 0,
      baselineFuel: 0, baselineMainEnergy: 0, baselineAuxEnergy: 0,
    });
    totals.seconds += e.dt;
    if (e.why !== 'ok') {
      if (e.why === 'gap') cov.gapSeconds += e.dt;
      else if (e.why === 'incomplete') cov.incompleteSeconds += e.dt;
      else cov.implausibleSeconds += e.dt;
      this.segment = undefined;
      return;
    }
    cov.coveredSeconds += e.dt;
    if (atSea) cov.atSeaCoveredSeconds += e.dt;
    totals.coveredSeconds += e.dt;
    totals.fuelMetered += e.fuel;
    this.segment = addToSegment(trip, this.segment, phase, e.dt, {
      stw: e.stw, propulsion: 0, hydro: 0, winch: 0, otherElectrical: 0, windTurbineThrust: 0, fuel: e.fuel / e.dt,
    });
    if (phase === 'towing' && e.excessThrust !== undefined) {
      for (const m of this.profile.metiers) {
        trip.metierMisfit[m.code]! += ((e.excessThrust - interpolate(m.gearDrag, 'speed', 'force', e.stw)) / 1000) ** 2 * e.dt;
      }
    }
  }
}
