import type { ConventionalVesselProfile } from '../../shared/profile/conventional-vessel-profile.ts';
import { metierOf, type MetierProfile } from '../../shared/profile/vessel-profile.ts';
import { GEAR_STATE } from '../../shared/registry/index.ts';
import { hotelPower, stabiliserPower } from '../physics/loads.ts';
import { WeatherProcess, type Weather } from '../physics/weather.ts';
import type { Random } from '../random.ts';
import { ConventionalVessel } from '../world/conventional-vessel.ts';
import { nominalControlWorld, type ControlWorld } from '../world/vessel-world.ts';
import { randomStreams } from './hybrid-trawler.ts';
import { LegResistance, motionOn } from './motion.ts';
import { planTrip, rangeAndBearing, sail, type Leg, type Phase } from './trip-plan.ts';

export interface ConventionalTrawlerOptions {
  profile: ConventionalVesselProfile;
  metier: string;
  /** Seed of its own trips. */
  seed: number;
  /** Seed of the weather it meets: the hybrid's seed, for a control vessel fishing beside it. Its own seed by default. */
  weatherSeed?: number;
  vesselId?: string;
  /** Epoch ms, whole seconds. */
  start: number;
  world?: ControlWorld;
}

/** What a conventional vessel's instruments show at one instant, SI: no battery, no electrical bus, no harvesters. */
export interface ConventionalInstant {
  t: number;
  phase: Phase;
  lat: number; lon: number; sog: number; stw: number; cog: number;
  weather: Weather;
  mainRevolutions: number; mainLoad: number; mainRunTime: number;
  /** Fuel flows as the meters read them, m³/s. */
  mainFuelRate: number; auxFuelRate: number; auxRevolutions: number; auxRunTime: number;
  tankLevel: number;
  gearState: number;
}

/** What really happened on one of its trips: the fuel (kg) of each phase. */
export interface ConventionalTripTruth {
  vessel: string; metier: string; tripIndex: number;
  start: number; end: number; departure: number | null; arrival: number | null;
  phases: { phase: Phase; start: number; end: number; fuel: number }[];
}

const DT = 1;

/**
 * A conventional trawler fishing the same métier and grounds as a hybrid, in the same weather, on trips of its own:
 * a trial's control vessel (METHOD §3). Its machinery is the hybrid's twin's design in a world of its own; it shows
 * only what such a boat has: its engines' fuel flow, speed and load, speed, position and its gear's state.
 */
export class ConventionalTrawler {
  readonly profile: ConventionalVesselProfile;
  readonly metier: MetierProfile;
  readonly world: ControlWorld;
  readonly completedTrips: ConventionalTripTruth[] = [];
  private readonly machinery: ConventionalVessel;
  private readonly resistance: LegResistance;
  private readonly tripRng: Random;
  private readonly weatherProcess: WeatherProcess;
  private t: number;
  private legs: Leg[];
  private legIndex = 0;
  private legElapsed = 0;
  private readonly position: { lat: number; lon: number };
  private heading = 0;
  private tank = 0.8;
  private runTime = { main: 20_000 * 3600, aux: 30_000 * 3600 };
  private trip: ConventionalTripTruth;
  private phaseStart: number;
  private phaseFuel = 0;
  private last: ConventionalInstant;

  constructor(private readonly options: ConventionalTrawlerOptions) {
    if (options.start % 1000 !== 0) throw new Error('the simulation starts on a whole second');
    this.profile = options.profile;
    this.metier = metierOf(options.profile, options.metier);
    this.world = options.world ?? nominalControlWorld(options.start);
    this.machinery = new ConventionalVessel(this.profile.conventional, this.world.machinery);
    this.resistance = new LegResistance(this.profile.hull, this.metier, this.world.drift);
    this.tripRng = randomStreams(options.seed).trips;
    this.t = options.start;
    this.weatherProcess = new WeatherProcess(randomStreams(options.weatherSeed ?? options.seed).weather, this.t);
    const home = this.profile.identity.homePort;
    this.position = { lat: home.lat, lon: home.lon };
    this.legs = planTrip(this.profile, this.metier, this.tripRng);
    this.trip = this.openTrip(0);
    this.phaseStart = this.t;
    const weather = this.weatherProcess.step(this.t, 0);
    this.last = {
      t: this.t, phase: 'port', lat: this.position.lat, lon: this.position.lon, sog: 0, stw: 0, cog: 0, weather,
      mainRevolutions: 0, mainLoad: 0, mainRunTime: this.runTime.main, mainFuelRate: 0, auxFuelRate: 0, auxRevolutions: 0,
      auxRunTime: this.runTime.aux, tankLevel: this.tank, gearState: GEAR_STATE.stowed,
    };
  }

