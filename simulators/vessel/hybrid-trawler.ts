import {
  conventionalOperation, engineFuelRate, metierOf, propulsorPower,
  type MetierProfile, type VesselProfile,
} from '../../shared/profile/index.ts';
import { GEAR_STATE } from '../../shared/registry/index.ts';
import { windTurbineThrust } from '../../shared/savings/model-baseline.ts';
import { BatteryPack, type BatteryState } from '../physics/battery.ts';
import { motorSpeed, propulsionElectricalPower } from '../physics/electric-drive.ts';
import { manageEnergy } from '../physics/energy-management.ts';
import { hydroGenerator, solarPower, waveConverterPower, windTurbinePower } from '../physics/harvesters.ts';
import { hotelPower, stabiliserPower } from '../physics/loads.ts';
import { wheelhouseNoise, type NoiseSource } from '../physics/noise.ts';
import { gearDrag, hullResistance, windage } from '../physics/resistance.ts';
import { irradiance } from '../physics/sun.ts';
import { WeatherProcess, type Weather } from '../physics/weather.ts';
import { Random } from '../random.ts';
import { planTrip, rangeAndBearing, offset, type Leg, type Phase } from './trip-plan.ts';
import type { TripTruth } from './truth.ts';

export interface HybridTrawlerOptions {
  profile: VesselProfile;
  /** Métier code, one of the profile's (OTB, OTM, SDN…). */
  metier: string;
  seed: number;
  /** Vessel id in the truth records (fleets run one profile under several ids); the profile's id by default. */
  vesselId?: string;
  /** Epoch ms the first trip begins (alongside, before departure); whole seconds. */
  start: number;
  /** Called with each trip's truth record as the trip ends. */
  onTrip?: (truth: TripTruth) => void;
}

/** Everything the vessel's instruments could show at one instant, SI. The registry mapping lives in `signals.ts`. */
export interface Instant {
  t: number;
  phase: Phase;
  lat: number; lon: number; sog: number; stw: number; cog: number;
  weather: Weather;
  generatorPower: number[]; generatorLoad: number[]; generatorFuelRate: number[]; generatorRunTime: number[]; generatorRunning: boolean[];
  propulsionPower: number; motorRevolutions: number;
  winchPower: number; hotelPower: number; stabiliserPower: number;
  solarPower: number; windPower: number; hydroPower: number; wavePower: number; shorePower: number;
  batteryVoltage: number; batteryCurrent: number; batteryPower: number; batteryTemperature: number; soc: number; timeRemaining: number;
  tankLevel: number;
  noise: number;
  gearState: number;
}

const DT = 1;

/** Running sums for the trip in progress. */
interface TripAccumulator {
  truth: TripTruth;
  phaseStart: number;
  phase: Phase;
  /** Fuel of the phase in progress, kg. */
  phaseFuel: { hybrid: number; conventional: number };
}

/**
 * A hybrid diesel-electric trawler and its conventional twin, run second by second on the same trip in the same
 * weather. Fuel savings are not a parameter: they are the difference of two integrals of fuel maps evaluated at the
 * loads each configuration really runs at.
 */
export class HybridTrawler {
  readonly profile: VesselProfile;
  readonly metier: MetierProfile;
  readonly pack: BatteryPack;
  readonly completedTrips: TripTruth[] = [];
  private readonly tripRng: Random;
  private readonly weatherProcess: WeatherProcess;
  private t: number;
  private legs: Leg[];
  private legIndex = 0;
  private legElapsed = 0;
  private lat: number;
  private lon: number;
  private heading = 0;
  private battery: BatteryState;
  private running: boolean[];
  private runningFor: number[];
  private runTime: number[];
  private tank = 0.8;
  private tripIndex = 0;
  private acc: TripAccumulator;
  private last: Instant;

