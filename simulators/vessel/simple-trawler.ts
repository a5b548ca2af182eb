import { asSignalPath, GEAR_STATE, type EquipmentLayout, type SignalPath } from '../../shared/registry/index.ts';
import type { Readings, TelemetrySource } from '../../shared/source.ts';
import { Random } from '../random.ts';

/**
 * A first, deliberately simple hybrid trawler: a bottom-trawl trip cycle (port, steaming, shooting, towing,
 * hauling, steaming back), cubic hull power, a battery that the larger generator recharges below 30 % state of
 * charge, and clear-sky solar. Honest bookkeeping, coarse physics; the faithful model lives beside it.
 */
export const SIMPLE_TRAWLER_LAYOUT: EquipmentLayout = {
  batteries: ['main'],
  generators: ['gen1', 'gen2'],
  motors: ['main'],
  solar: ['main'],
  windGenerators: ['main'],
  hydroGenerators: ['main'],
  waveGenerators: ['main'],
  loads: ['winch', 'hotel', 'stabiliser'],
  fuelTanks: ['main'],
};

type Phase = 'port' | 'steaming' | 'shooting' | 'towing' | 'hauling';
interface Leg { phase: Phase; seconds: number; speed: number }

const KNOT = 1852 / 3600;
const BATTERY_J = 1_000 * 3.6e6; // 1 MWh usable
const BATTERY_V_NOMINAL = 650;
const GEN1_W = 450_000;
const FUEL_DENSITY = 845; // kg/m³, EN 590
const TANK_M3 = 30;
const SFOC_BASE = 204; // g/kWh at full load, CAT C32 datasheet

/** IMO Fourth GHG Study eq. 10: specific fuel oil consumption at load fraction L. */
const sfoc = (load: number): number => SFOC_BASE * (0.455 * load * load - 0.71 * load + 1.28);

const P = (path: string): SignalPath => asSignalPath(path);
const paths = {
  soc: P('electrical.batteries.main.capacity.stateOfCharge'),
  volt: P('electrical.batteries.main.voltage'),
  amp: P('electrical.batteries.main.current'),
  batPower: P('electrical.batteries.main.power'),
  batTemp: P('electrical.batteries.main.temperature'),
  timeRemaining: P('electrical.batteries.main.capacity.timeRemaining'),
  gen1Power: P('electrical.generators.gen1.power'),
  gen2Power: P('electrical.generators.gen2.power'),
  gen1Rev: P('propulsion.gen1.revolutions'),
  gen2Rev: P('propulsion.gen2.revolutions'),
  gen1Load: P('propulsion.gen1.engineLoad'),
  gen2Load: P('propulsion.gen2.engineLoad'),
  gen1Fuel: P('propulsion.gen1.fuel.rate'),
  gen2Fuel: P('propulsion.gen2.fuel.rate'),
  gen1Run: P('propulsion.gen1.runTime'),
  gen2Run: P('propulsion.gen2.runTime'),
  motorPower: P('propulsion.main.power'),
  motorRev: P('propulsion.main.revolutions'),
  solar: P('electrical.solar.main.panelPower'),
  wind: P('electrical.windGenerators.main.power'),
  hydro: P('electrical.hydroGenerators.main.power'),
  wave: P('electrical.waveGenerators.main.power'),
  shore: P('electrical.shore.power'),
  winch: P('electrical.loads.winch.power'),
  hotel: P('electrical.loads.hotel.power'),
  stabiliser: P('electrical.loads.stabiliser.power'),
  tank: P('tanks.fuel.main.currentLevel'),
  lat: P('navigation.position.latitude'),
  lon: P('navigation.position.longitude'),
  sog: P('navigation.speedOverGround'),
  stw: P('navigation.speedThroughWater'),
  cog: P('navigation.courseOverGroundTrue'),
  windSpeed: P('environment.wind.speedTrue'),
  windDir: P('environment.wind.directionTrue'),
  airTemp: P('environment.outside.temperature'),
  waterTemp: P('environment.water.temperature'),
  waves: P('environment.water.waves.significantHeight'),
  cloud: P('environment.outside.cloudCover'),
  noise: P('environment.inside.wheelhouse.noiseLevel'),
  gear: P('fishing.gear.state'),
};

export interface SimpleTrawlerOptions {
  seed: number;
  /** Epoch ms at which the vessel leaves port for its first trip. */
  start: number;
  /** Boulogne-sur-Mer by default. */
  home?: { lat: number; lon: number };
}

export class SimpleTrawler implements TelemetrySource {
  readonly name = 'simulated-trawler';
  private readonly rng: Random;
  private legs: Leg[] = [];
  private legIndex = 0;
  private legElapsed = 0;
  private t: number;
  private soc = 0.9;
  private genOn = false;
  private gen1Run = 3_600_000;
  private gen2Run = 1_200_000;
  private tank = 0.85;
  private lat: number;
  private lon: number;
  private heading = Math.PI * 1.5;
  private windSpeed: number;
  private windDir: number;
  private cloud: number;