  get now(): number {
    return this.t;
  }

  get instant(): ConventionalInstant {
    return this.last;
  }

  /** The trip in progress, its phases so far. */
  get currentTrip(): ConventionalTripTruth {
    return this.trip;
  }

  advanceTo(t: number): number {
    let n = 0;
    while (this.t + DT * 1000 <= t) {
      this.step();
      n++;
    }
    return n;
  }

  private get leg(): Leg {
    return this.legs[this.legIndex]!;
  }

  private openTrip(tripIndex: number): ConventionalTripTruth {
    return {
      vessel: this.options.vesselId ?? this.profile.identity.id, metier: this.metier.code, tripIndex,
      start: this.t, end: this.t, departure: null, arrival: null, phases: [],
    };
  }

  step(): void {
    const p = this.profile;
    const weather = this.weatherProcess.step(this.t, DT);
    const leg = this.leg;
    const atSea = leg.phase !== 'port';
    if (leg.destination) this.heading = rangeAndBearing(this.position, leg.destination).bearing;
    else if (leg.heading !== undefined) this.heading = leg.heading;
    const { groundEast, groundNorth, headWind } = motionOn(leg, this.heading, weather);
    const thrust = Math.max(0, this.resistance.at(leg, weather, headWind, this.t));
    const hourOfDay = (this.t % 86_400_000) / 3_600_000;
    const electrical = hotelPower(p, atSea, hourOfDay) + stabiliserPower(p, atSea, weather.waveHeight);
    const s = this.machinery.step({ speed: leg.speed, thrust, winchPower: leg.winchPower, electricalPower: electrical, atSea }, DT);
    const fuel = (s.mainFuel + s.auxFuel) * DT;
    this.tank = Math.max(0, this.tank - fuel / p.fuel.density / p.fuel.tankCapacity);
    if (atSea) this.runTime.main += DT;
    if (s.auxPower > 0) this.runTime.aux += DT;
    sail(this.position, groundNorth * DT, groundEast * DT);
    this.t += DT * 1000;
    this.phaseFuel += fuel;
    if (atSea) {
      this.trip.departure ??= this.t - DT * 1000;
      this.trip.arrival = this.t;
    }
    const c = p.conventional;
    const m = this.world.meters;
    const sog = Math.hypot(groundEast, groundNorth);
    this.last = {
      t: this.t, phase: leg.phase, lat: this.position.lat, lon: this.position.lon, weather,
      sog, stw: leg.speed * m.speedLog,
      cog: atSea && leg.speed > 0 ? (Math.atan2(groundEast, groundNorth) + 2 * Math.PI) % (2 * Math.PI) : 0,
      mainRevolutions: atSea ? c.mainEngine.ratedSpeed : 0, mainLoad: s.mainPower / c.mainEngine.ratedPower, mainRunTime: this.runTime.main,
      mainFuelRate: (s.mainFuel / p.fuel.density) * m.mainFuel, auxFuelRate: (s.auxFuel / p.fuel.density) * m.auxFuel,
      auxRevolutions: s.auxPower > 0 ? c.auxGenerator.ratedSpeed : 0, auxRunTime: this.runTime.aux,
      tankLevel: this.tank,
      gearState: leg.phase === 'port' || leg.phase === 'steaming' ? GEAR_STATE.stowed : GEAR_STATE[leg.phase],
    };
    this.advanceLeg(sog);
  }

  private endPhase(phase: Phase): void {
    this.trip.phases.push({ phase, start: this.phaseStart, end: this.t, fuel: this.phaseFuel });
    this.phaseStart = this.t;
    this.phaseFuel = 0;
  }

  private advanceLeg(groundSpeed: number): void {
    const leg = this.leg;
    this.legElapsed += DT;
    const done = leg.destination
      ? rangeAndBearing(this.position, leg.destination).distance <= Math.max(25, groundSpeed * DT)
      : this.legElapsed >= (leg.duration ?? 0);
    if (!done) return;
    if (leg.destination) {
      this.position.lat = leg.destination.lat;
      this.position.lon = leg.destination.lon;
    }
    this.legIndex++;
    this.legElapsed = 0;
    const next = this.legs[this.legIndex];
    if (next?.phase !== leg.phase) this.endPhase(leg.phase);
    if (next) return;
    this.trip.end = this.t;
    this.completedTrips.push(this.trip);
    this.trip = this.openTrip(this.trip.tripIndex + 1);
    this.legs = planTrip(this.profile, this.metier, this.tripRng);
    this.legIndex = 0;
  }
}