  constructor(private readonly options: HybridTrawlerOptions) {
    if (options.start % 1000 !== 0) throw new Error('the simulation starts on a whole second');
    this.profile = options.profile;
    this.metier = metierOf(options.profile, options.metier);
    this.pack = new BatteryPack(this.profile.battery);
    const root = new Random(options.seed);
    this.tripRng = root.fork(1);
    this.t = options.start;
    this.weatherProcess = new WeatherProcess(root.fork(2), this.t);
    const home = this.profile.identity.homePort;
    this.lat = home.lat;
    this.lon = home.lon;
    const weather = this.weatherProcess.step(this.t, 0);
    this.battery = { soc: this.profile.battery.initialSoc, v1: 0, temperature: weather.airTemperature + 3 };
    const n = this.profile.generators.length;
    this.running = new Array<boolean>(n).fill(false);
    this.runningFor = new Array<number>(n).fill(0);
    this.runTime = this.profile.generators.map((_, i) => (12_000 - 4_000 * i) * 3600);
    this.legs = planTrip(this.profile, this.metier, this.tripRng);
    this.acc = this.openTrip();
    this.last = this.idleInstant(weather);
  }

  /** Simulation time, epoch ms: the end of the last step. */
  get now(): number {
    return this.t;
  }

  /** The instrument values of the last step. */
  get instant(): Instant {
    return this.last;
  }

  /** The trip in progress, its sums so far. */
  get currentTrip(): TripTruth {
    return this.acc.truth;
  }

  /** Steps until simulation time reaches `t` (epoch ms); returns the number of steps taken. */
  advanceTo(t: number): number {
    let n = 0;
    while (this.t + DT * 1000 <= t) {
      this.step();
      n++;
    }
    return n;
  }

  private get position(): { lat: number; lon: number } {
    return { lat: this.lat, lon: this.lon };
  }

  private get leg(): Leg {
    return this.legs[this.legIndex]!;
  }

  private openTrip(): TripAccumulator {
    const gens = Object.fromEntries(this.profile.generators.map((g) => [g.id, 0]));
    const soc = this.battery.soc;
    return {
      phase: this.leg.phase,
      phaseStart: this.t,
      phaseFuel: { hybrid: 0, conventional: 0 },
      truth: {
        vessel: this.options.vesselId ?? this.profile.identity.id, metier: this.metier.code, seed: this.options.seed, tripIndex: this.tripIndex,
        start: this.t, end: this.t, phases: [],
        energy: {
          sources: { generators: { ...gens }, solar: 0, wind: 0, hydro: 0, wave: 0, shore: 0, batteryDischarge: 0 },
          loads: { propulsion: 0, winch: 0, hotel: 0, stabiliser: 0, batteryCharge: 0 },
          batteryLosses: 0, curtailed: 0, hydroDragCost: 0, windDragCost: 0, conventional: { mainEngine: 0, auxiliary: 0 },
        },
        fuel: { hybrid: 0, hybridByGenerator: { ...gens }, conventional: 0, conventionalMainEngine: 0, conventionalAuxiliary: 0, density: this.profile.fuel.density },
        savings: { fuel: 0, fraction: 0 },
        battery: { socStart: soc, socEnd: soc, energyStart: this.pack.storedEnergy(soc), energyEnd: this.pack.storedEnergy(soc) },
        shoreEnergy: 0,
        generatorRunTime: { ...gens },
        silentSecondsAtSea: 0,
      },
    };
  }

  /** Closes the phase in progress at the present instant. */
  private endPhase(): void {
    const a = this.acc;
    a.truth.phases.push({ phase: a.phase, start: a.phaseStart, end: this.t, fuel: a.phaseFuel });
    a.phaseStart = this.t;
    a.phaseFuel = { hybrid: 0, conventional: 0 };
  }

  private closeTrip(): void {
    const a = this.acc;
    this.endPhase();
    a.truth.end = this.t;
    this.completedTrips.push(a.truth);
    this.options.onTrip?.(a.truth);
    this.tripIndex++;
    this.legs = planTrip(this.profile, this.metier, this.tripRng);
    this.legIndex = 0;
    this.legElapsed = 0;
    this.acc = this.openTrip();
  }

