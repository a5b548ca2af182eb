import { z } from 'zod';

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
  battery: z.strictObject({
    /** Usable energy of the battery bank between 0 and 100 % (kWh); without it autonomy cannot be computed. */
    usableKWh: z.number().positive().optional(),
    /** The state of charge the skipper keeps in hand: autonomy counts down to it. */
    reserveStateOfCharge: z.number().min(0).max(1).default(0.2),
  }).prefault({}),
});

export type DisplayConfig = z.infer<typeof displayConfigSchema>;
export type DisplayConfigInput = z.input<typeof displayConfigSchema>;
