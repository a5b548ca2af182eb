import type { PropulsorProfile } from './vessel-profile.ts';

/** Sea water density, kg/m³ (ITTC 7.5-02-01-03, 15 °C, 35 g/kg). */
export const SEA_WATER_DENSITY = 1025;

/**
 * Power (W) the propulsor must receive to deliver `thrust` N at `speed` m/s through water. Actuator-disc momentum
 * theory: ideal power T·(Va + √(Va² + 2T/(ρA)))/2 with Va = v(1 − w), divided by the quality factor. Finite at zero
 * speed (bollard pull), which the efficiency form T·Va/η is not.
 */
export function propulsorPower(p: PropulsorProfile, speed: number, thrust: number): number {
  if (thrust <= 0) return 0;
  const va = Math.max(0, speed) * (1 - p.wakeFraction);
  const ideal = (thrust * (va + Math.sqrt(va * va + (2 * thrust) / (SEA_WATER_DENSITY * p.discArea)))) / 2;
  if (p.partLoadLoss === 0) return ideal / p.qualityFactor;
  // The loss depends on the load it causes: a few fixed-point iterations settle it.
  let power = ideal / p.qualityFactor;
  for (let i = 0; i < 4; i++) {
    const load = Math.min(1, power / p.ratedPower);
    power = ideal / (p.qualityFactor * (1 - p.partLoadLoss * (1 - load)));
  }
  return power;
}

/** Thrust (N) a propulsor receiving `power` W delivers at `speed` m/s: the inverse of propulsorPower, by bisection. */
export function propulsorThrust(p: PropulsorProfile, speed: number, power: number): number {
  if (power <= 0) return 0;
  let lo = 0;
  let hi = 1;
  while (propulsorPower(p, speed, hi) < power) hi *= 2;
  for (let i = 0; i < 60 && hi - lo > 1e-6 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (propulsorPower(p, speed, mid) < power) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}