  /** One second of physics for the hybrid and its twin. */
  step(): void {
    const p = this.profile;
    const weather = this.weatherProcess.step(this.t, DT);
    const leg = this.leg;
    const atSea = leg.phase !== 'port';
    if (leg.destination) this.heading = rangeAndBearing(this.position, leg.destination).bearing;
    else if (leg.heading !== undefined) this.heading = leg.heading;
    const stw = leg.speed;
    const sinH = Math.sin(this.heading);
    const cosH = Math.cos(this.heading);
    const groundEast = atSea ? stw * sinH + weather.currentEast : 0;
    const groundNorth = atSea ? stw * cosH + weather.currentNorth : 0;
    // True wind blows towards direction + π; the apparent wind is it minus the vessel's own motion over ground.
    const windEast = -weather.windSpeed * Math.sin(weather.windDirection) - groundEast;
    const windNorth = -weather.windSpeed * Math.cos(weather.windDirection) - groundNorth;
    const apparentWind = Math.hypot(windEast, windNorth);
    const headWind = -(windEast * sinH + windNorth * cosH);

    const hydro = p.harvesters.hydro && atSea ? hydroGenerator(p.harvesters.hydro, stw) : { power: 0, drag: 0 };
    const wind = p.harvesters.wind ? windTurbinePower(p.harvesters.wind, apparentWind) : 0;
    // The rotor's thrust, from its gross yield: the thrust of the part curtailed is ignored, as it is rare at sea and
    // the thrust must be known before the energy management decides what the bus can take.
    const turbineThrust = stw > 0 ? windTurbineThrust(wind, apparentWind, headWind) : 0;
    const resistance = stw > 0
      ? hullResistance(p.hull, stw, weather.waveHeight) + gearDrag(this.metier, stw, leg.gearDeployed) + windage(p.hull, headWind)
      : 0;
    // The work both configurations do; the harvesters' drag is the hybrid's alone (METHOD §5).
    const thrust = Math.max(0, resistance);
    const electricFor = (force: number) => propulsionElectricalPower(p.propulsion, propulsorPower(p.propulsion.propulsor, stw, Math.max(0, force)));
    const shaft = propulsorPower(p.propulsion.propulsor, stw, Math.max(0, thrust + hydro.drag + turbineThrust));
    const propulsion = propulsionElectricalPower(p.propulsion, shaft);
    const propulsionWithoutHydro = hydro.drag > 0 ? electricFor(thrust + turbineThrust) : propulsion;
    const propulsionWithoutTurbine = turbineThrust !== 0 ? electricFor(thrust + hydro.drag) : propulsion;
    const winchDrive = p.winches[0];
    const winch = winchDrive && leg.winchPower > 0 ? leg.winchPower / winchDrive.driveEfficiency : 0;
    const hourOfDay = (this.t % 86_400_000) / 3_600_000;
    const hotel = hotelPower(p, atSea, hourOfDay);
    const stabiliser = stabiliserPower(p, atSea, weather.waveHeight);
    const demand = propulsion + winch + hotel + stabiliser;

    const ghi = irradiance(this.t, this.lat, this.lon, weather.cloudCover);
    const solar = p.harvesters.solar ? solarPower(p.harvesters.solar, ghi) : 0;
    const wave = p.harvesters.wave && atSea ? waveConverterPower(p.harvesters.wave, weather.waveHeight) : 0;
    const harvest = solar + wind + hydro.power + wave;

    const shoreConnected = !atSea && p.shorePower.available;
    const socCeiling = shoreConnected ? 1 : p.battery.maxSoc;
    const decision = manageEnergy(p, {
      demand, harvest, shoreConnected, soc: this.battery.soc,
      maxCharge: this.pack.maxChargePower(this.battery, socCeiling),
      maxDischarge: this.pack.maxDischargePower(this.battery, p.battery.reserveSoc),
      running: this.running, runningFor: this.runningFor,
    });
    const bat = this.pack.step(this.battery, decision.batteryPower, DT, weather.airTemperature);
    // Harvest is scaled down, never the loads, when the battery cannot take the whole surplus.
    const used = harvest > 0 ? decision.harvestUsed / harvest : 0;

    const gens = p.generators;
    const generatorFuelRate = gens.map((g, i) => (decision.running[i] ? engineFuelRate(g.fuelCurve, g.ratedPower, decision.generatorPower[i]!) : 0));
    const twin = conventionalOperation(p.conventional, {
      speed: stw, thrust, winchPower: leg.winchPower, electricalPower: hotel + stabiliser, atSea,
    });

    for (let i = 0; i < gens.length; i++) {
      this.runningFor[i] = decision.running[i] ? (this.running[i] ? this.runningFor[i]! + DT : DT) : 0;
      if (decision.running[i]) this.runTime[i] = this.runTime[i]! + DT;
    }
    this.running = decision.running;
    this.battery = bat.state;
    const fuelKg = generatorFuelRate.reduce((s, f) => s + f, 0) * DT;
    this.tank = Math.max(0, this.tank - fuelKg / p.fuel.density / p.fuel.tankCapacity);
    const moved = offset(offset(this.position, 0, groundNorth * DT), Math.PI / 2, groundEast * DT);
    this.lat = moved.lat;
    this.lon = moved.lon;
    this.t += DT * 1000;

    const a = this.acc.truth;
    const e = a.energy;
    gens.forEach((g, i) => {
      e.sources.generators[g.id]! += decision.generatorPower[i]! * DT;
      a.fuel.hybridByGenerator[g.id]! += generatorFuelRate[i]! * DT;
      if (decision.running[i]) a.generatorRunTime[g.id]! += DT;
    });
    e.sources.solar += solar * used * DT;
    e.sources.wind += wind * used * DT;
    e.sources.hydro += hydro.power * used * DT;
    e.sources.wave += wave * used * DT;
    e.sources.shore += decision.shorePower * DT;
    e.curtailed += (harvest - decision.harvestUsed) * DT;
    e.hydroDragCost += (propulsion - propulsionWithoutHydro) * DT;
    e.windDragCost += (propulsion - propulsionWithoutTurbine) * DT;
    if (bat.power >= 0) e.loads.batteryCharge += bat.power * DT;
    else e.sources.batteryDischarge -= bat.power * DT;
    e.batteryLosses += bat.losses;
    e.loads.propulsion += propulsion * DT;
    e.loads.winch += winch * DT;
    e.loads.hotel += hotel * DT;
    e.loads.stabiliser += stabiliser * DT;
    a.fuel.hybrid += fuelKg;
    a.fuel.conventional += twin.fuelRate * DT;
    a.fuel.conventionalMainEngine += twin.mainFuelRate * DT;
    a.fuel.conventionalAuxiliary += twin.auxFuelRate * DT;
    e.conventional.mainEngine += twin.mainEnginePower * DT;
    e.conventional.auxiliary += twin.auxPower * DT;
    this.acc.phaseFuel.hybrid += fuelKg;
    this.acc.phaseFuel.conventional += twin.fuelRate * DT;
    a.savings.fuel = a.fuel.conventional - a.fuel.hybrid;
    a.savings.fraction = a.fuel.conventional > 0 ? a.savings.fuel / a.fuel.conventional : 0;
    a.shoreEnergy += decision.shorePower * DT;
    if (atSea && !decision.running.some(Boolean)) a.silentSecondsAtSea += DT;
    a.battery.socEnd = bat.state.soc;
    a.battery.energyEnd = this.pack.storedEnergy(bat.state.soc);
    a.end = this.t;

    const noise: NoiseSource[] = gens.flatMap((g, i) => (decision.running[i] ? [{ fullLoadLevel: g.wheelhouseNoise, load: decision.generatorPower[i]! / g.ratedPower }] : []));
    if (shaft > 0) noise.push({ fullLoadLevel: p.propulsion.wheelhouseNoise, load: shaft / p.propulsion.motorRatedPower });
    const discharge = -bat.power;
    const reserveEnergy = this.pack.storedEnergy(p.battery.reserveSoc);
    this.last = {
      t: this.t, phase: leg.phase,
      lat: this.lat, lon: this.lon, sog: Math.hypot(groundEast, groundNorth), stw,
      cog: atSea && stw > 0 ? (Math.atan2(groundEast, groundNorth) + 2 * Math.PI) % (2 * Math.PI) : 0,
      weather,
      generatorPower: decision.generatorPower,
      generatorLoad: gens.map((g, i) => decision.generatorPower[i]! / g.ratedPower),
      generatorFuelRate: generatorFuelRate.map((f) => f / p.fuel.density),
      generatorRunTime: [...this.runTime],
      generatorRunning: decision.running,
      propulsionPower: propulsion, motorRevolutions: motorSpeed(p.propulsion, shaft),
      winchPower: winch, hotelPower: hotel, stabiliserPower: stabiliser,
      solarPower: solar * used, windPower: wind * used, hydroPower: hydro.power * used, wavePower: wave * used,
      shorePower: decision.shorePower,
      batteryVoltage: bat.voltage, batteryCurrent: bat.current, batteryPower: bat.power, batteryTemperature: bat.state.temperature,
      soc: bat.state.soc,
      timeRemaining: discharge > 0
        ? Math.min(30 * 86_400, Math.max(0, this.pack.storedEnergy(bat.state.soc) - reserveEnergy) / discharge)
        : 30 * 86_400,
      tankLevel: this.tank,
      noise: wheelhouseNoise(p.noise.background, noise),
      gearState: leg.phase === 'port' || leg.phase === 'steaming' ? GEAR_STATE.stowed : GEAR_STATE[leg.phase],
    };
    this.advanceLeg(Math.hypot(groundEast, groundNorth));
  }

