import { interpolate } from '../../shared/profile/curves.ts';
import type { VesselProfile } from '../../shared/profile/vessel-profile.ts';

/** Electrical power (W) the propulsion drive draws to put `shaftPower` W on the propulsor shaft: motor then drive losses. */
export function propulsionElectricalPower(p: VesselProfile['propulsion'], shaftPower: number): number {
  if (shaftPower <= 0) return 0;
  const load = shaftPower / p.motorRatedPower;
  const motor = interpolate(p.motorEfficiency, 'load', 'efficiency', load);
  const motorInput = shaftPower / motor;
  const drive = interpolate(p.driveEfficiency, 'load', 'efficiency', motorInput / p.motorRatedPower);
  return motorInput / drive;
}

/** Motor speed, Hz, on the propeller law (power ∝ n³). */
export function motorSpeed(p: VesselProfile['propulsion'], shaftPower: number): number {
  return shaftPower <= 0 ? 0 : p.motorRatedSpeed * Math.cbrt(Math.min(1.2, shaftPower / p.motorRatedPower));
}
