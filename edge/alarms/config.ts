import { z } from 'zod';
import type { VesselProfile } from '../../shared/profile/index.ts';

const ratio = z.number().min(0).max(1);
const kelvin = z.number().min(233.15).max(373.15);
const ms = z.number().int().positive();

/**
 * Alarm thresholds of one vessel, in SI like everything on board (ratio, K, ms). Each alarm clears only once
 * its value is back past the threshold by the hysteresis, so a value hovering at the limit does not flap.
 * In the edge config every field is optional: what is given there overrides the vessel profile's `alarms`,
 * which overrides the defaults below.
 */
export const alarmConfigSchema = z.strictObject({
  /** Below this state of charge the battery is low. */
  lowStateOfCharge: ratio,
  stateOfChargeHysteresis: ratio,
  /** Above this battery temperature the battery is too hot. */
  batteryOverTemperature: kelvin,
  temperatureHysteresis: z.number().min(0).max(20),
  /** A generator turning (above this shaft speed, Hz) without delivering power is in fault. */
  generatorRunningHz: z.number().min(0).max(100),
  generatorNoOutputW: z.number().min(0),
  /** Above this engine load a generator is overloaded. */
  generatorOverload: z.number().min(0.5).max(1.5),
  /** A generator condition must last this long (clock ms) before it is an alarm, not a transient. */
  generatorFaultAfterMs: ms,
  /** A device whose signals have not been read for this long (clock ms) is silent. */
  deviceSilentAfterMs: ms,
  /** The link to shore down for this long (wall ms) is worth telling the skipper. */
  linkDownAfterMs: ms,
  /** Samples waiting on board above which the outbox is filling. */
  outboxFillingSamples: z.number().int().positive(),
}).partial();

export type AlarmConfigInput = z.input<typeof alarmConfigSchema>;
export type AlarmConfig = Required<z.infer<typeof alarmConfigSchema>>;

/** Without a vessel profile and without a value in the edge config. */
export const DEFAULT_ALARMS: AlarmConfig = {
  lowStateOfCharge: 0.3,
  stateOfChargeHysteresis: 0.02,
  // LFP cells must not be charged above +50 °C, so warn at 45 °C.
  batteryOverTemperature: 318.15,
  temperatureHysteresis: 2,
  generatorRunningHz: 5,
  generatorNoOutputW: 1000,
  generatorOverload: 1.05,
  generatorFaultAfterMs: 30_000,
  deviceSilentAfterMs: 10_000,
  linkDownAfterMs: 30 * 60_000,
  // At 1 Hz, 43 200 samples are half a day.
  outboxFillingSamples: 43_200,
};

/** The thresholds in force: the edge config's own values, then the vessel profile's, then the defaults. */
export function alarmThresholds(config: AlarmConfigInput, profile?: VesselProfile): AlarmConfig {
  const fromProfile: Partial<AlarmConfig> = profile ? {
    lowStateOfCharge: profile.alarms.lowSoc,
    batteryOverTemperature: profile.alarms.batteryOverTemperature,
    generatorOverload: profile.alarms.generatorOverload,
  } : {};
  const given = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_ALARMS, ...fromProfile, ...given };
}