  constructor(private readonly options: SimpleTrawlerOptions) {
    this.rng = new Random(options.seed);
    this.t = options.start;
    this.lat = options.home?.lat ?? 50.7264;
    this.lon = options.home?.lon ?? 1.5976;
    this.windSpeed = this.rng.uniform(4, 10);
    this.windDir = this.rng.uniform(0, 2 * Math.PI);
    this.cloud = this.rng.uniform(0, 1);
    this.planTrip();
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  /** Advances the physics to `t` in one-second steps and returns what the instruments show then. */
  read(t: number): Readings {
    while (this.t + 1000 <= t) this.step();
    return this.snapshot();
  }

  private planTrip(): void {
    const r = this.rng;
    const legs: Leg[] = [{ phase: 'port', seconds: Math.round(r.uniform(1800, 3600)), speed: 0 }];
    legs.push({ phase: 'steaming', seconds: Math.round(r.uniform(3600, 7200)), speed: r.uniform(8.5, 10) * KNOT });
    const hauls = 2 + Math.floor(r.uniform(0, 3));
    for (let i = 0; i < hauls; i++) {
      legs.push({ phase: 'shooting', seconds: Math.round(r.uniform(480, 900)), speed: 3 * KNOT });
      legs.push({ phase: 'towing', seconds: Math.round(r.uniform(7200, 12600)), speed: r.uniform(3.2, 4) * KNOT });
      legs.push({ phase: 'hauling', seconds: Math.round(r.uniform(900, 1800)), speed: 1 * KNOT });
    }
    legs.push({ phase: 'steaming', seconds: legs[1]!.seconds, speed: legs[1]!.speed });
    this.legs = legs;
    this.legIndex = 0;
    this.legElapsed = 0;
  }

  private get leg(): Leg {
    return this.legs[this.legIndex]!;
  }

  private outward(): boolean {
    return this.legIndex <= 1;
  }

  private loads(): { propulsion: number; winch: number; hotel: number; stabiliser: number } {
    const { phase, speed } = this.leg;
    // Hull: P = k v³, k from 315 kW shaft at 9.5 kn (80 L/h at 215 g/kWh); trawl drag adds a quadratic term.
    const hull = 315_000 * (speed / (9.5 * KNOT)) ** 3;
    const trawl = phase === 'towing' ? 190_000 * (speed / (3.5 * KNOT)) ** 2 : 0;
    const propulsion = phase === 'port' ? 0 : (hull + trawl) / 0.9;
    const winch = phase === 'hauling' ? 140_000 : phase === 'shooting' ? 25_000 : 0;
    const hotel = 12_000;
    const stabiliser = phase === 'port' ? 0 : 8_000;
    return { propulsion, winch, hotel, stabiliser };
  }

  private solarPower(): number {
    // Haurwitz clear-sky irradiance with Kasten–Czeplak cloud attenuation (METHOD §6), 60 m² at 20 %.
    const date = new Date(this.t);
    const dayOfYear = Math.floor((this.t - Date.UTC(date.getUTCFullYear(), 0, 0)) / 86_400_000);
    const decl = (-23.44 * Math.PI / 180) * Math.cos((2 * Math.PI / 365) * (dayOfYear + 10));
    const hours = date.getUTCHours() + date.getUTCMinutes() / 60 + this.lon / 15;
    const h = (Math.PI / 12) * (hours - 12);
    const phi = (this.lat * Math.PI) / 180;
    const cosZ = Math.sin(phi) * Math.sin(decl) + Math.cos(phi) * Math.cos(decl) * Math.cos(h);
    if (cosZ <= 0.01) return 0;
    const ghi = 1098 * cosZ * Math.exp(-0.059 / cosZ) * (1 - 0.75 * this.cloud ** 3.4);
    return ghi * 60 * 0.2;
  }

  private windPower(): number {
    const v = this.windSpeed;
    if (v < 3 || v > 25) return 0;
    if (v >= 12) return 3000;
    return (3000 * (v ** 3 - 27)) / (12 ** 3 - 27);
  }

  private hydroPower(): number {
    const kn = this.leg.speed / KNOT;
    return kn < 3 ? 0 : Math.min(500, 500 * (kn / 8) ** 3);
  }

  private step(): void {
    this.t += 1000;
    this.gen1Run += this.genOn ? 1 : 0;
    this.legElapsed++;
    if (this.legElapsed >= this.leg.seconds) {
      this.legIndex++;
      this.legElapsed = 0;
      if (this.legIndex >= this.legs.length) this.planTrip();
    }
    this.windSpeed = Math.max(0, this.windSpeed + this.rng.normal(0, 0.05));
    this.cloud = Math.min(1, Math.max(0, this.cloud + this.rng.normal(0, 0.002)));
    const heading = this.outward() ? this.heading : this.heading + Math.PI;
    const d = this.leg.speed / 6_371_000;
    this.lat += (d * Math.cos(heading) * 180) / Math.PI;
    this.lon += (d * Math.sin(heading) * 180) / Math.PI / Math.cos((this.lat * Math.PI) / 180);

    const demand = this.totalLoad();
    if (this.soc < 0.3) this.genOn = true;
    if (this.soc > 0.8 || this.leg.phase === 'port') this.genOn = false;
    const genPower = this.genPower(demand);
    const net = genPower + this.harvest() + this.shorePower() - demand;
    this.soc = Math.min(1, Math.max(0, this.soc + (net * (net > 0 ? 0.96 : 1 / 0.96)) / BATTERY_J));
    this.tank = Math.max(0, this.tank - (this.fuelRate(genPower) / TANK_M3));
  }

  private totalLoad(): number {
    const l = this.loads();
    return l.propulsion + l.winch + l.hotel + l.stabiliser;
  }

  private harvest(): number {
    return this.solarPower() + this.windPower() + this.hydroPower() + (this.leg.phase === 'port' ? 0 : 400);
  }

  private shorePower(): number {
    return this.leg.phase === 'port' && this.soc < 0.98 ? 100_000 : 0;
  }

  private genPower(demand: number): number {
    return this.genOn ? Math.min(GEN1_W, demand + 200_000) : 0;
  }

  private fuelRate(genPower: number): number {
    if (genPower <= 0) return 0;
    const kgPerS = (sfoc(genPower / GEN1_W) * genPower) / 3.6e9; // g/kWh × W → kg/s
    return kgPerS / FUEL_DENSITY;
  }

  private snapshot(): Readings {
    const l = this.loads();
    const demand = l.propulsion + l.winch + l.hotel + l.stabiliser;
    const gen = this.genPower(demand);
    const solar = this.solarPower();
    const wind = this.windPower();
    const hydro = this.hydroPower();
    const wave = this.leg.phase === 'port' ? 0 : 400;
    const shore = this.shorePower();
    const batteryPower = gen + solar + wind + hydro + wave + shore - demand;
    const volts = BATTERY_V_NOMINAL + 40 * (this.soc - 0.5) + batteryPower * 0.00005;
    const discharge = Math.max(1, -batteryPower);
    const timeRemaining = Math.min(30 * 86400, (Math.max(0, this.soc - 0.2) * BATTERY_J) / discharge);
    const gear = { port: 'stowed', steaming: 'stowed', shooting: 'shooting', towing: 'towing', hauling: 'hauling' } as const;
    const noise = 52 + (gen > 0 ? 18 : 0) + l.propulsion / 40_000;
    const speed = this.leg.speed;
    return {
      [paths.soc]: this.soc,
      [paths.volt]: volts,
      [paths.amp]: batteryPower / volts,
      [paths.batPower]: batteryPower,
      [paths.batTemp]: 288.15 + 10 * Math.abs(batteryPower) / 500_000,
      [paths.timeRemaining]: timeRemaining,
      [paths.gen1Power]: gen,
      [paths.gen2Power]: 0,
      [paths.gen1Rev]: gen > 0 ? 1500 / 60 : 0,
      [paths.gen2Rev]: 0,
      [paths.gen1Load]: gen / GEN1_W,
      [paths.gen2Load]: 0,
      [paths.gen1Fuel]: this.fuelRate(gen),
      [paths.gen2Fuel]: 0,
      [paths.gen1Run]: this.gen1Run,
      [paths.gen2Run]: this.gen2Run,
      [paths.motorPower]: l.propulsion,
      [paths.motorRev]: speed > 0 ? 4 + (speed / (10 * KNOT)) * 16 : 0,
      [paths.solar]: solar,
      [paths.wind]: wind,
      [paths.hydro]: hydro,
      [paths.wave]: wave,
      [paths.shore]: shore,
      [paths.winch]: l.winch,
      [paths.hotel]: l.hotel,
      [paths.stabiliser]: l.stabiliser,
      [paths.tank]: this.tank,
      [paths.lat]: this.lat,
      [paths.lon]: this.lon,
      [paths.sog]: speed,
      [paths.stw]: speed,
      [paths.cog]: speed > 0 ? (this.outward() ? this.heading : this.heading - Math.PI) : 0,
      [paths.windSpeed]: this.windSpeed,
      [paths.windDir]: this.windDir,
      [paths.airTemp]: 285.15,
      [paths.waterTemp]: 284.15,
      [paths.waves]: 0.2 + this.windSpeed * 0.12,
      [paths.cloud]: this.cloud,
      [paths.noise]: Math.min(120, noise),
      [paths.gear]: GEAR_STATE[gear[this.leg.phase]],
    };
  }
}
