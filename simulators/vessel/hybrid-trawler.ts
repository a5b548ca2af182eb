import { metierOf, type MetierProfile, type VesselProfile } from '../../shared/profile/vessel-profile.ts';
import { GEAR_STATE } from '../../shared/registry/index.ts';
import { BatteryPack, type BatteryState } from '../physics/battery.ts';
import { ElectricDrive, motorSpeed } from '../physics/electric-drive.ts';
import { manageEnergy } from '../physics/energy-management.ts';
import { HydroGenerator, NO_HYDRO, solarPower, turbineThrust, waveConverterPower, WindTurbine } from '../physics/harvesters.ts';
import { shaftPowerForThrust } from '../physics/propulsor.ts';
import { hotelPower, stabiliserPower } from '../physics/loads.ts';
import { MachineNoise, noiseLevel, noisePower } from '../physics/noise.ts';
import { irradiance } from '../physics/sun.ts';
import { WeatherProcess, type Weather } from '../physics/weather.ts';
import { Random } from '../random.ts';
import { ConventionalVessel } from '../world/conventional-vessel.ts';
import { EngineMap } from '../world/engine-map.ts';
import { nominalWorld, trueHybridProfile, type VesselWorld } from '../world/vessel-world.ts';
import { LegResistance, motionOn } from './motion.ts';
import { planTrip, rangeAndBearing, sail, type Leg, type Phase } from './trip-plan.ts';
import { closeVoyage, type TripTruth } from './truth.ts';

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
  /** The world the vessel lives in (its true parts, meters and drifts); the nominal one, as declared, by default. */
  world?: VesselWorld;
  /**
   * A trial's control vessel as its own world has it, made to do this vessel's work second by second: what it would
   * have burnt on these very trips, the truth the control baseline estimates (METHOD §3). Kept in `voyage.fuel.control`.
   */
  control?: ConventionalVessel;
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

/** A seed's two streams: the trips a vessel plans and the weather it meets (a control vessel shares the hybrid's). */
export function randomStreams(seed: number): { trips: Random; weather: Random } {
  const root = new Random(seed);
  const trips = root.fork(1);
  return { trips, weather: root.fork(2) };
}

/** Running sums for the trip in progress. */
interface TripAccumulator {
  truth: TripTruth;
  phaseStart: number;
  phase: Phase;
  /** Fuel of the phase in progress, kg. */
  phaseFuel: { hybrid: number; conventional: number };
  /**
   * Each set's energy (J), fuel (kg) and running time (s) so far, in the profile's order: summed here, where adding
   * to them costs no lookup of the set's id, and written into the truth's records whenever the truth is handed out.
   */
  generators: { energy: Float64Array; fuel: Float64Array; runTime: Float64Array };
}

/**
 * A hybrid diesel-electric trawler and its conventional twin, run second by second on the same trip in the same
 * weather. Fuel savings are not a parameter: they are the difference of two integrals of fuel maps evaluated at the
 * loads each configuration really runs at.
 */
