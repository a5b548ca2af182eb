import type { ConventionalProfile } from '../../shared/profile/vessel-profile.ts';
import { shaftPowerForThrust } from '../physics/propulsor.ts';
import { EngineMap } from './engine-map.ts';
import type { VesselWorld } from './vessel-world.ts';

/** What the conventional vessel does in one second of the same work. */
export interface ConventionalSecond {
  /** Main-engine brake power and auxiliary electrical power, W; fuel of each, kg/s. */
  mainPower: number; auxPower: number; mainFuel: number; auxFuel: number;
  /** Running hours of each engine before this second. */
  mainHours: number; auxHours: number;
}

/**
 * The conventional vessel the hybrid replaced, as it really is in this world: a main engine turning a
 * controllable-pitch propeller through gearbox and shaft at constant speed, with the hydraulic winch pumps on its
 * power take-off, and an auxiliary set for the electrical loads. It keeps its engines' running hours, which age them.
 * The same machine is the hybrid's twin and a trial's control vessel: each in the deviations of its own world.
 */
export class ConventionalVessel {
  private readonly main: EngineMap;
  private readonly aux: EngineMap;
  private readonly propulsor: ConventionalProfile['propulsor'];
  private readonly transmission: number;
  private readonly winchDrive: number;
  private readonly standby: number;
  private mainHours = 0;
  private auxHours = 0;

  constructor(private readonly c: ConventionalProfile, t: VesselWorld['twin']) {
    this.main = new EngineMap(c.mainEngine, t.main);
    this.aux = new EngineMap(c.auxGenerator, t.aux);
    this.propulsor = { ...c.propulsor, qualityFactor: Math.min(0.95, c.propulsor.qualityFactor * t.propulsorQuality), partLoadLoss: Math.min(0.9, c.propulsor.partLoadLoss * t.partLoadLoss) };
    this.transmission = Math.min(0.999, c.gearboxEfficiency * c.shaftEfficiency * t.gearAndShaftEfficiency);
    this.winchDrive = Math.min(0.99, c.winchDriveEfficiency * t.hydraulicWinchEfficiency);
    this.standby = c.hydraulicStandbyPower * t.hydraulicStandby;
  }

  /** One `dt`-second step doing the same work: thrust at speed, winch power at the drums, the electrical loads. */
  step(work: { speed: number; thrust: number; winchPower: number; electricalPower: number; atSea: boolean }, dt: number): ConventionalSecond {
    const mainPower = work.atSea
      ? shaftPowerForThrust(this.propulsor, work.speed, work.thrust) / this.transmission + this.standby + work.winchPower / this.winchDrive
      : 0;
    const auxPower = !work.atSea && this.c.shorePowerInPort ? 0 : work.electricalPower;
    const second = {
      mainPower, auxPower, mainHours: this.mainHours, auxHours: this.auxHours,
      mainFuel: work.atSea ? this.main.fuelRate(mainPower, this.mainHours) : 0,
      auxFuel: auxPower > 0 ? this.aux.fuelRate(auxPower, this.auxHours) : 0,
    };
    if (work.atSea) this.mainHours += dt / 3600;
    if (auxPower > 0) this.auxHours += dt / 3600;
    return second;
  }
}
