/** The vessel's operating mode and fishing phase as the people on board and ashore name them, from its signals. */

import { GEAR_STATE } from '../registry/index.ts';

/** What drives the vessel: the battery alone, the generators with the battery, or the generators alone. */
export type OperatingMode = 'electric' | 'hybrid' | 'diesel';
/** The skipper's words for the trip cycle: route, pêche, virage, au port. */
export type FishingPhase = 'steaming' | 'fishing' | 'hauling' | 'port';

/** Below this, a generator gives nothing and the battery is idle (W). */
const IDLE_W = 2000;
/** Below this speed (m/s, 1 kn) a vessel with its gear stowed is not under way. */
const UNDER_WAY_MS = 1852 / 3600;

export function operatingMode(generatorsW: number, batteryW: number): OperatingMode {
  if (generatorsW < IDLE_W) return 'electric';
  return Math.abs(batteryW) < IDLE_W ? 'diesel' : 'hybrid';
}

/** Shooting and towing are fishing, hauling is hauling; with the gear stowed, speed tells steaming from port. */
export function fishingPhase(gearState: number, speedOverGround: number): FishingPhase {
  if (gearState === GEAR_STATE.hauling) return 'hauling';
  if (gearState === GEAR_STATE.shooting || gearState === GEAR_STATE.towing) return 'fishing';
  return speedOverGround >= UNDER_WAY_MS ? 'steaming' : 'port';
}
