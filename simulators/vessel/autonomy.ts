import type { VesselProfile } from '../../shared/profile/vessel-profile.ts';
import { shaftPowerForThrust } from '../physics/propulsor.ts';
import { BatteryPack } from '../physics/battery.ts';
import { ElectricDrive } from '../physics/electric-drive.ts';
import { hotelPower, stabiliserPower } from '../physics/loads.ts';
import { HullResistance } from '../physics/resistance.ts';

/** A steady electric-only operating point: no gear in the water, no harvest (night, calm), no generator set. */
export interface OperatingPoint {
  /** Speed through water, m/s; 0 for drifting with the crew aboard. */
  speed: number;
  significantHeight: number;
  /** Air around the battery room, K: the pack's resistance rises in the cold. */
  ambient: number;
}

export interface Autonomy {
  /** Bus load the battery carries, W. */
  busPower: number;
  /** Time from the at-sea charge ceiling (maxSoc) to the reserve, h. */
  hours: number;
}

/**
 * How long the battery alone carries an operating point (issue 3 and the action plan: about 7–9 h), stepping the
 * same Thevenin pack the trip simulation uses once a second, from maxSoc down to reserveSoc.
 */
export function electricOnlyAutonomy(profile: VesselProfile, point: OperatingPoint): Autonomy {
  const shaft = point.speed > 0
    ? shaftPowerForThrust(profile.propulsion.propulsor, point.speed, new HullResistance(profile.hull).at(point.speed, point.significantHeight))
    : 0;
  // Hotel at its daily mean (the swing is a cosine), stabiliser working whenever the crew is at sea.
  const busPower = new ElectricDrive(profile.propulsion).electricalPower(shaft) + hotelPower(profile, true, 13) + stabiliserPower(profile, true, point.significantHeight);
  const pack = new BatteryPack(profile.battery);
  let state = { soc: profile.battery.maxSoc, v1: 0, temperature: point.ambient };
  let seconds = 0;
  while (state.soc > profile.battery.reserveSoc) {
    if (pack.maxDischargePower(state, profile.battery.reserveSoc) < busPower) break;
    state = pack.step(state, -busPower, 1, point.ambient).state;
    seconds++;
  }
  return { busPower, hours: seconds / 3600 };
}
