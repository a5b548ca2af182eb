import { z } from 'zod';

const ratio = z.number().min(0).max(1);
const kelvin = z.number().min(233.15).max(373.15);
const ms = z.number().int().positive();

/**
 * Alarm thresholds of one vessel, in SI like everything on board (ratio, K, ms). Each alarm clears only once
 * its value is back past the threshold by the hysteresis, so a value hovering at the limit does not flap.
 */
export const alarmConfigSchema = z.strictObject({
  /** Below this state of charge the battery is low. */
  lowStateOfCharge: ratio.default(0.3),
  stateOfChargeHysteresis: ratio.default(0.02),
  /** Above this battery temperature: LFP cells must not be charged above +50 °C, so warn at 45 °C. */
  batteryOverTemperature: kelvin.default(318.15),
  temperatureHysteresis: z.number().min(0).max(20).default(2),
  /** A generator turning (above this shaft speed, Hz) without delivering power is in fault. */
  generatorRunningHz: z.number().min(0).max(100).default(5),
  generatorNoOutputW: z.number().min(0).default(1000),
  /** Above this engine load a generator is overloaded. */
  generatorOverload: z.number().min(0.5).max(1.2).default(1.05),
  /** A generator condition must last this long (clock ms) before it is an alarm, not a transient. */
  generatorFaultAfterMs: ms.default(30_000),
  /** A device whose signals have not been read for this long (clock ms) is silent. */
  deviceSilentAfterMs: ms.default(10_000),
  /** The link to shore down for this long (wall ms) is worth telling the skipper. */
  linkDownAfterMs: ms.default(30 * 60_000),
  /** Samples waiting on board above which the outbox is filling (1 Hz: 43 200 is half a day). */
  outboxFillingSamples: z.number().int().positive().default(43_200),
});

export type AlarmConfig = z.infer<typeof alarmConfigSchema>;
export type AlarmConfigInput = z.input<typeof alarmConfigSchema>;
