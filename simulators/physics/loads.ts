import type { VesselProfile } from '../../shared/profile/index.ts';

/** Hotel load, W: its at-sea mean swung by the time of day (peaking at 19:00, lights and galley), or the port load. */
export function hotelPower(profile: Pick<VesselProfile, 'hotel'>, atSea: boolean, hourOfDay: number): number {
  const h = profile.hotel;
  return atSea ? h.atSea * (1 + h.dailySwing * Math.cos((2 * Math.PI * (hourOfDay - 19)) / 24)) : h.inPort;
}

/** Anti-roll stabiliser, W: rises with the significant wave height under way, up to its rating; idle alongside. */
export function stabiliserPower(profile: Pick<VesselProfile, 'stabiliser'>, atSea: boolean, significantHeight: number): number {
  const s = profile.stabiliser;
  return s && atSea ? Math.min(s.maxPower, s.powerPerMetreWave * significantHeight) : 0;
}