export class HybridTrawler {
  readonly profile: VesselProfile;
  readonly world: VesselWorld;
  readonly metier: MetierProfile;
  /** The hybrid's drivetrain as it really is in its world. */
  private readonly physics: VesselProfile;
  private readonly generatorMaps: EngineMap[];
  private readonly conventional: ConventionalVessel;
  /** The true drive's efficiencies, and the resistance of this hull and métier: their curves read every second. */
  private readonly drive: ElectricDrive;
  private readonly resistance: LegResistance;
  private readonly hydroGenerator: HydroGenerator | undefined;
  private readonly windTurbine: WindTurbine | undefined;
  /** Hours each set has run since the world's drifts began. */
  private readonly generatorHours: number[];
  readonly pack: BatteryPack;
  readonly completedTrips: TripTruth[] = [];
  private readonly tripRng: Random;
  private readonly weatherProcess: WeatherProcess;
  private t: number;
  private legs: Leg[];
  private legIndex = 0;
  private legElapsed = 0;
  private readonly position: { lat: number; lon: number };
  /**
   * Bearing to the destination from where the last step ended, found while checking for arrival: the next step
   * steers by it rather than working it out again from the same two points. Undefined when not steaming for one.
   */
  private bearingAhead: number | undefined;
  private heading = 0;
  /** The background's share of the wheelhouse noise, 10^(L/10): the same every second; then each machine's. */
  private readonly backgroundNoise: number;
  private readonly generatorNoise: MachineNoise[];
  private readonly motorNoise: MachineNoise;
  /** Each set's true fuel flow this step, kg/s: scratch space, read only within the step. */
  private readonly fuelRates: Float64Array;
  /** Stored energy at the battery's reserve, J. */
  private readonly reserveEnergy: number;
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
    this.world = options.world ?? nominalWorld(options.profile, options.start);
    this.physics = trueHybridProfile(this.profile, this.world);
    this.generatorMaps = this.profile.generators.map((g, i) => new EngineMap(g, this.world.generators[i]));
    this.conventional = new ConventionalVessel(this.profile.conventional, this.world.twin);
    this.generatorHours = this.profile.generators.map(() => 0);
    this.metier = metierOf(options.profile, options.metier);
    this.drive = new ElectricDrive(this.physics.propulsion);
    this.resistance = new LegResistance(this.profile.hull, this.metier, this.world.drift);
    const harvesters = this.profile.harvesters;
    this.hydroGenerator = harvesters.hydro && new HydroGenerator(harvesters.hydro);
    this.windTurbine = harvesters.wind && new WindTurbine(harvesters.wind);
    this.pack = new BatteryPack(this.profile.battery);
    const streams = randomStreams(options.seed);
    this.tripRng = streams.trips;
    this.t = options.start;
    this.weatherProcess = new WeatherProcess(streams.weather, this.t);
    const home = this.profile.identity.homePort;
    this.position = { lat: home.lat, lon: home.lon };
    this.backgroundNoise = noisePower(this.profile.noise.background);
    this.generatorNoise = this.profile.generators.map((g) => new MachineNoise(g.wheelhouseNoise));
    this.motorNoise = new MachineNoise(this.profile.propulsion.wheelhouseNoise);
    this.fuelRates = new Float64Array(this.profile.generators.length);
    this.reserveEnergy = this.pack.storedEnergy(this.profile.battery.reserveSoc);
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
    return this.settledTruth();
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
      generators: { energy: new Float64Array(this.profile.generators.length), fuel: new Float64Array(this.profile.generators.length), runTime: new Float64Array(this.profile.generators.length) },
      truth: {
        vessel: this.options.vesselId ?? this.profile.identity.id, metier: this.metier.code, seed: this.options.seed, tripIndex: this.tripIndex,
        start: this.t, end: this.t, phases: [],
        energy: {
          sources: { generators: { ...gens }, solar: 0, wind: 0, hydro: 0, wave: 0, shore: 0, batteryDischarge: 0 },
          loads: { propulsion: 0, winch: 0, hotel: 0, stabiliser: 0, batteryCharge: 0 },
          batteryLosses: 0, curtailed: 0, hydroDragCost: 0, windDragCost: 0, conventional: { mainEngine: 0, auxiliary: 0 },
        },
        fuel: { hybrid: 0, hybridByGenerator: { ...gens }, conventional: 0, conventionalMainEngine: 0, conventionalAuxiliary: 0, density: this.profile.fuel.density },
        savings: { fuel: 0, fraction: 0, fuelOnlyFraction: 0, batteryFuelEquivalent: 0, marginalFuelRate: 0, chargeEfficiency: 0 },
        battery: { socStart: soc, socEnd: soc, energyStart: this.pack.storedEnergy(soc), energyEnd: this.pack.storedEnergy(soc) },
        shoreEnergy: 0,
        voyage: {
          departure: null, arrival: null, fuel: { hybrid: 0, conventional: 0 },
          battery: { energyDeparture: 0, energyArrival: 0 }, generation: { energy: 0, marginalFuel: 0 }, shoreEnergy: 0,
        },
        port: { seconds: 0, shoreEnergy: 0, hybridFuel: 0, conventionalFuel: 0 },
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

  /** The truth of the trip in progress, the sets' sums written into it. */
  private settledTruth(): TripTruth {
    const { truth, generators: sums } = this.acc;
    const gens = this.profile.generators;
    for (let i = 0; i < gens.length; i++) {
      const id = gens[i]!.id;
      truth.energy.sources.generators[id] = sums.energy[i]!;
      truth.fuel.hybridByGenerator[id] = sums.fuel[i]!;
      truth.generatorRunTime[id] = sums.runTime[i]!;
    }
    return truth;
  }

  private closeTrip(): void {
    this.endPhase();
    const truth = this.settledTruth();
    truth.end = this.t;
    closeVoyage(truth, this.profile, this.generatorMaps, this.generatorHours);
    this.completedTrips.push(truth);
    this.options.onTrip?.(truth);
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
    if (leg.destination) this.heading = this.bearingAhead ?? rangeAndBearing(this.position, leg.destination).bearing;
    else if (leg.heading !== undefined) this.heading = leg.heading;
    const stw = leg.speed;
    const { groundEast, groundNorth, apparentWind, headWind } = motionOn(leg, this.heading, weather);

    const h = this.physics;
    const hydro = this.hydroGenerator && atSea ? this.hydroGenerator.at(stw) : NO_HYDRO;
    const wind = this.windTurbine ? this.windTurbine.power(apparentWind) : 0;
    // The rotor's thrust, from its gross yield: the thrust of the part curtailed is ignored, as it is rare at sea and
    // the thrust must be known before the energy management decides what the bus can take.
    const rotorThrust = stw > 0 ? turbineThrust(wind, apparentWind, headWind) : 0;
    const resistance = this.resistance.at(leg, weather, headWind, this.t);
    // The work both configurations do; the harvesters' drag is the hybrid's alone (METHOD §5).
    const thrust = Math.max(0, resistance);
    const shaft = shaftPowerForThrust(h.propulsion.propulsor, stw, Math.max(0, thrust + hydro.drag + rotorThrust));
    const propulsion = this.drive.electricalPower(shaft);
    const propulsionWithoutHydro = hydro.drag > 0 ? this.propulsionFor(stw, thrust + rotorThrust) : propulsion;
    const propulsionWithoutTurbine = rotorThrust !== 0 ? this.propulsionFor(stw, thrust + hydro.drag) : propulsion;
    const winchDrive = h.winches[0];
    const winch = winchDrive && leg.winchPower > 0 ? leg.winchPower / winchDrive.driveEfficiency : 0;
    const hourOfDay = (this.t % 86_400_000) / 3_600_000;
    const hotel = hotelPower(p, atSea, hourOfDay);
    const stabiliser = stabiliserPower(p, atSea, weather.waveHeight);
    const demand = propulsion + winch + hotel + stabiliser;

    const ghi = irradiance(this.t, this.position.lat, this.position.lon, weather.cloudCover);
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
    // Plain loops in this function: it runs 86,400 times a simulated day, and closures cost more than its arithmetic.
    const generatorFuelRate = this.fuelRates;
    let fuelRate = 0;
    for (let i = 0; i < gens.length; i++) {
      generatorFuelRate[i] = decision.running[i] ? this.generatorMaps[i]!.fuelRate(decision.generatorPower[i]!, this.generatorHours[i]) : 0;
      fuelRate += generatorFuelRate[i]!;
    }
    const twin = this.conventional.step({ speed: stw, thrust, winchPower: leg.winchPower, electricalPower: hotel + stabiliser, atSea }, DT);
    const twinFuel = twin.mainFuel + twin.auxFuel;
    const control = this.options.control?.step({ speed: stw, thrust, winchPower: leg.winchPower, electricalPower: hotel + stabiliser, atSea }, DT);
    const storedBefore = this.pack.storedEnergy(this.battery.soc);

    for (let i = 0; i < gens.length; i++) {
      this.runningFor[i] = decision.running[i] ? (this.running[i] ? this.runningFor[i]! + DT : DT) : 0;
      if (decision.running[i]) {
        this.runTime[i] = this.runTime[i]! + DT;
        this.generatorHours[i] = this.generatorHours[i]! + DT / 3600;
      }
    }
    this.running = decision.running;
    this.battery = bat.state;
    const fuelKg = fuelRate * DT;
    this.tank = Math.max(0, this.tank - fuelKg / p.fuel.density / p.fuel.tankCapacity);
    sail(this.position, groundNorth * DT, groundEast * DT);
    this.t += DT * 1000;

    const a = this.acc.truth;
    const e = a.energy;
    const sums = this.acc.generators;
    for (let i = 0; i < gens.length; i++) {
      sums.energy[i] = sums.energy[i]! + decision.generatorPower[i]! * DT;
      sums.fuel[i] = sums.fuel[i]! + generatorFuelRate[i]! * DT;
      if (decision.running[i]) sums.runTime[i] = sums.runTime[i]! + DT;
    }
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
    a.fuel.conventional += twinFuel * DT;
    a.fuel.conventionalMainEngine += twin.mainFuel * DT;
    a.fuel.conventionalAuxiliary += twin.auxFuel * DT;
    e.conventional.mainEngine += twin.mainPower * DT;
    e.conventional.auxiliary += twin.auxPower * DT;
    this.acc.phaseFuel.hybrid += fuelKg;
    this.acc.phaseFuel.conventional += twinFuel * DT;
    a.shoreEnergy += decision.shorePower * DT;
    if (atSea) {
      const v = a.voyage;
      if (v.departure === null) {
        v.departure = this.t - DT * 1000;
        v.battery.energyDeparture = storedBefore;
      }
      v.arrival = this.t;
      v.battery.energyArrival = this.pack.storedEnergy(bat.state.soc);
      v.fuel.hybrid += fuelKg;
      v.fuel.conventional += twinFuel * DT;
      if (control) v.fuel.control = (v.fuel.control ?? 0) + (control.mainFuel + control.auxFuel) * DT;
      v.shoreEnergy += decision.shorePower * DT;
      for (let i = 0; i < gens.length; i++) {
        const power = decision.generatorPower[i]!;
        if (!decision.running[i] || power <= 0) continue;
        v.generation.energy += power * DT;
        v.generation.marginalFuel += this.generatorMaps[i]!.marginalRate(power, this.generatorHours[i]) * power * DT;
      }
    } else {
      a.port.seconds += DT;
      a.port.shoreEnergy += decision.shorePower * DT;
      a.port.hybridFuel += fuelKg;
      a.port.conventionalFuel += twinFuel * DT;
    }
    let anyRunning = false;
    for (const r of decision.running) anyRunning ||= r;
    if (atSea && !anyRunning) a.silentSecondsAtSea += DT;
    a.battery.socEnd = bat.state.soc;
    a.battery.energyEnd = this.pack.storedEnergy(bat.state.soc);
    a.end = this.t;

    let noise = this.backgroundNoise;
    const generatorLoad = new Array<number>(gens.length);
    const meteredFuelRate = new Array<number>(gens.length);
    for (let i = 0; i < gens.length; i++) {
      const g = gens[i]!;
      generatorLoad[i] = decision.generatorPower[i]! / g.ratedPower;
      meteredFuelRate[i] = (generatorFuelRate[i]! / p.fuel.density) * this.world.meters.fuel[i]!;
      if (decision.running[i]) noise += this.generatorNoise[i]!.at(generatorLoad[i]!);
    }
    if (shaft > 0) noise += this.motorNoise.at(shaft / p.propulsion.motorRatedPower);
    const discharge = -bat.power;
    // What the instruments show: the true values through this world's meters.
    const m = this.world.meters;
    const sog = Math.hypot(groundEast, groundNorth);
    this.last = {
      t: this.t, phase: leg.phase,
      lat: this.position.lat, lon: this.position.lon, sog, stw: stw * m.speedLog,
      cog: atSea && stw > 0 ? (Math.atan2(groundEast, groundNorth) + 2 * Math.PI) % (2 * Math.PI) : 0,
      weather,
      generatorPower: decision.generatorPower,
      generatorLoad,
      generatorFuelRate: meteredFuelRate,
      generatorRunTime: this.runTime.slice(),
      generatorRunning: decision.running,
      propulsionPower: propulsion * m.propulsion, motorRevolutions: motorSpeed(p.propulsion, shaft),
      winchPower: winch * m.winch, hotelPower: hotel * m.hotel, stabiliserPower: stabiliser * m.stabiliser,
      solarPower: solar * used, windPower: wind * used, hydroPower: hydro.power * used, wavePower: wave * used,
      shorePower: decision.shorePower,
      batteryVoltage: bat.voltage, batteryCurrent: bat.current, batteryPower: bat.power, batteryTemperature: bat.state.temperature,
      soc: bat.state.soc,
      timeRemaining: discharge > 0
        ? Math.min(30 * 86_400, Math.max(0, this.pack.storedEnergy(bat.state.soc) - this.reserveEnergy) / discharge)
        : 30 * 86_400,
      tankLevel: this.tank,
      noise: noiseLevel(noise),
      gearState: leg.phase === 'port' || leg.phase === 'steaming' ? GEAR_STATE.stowed : GEAR_STATE[leg.phase],
    };
    this.advanceLeg(sog);
  }

  /** Electrical power the drive would draw for `force` N of thrust at `stw`: what a harvester's drag costs. */
  private propulsionFor(stw: number, force: number): number {
    return this.drive.electricalPower(shaftPowerForThrust(this.physics.propulsion.propulsor, stw, Math.max(0, force)));
  }

  private advanceLeg(groundSpeed: number): void {
    const leg = this.leg;
    this.legElapsed += DT;
    let done: boolean;
    if (leg.destination) {
      const ahead = rangeAndBearing(this.position, leg.destination);
      done = ahead.distance <= Math.max(25, groundSpeed * DT);
      this.bearingAhead = done ? undefined : ahead.bearing;
    } else {
      done = this.legElapsed >= (leg.duration ?? 0);
    }
    if (!done) return;
    if (leg.destination) {
      this.position.lat = leg.destination.lat;
      this.position.lon = leg.destination.lon;
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
      t: this.t, phase: 'port', lat: this.position.lat, lon: this.position.lon, sog: 0, stw: 0, cog: 0, weather,
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
