import { Curve } from '../../shared/profile/curves.ts';
import type { VesselProfile } from '../../shared/profile/vessel-profile.ts';

/** A propulsion motor and its drive, their efficiency curves ready to be read every second. */
export class ElectricDrive {
  private readonly motorEfficiency: Curve;
  private readonly driveEfficiency: Curve;
  private readonly ratedPower: number;

  constructor(p: VesselProfile['propulsion']) {
    this.motorEfficiency = new Curve(p.motorEfficiency, 'load', 'efficiency');
    this.driveEfficiency = new Curve(p.driveEfficiency, 'load', 'efficiency');
    this.ratedPower = p.motorRatedPower;
  }

  /** Electrical power (W) the drive draws to put `shaftPower` W on the propulsor shaft: motor then drive losses. */
  electricalPower(shaftPower: number): number {
    if (shaftPower <= 0) return 0;
    const load = shaftPower / this.ratedPower;
    const motor = this.motorEfficiency.at(load);
    const motorInput = shaftPower / motor;
    const drive = this.driveEfficiency.at(motorInput / this.ratedPower);
    return motorInput / drive;
  }
}

/** Motor speed, Hz, on the propeller law (power ∝ n³). */
export function motorSpeed(p: VesselProfile['propulsion'], shaftPower: number): number {
  return shaftPower <= 0 ? 0 : p.motorRatedSpeed * Math.cbrt(Math.min(1.2, shaftPower / p.motorRatedPower));
}