  private advanceLeg(groundSpeed: number): void {
    const leg = this.leg;
    this.legElapsed += DT;
    const done = leg.destination
      ? rangeAndBearing(this.position, leg.destination).distance <= Math.max(25, groundSpeed * DT)
      : this.legElapsed >= (leg.duration ?? 0);
    if (!done) return;
    if (leg.destination) {
      this.lat = leg.destination.lat;
      this.lon = leg.destination.lon;
    }
    this.legIndex++;
    this.legElapsed = 0;
    if (this.legIndex >= this.legs.length) {
      this.closeTrip();
      return;
    }
    if (this.leg.phase !== this.acc.phase) {
      this.endPhase();
      this.acc.phase = this.leg.phase;
    }
  }

  private idleInstant(weather: Weather): Instant {
    const n = this.profile.generators.length;
    return {
      t: this.t, phase: 'port', lat: this.lat, lon: this.lon, sog: 0, stw: 0, cog: 0, weather,
      generatorPower: new Array<number>(n).fill(0), generatorLoad: new Array<number>(n).fill(0),
      generatorFuelRate: new Array<number>(n).fill(0), generatorRunTime: [...this.runTime], generatorRunning: [...this.running],
      propulsionPower: 0, motorRevolutions: 0, winchPower: 0, hotelPower: 0, stabiliserPower: 0,
      solarPower: 0, windPower: 0, hydroPower: 0, wavePower: 0, shorePower: 0,
      batteryVoltage: this.pack.openCircuitVoltage(this.battery.soc), batteryCurrent: 0, batteryPower: 0,
      batteryTemperature: this.battery.temperature, soc: this.battery.soc, timeRemaining: 30 * 86_400,
      tankLevel: this.tank, noise: this.profile.noise.background, gearState: GEAR_STATE.stowed,
    };
  }
}
