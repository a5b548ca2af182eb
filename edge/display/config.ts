import { z } from 'zod';
import type { VesselProfile } from '../../shared/profile/index.ts';
import { packEnergy } from '../../shared/savings/trip-savings.ts';

export const displayConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Loopback by default; `0.0.0.0` to serve the wheelhouse tablet over the vessel's own network. */
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8090),
  /** Shown in the header. */
  vesselName: z.string().max(100).optional(),
  /** The screen is refreshed this often (wall ms), and at once when an alarm changes. */
  pushIntervalMs: z.number().int().min(10).max(1000).default(1000),
  /** A value older than this (clock ms) is shown as stale, never as a frozen number. */
  staleAfterMs: z.number().int().positive().default(5000),
  /** Overrides of the vessel profile's battery, for a bank the profile does not describe as it is today. */
  battery: z.strictObject({
    /** Usable energy of the battery bank between 0 and 100 % (kWh); without it autonomy cannot be computed. */
    usableKWh: z.number().positive().optional(),
    /** The state of charge the skipper keeps in hand: autonomy counts down to it. */
    reserveStateOfCharge: z.number().min(0).max(1).optional(),
  }).prefault({}),
});

export type DisplayConfig = z.infer<typeof displayConfigSchema>;
export type DisplayConfigInput = z.input<typeof displayConfigSchema>;

/** The bank the display counts autonomy on. */
export interface DisplayBattery {
  readonly usableKWh: number | undefined;
  readonly reserveStateOfCharge: number;
}

/** Without a profile and without a value in the display config: a common LFP floor, as BMSs are set. */
const DEFAULT_RESERVE_STATE_OF_CHARGE = 0.2;

/**
 * The display config's own figures, then the vessel profile's battery (the same pack energy the savings method
 * counts the battery's change of charge with), then no capacity and the default reserve.
 */
export function displayBattery(config: DisplayConfig['battery'], profile?: VesselProfile): DisplayBattery {
  return {
    usableKWh: config.usableKWh ?? (profile && packEnergy(profile) / 3.6e6),
    reserveStateOfCharge: config.reserveStateOfCharge ?? profile?.battery.reserveSoc ?? DEFAULT_RESERVE_STATE_OF_CHARGE,
  };
}
