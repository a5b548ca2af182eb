import type { PropulsorProfile } from '../../shared/profile/vessel-profile.ts';

/** Sea water, kg/m³ (ITTC 7.5-02-01-03, 15 °C, 35 g/kg). */
const RHO = 1025;

/**
 * Shaft power (W) a propulsor takes to deliver `thrust` N at `speed` m/s through water, in this world: the ideal power
 * of an actuator disc, T·(Va + √(Va² + 2T/(ρA)))/2 at the advance speed Va = v(1 − w), over the propulsor's quality,
 * which a constant-speed propeller loses in proportion to how far below its rating it runs.
 */
export function shaftPowerForThrust(p: PropulsorProfile, speed: number, thrust: number): number {
  if (thrust <= 0) return 0;
  const advance = Math.max(0, speed) * (1 - p.wakeFraction);
  const ideal = 0.5 * thrust * (advance + Math.sqrt(advance ** 2 + (2 * thrust) / (RHO * p.discArea)));
  let power = ideal / p.qualityFactor;
  if (p.partLoadLoss === 0) return power;
  // The loss depends on the load it causes; the iteration contracts quickly since the loss is a few per cent.
  for (let i = 0; i < 6; i++) {
    const underload = 1 - Math.min(1, power / p.ratedPower);
    power = ideal / (p.qualityFactor * (1 - p.partLoadLoss * underload));
  }
  return power;
}
