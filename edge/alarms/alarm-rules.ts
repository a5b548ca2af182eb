import type { AlarmKind, AlarmSeverity } from '../../shared/events.ts';
import { asSignalPath, lookupSignal } from '../../shared/registry/index.ts';
import type { AlarmConfig } from './config.ts';
import type { SignalFreshness } from './signal-freshness.ts';

/** A condition that holds right now; it becomes an alarm once it has held for `holdMs`. */
export interface AlarmCondition {
  readonly id: string;
  readonly kind: AlarmKind;
  /** What it is about: a battery, generator or device id, or `link` / `outbox`. */
  readonly subject: string;
  readonly severity: AlarmSeverity;
  /** The measured value and the limit it crossed, in SI units (ratio, K, ms, samples). */
  readonly value: number;
  readonly threshold: number;
  readonly reason?: string;
  readonly holdMs: number;
}

export interface AlarmInputs {
  /** Clock time (the samples' time base). */
  readonly now: number;
  readonly signals: SignalFreshness;
  /** Wall time, and since when (wall) the link has been down; undefined while it is up. */
  readonly wallNow: number;
  readonly linkDownSince: number | undefined;
  readonly backlog: number;
}

const idOf = (kind: AlarmKind, subject: string): string => `${kind}:${subject}`;

function condition(kind: AlarmKind, subject: string, severity: AlarmSeverity, value: number, threshold: number,
  holdMs = 0, reason?: string): AlarmCondition {
  return { id: idOf(kind, subject), kind, subject, severity, value, threshold, holdMs, ...(reason ? { reason } : {}) };
}

/** The `<id>` of every concrete path seen whose registry pattern is `pattern`. */
function idsOf(signals: SignalFreshness, pattern: string): string[] {
  const [before, after] = pattern.split('<id>') as [string, string];
  const ids: string[] = [];
  for (const path of signals.paths()) {
    if (lookupSignal(path)?.pattern === pattern) ids.push(path.slice(before.length, path.length - after.length));
  }
  return ids;
}

/**
 * A threshold with hysteresis: an alarm already active stays active until the value is back past the limit
 * by the hysteresis. With no fresh value the alarm keeps its state: a silent sensor is its own alarm, and
 * must neither raise nor clear this one.
 */
function crossed(value: number | undefined, last: number | undefined, active: boolean, limit: number,
  hysteresis: number, direction: 'below' | 'above'): { value: number } | undefined {
  if (value === undefined) return active && last !== undefined ? { value: last } : undefined;
  const bound = active ? (direction === 'below' ? limit + hysteresis : limit - hysteresis) : limit;
  const hit = direction === 'below' ? value < bound : value > bound;
  return hit ? { value } : undefined;
}

/** Every alarm condition that holds now. `isActive` tells which alarms are already raised (for hysteresis). */
export function evaluateAlarms(inputs: AlarmInputs, config: AlarmConfig, isActive: (id: string) => boolean): AlarmCondition[] {
  const { now, signals } = inputs;
  const maxAge = config.deviceSilentAfterMs;
  const out: AlarmCondition[] = [];
  const signal = (path: string) => {
    const p = asSignalPath(path);
    return { fresh: signals.fresh(p, now, maxAge), last: signals.get(p)?.value };
  };

  for (const id of idsOf(signals, 'electrical.batteries.<id>.capacity.stateOfCharge')) {
    const soc = signal(`electrical.batteries.${id}.capacity.stateOfCharge`);
    const hit = crossed(soc.fresh, soc.last, isActive(idOf('battery-low', id)), config.lowStateOfCharge,
      config.stateOfChargeHysteresis, 'below');
    if (hit) out.push(condition('battery-low', id, 'alarm', hit.value, config.lowStateOfCharge));
  }
  for (const id of idsOf(signals, 'electrical.batteries.<id>.temperature')) {
    const temp = signal(`electrical.batteries.${id}.temperature`);
    const hit = crossed(temp.fresh, temp.last, isActive(idOf('battery-over-temperature', id)),
      config.batteryOverTemperature, config.temperatureHysteresis, 'above');
    if (hit) out.push(condition('battery-over-temperature', id, 'alarm', hit.value, config.batteryOverTemperature));
  }
  for (const id of idsOf(signals, 'electrical.generators.<id>.power')) {
    const power = signals.fresh(asSignalPath(`electrical.generators.${id}.power`), now, maxAge);
    const revs = signals.fresh(asSignalPath(`propulsion.${id}.revolutions`), now, maxAge);
    const load = signals.fresh(asSignalPath(`propulsion.${id}.engineLoad`), now, maxAge);
    if (power !== undefined && revs !== undefined && revs > config.generatorRunningHz && power < config.generatorNoOutputW) {
      out.push(condition('generator-fault', id, 'alarm', power, config.generatorNoOutputW, config.generatorFaultAfterMs, 'no-output'));
    } else if (load !== undefined && load > config.generatorOverload) {
      out.push(condition('generator-fault', id, 'alarm', load, config.generatorOverload, config.generatorFaultAfterMs, 'overload'));
    }
  }
  for (const [device, lastT] of signals.devices()) {
    const age = now - lastT;
    if (age > maxAge) out.push(condition('device-silent', device, 'warning', age, maxAge));
  }
  if (inputs.linkDownSince !== undefined) {
    const down = inputs.wallNow - inputs.linkDownSince;
    if (down > config.linkDownAfterMs) out.push(condition('link-down', 'link', 'warning', down, config.linkDownAfterMs));
  }
  if (inputs.backlog > config.outboxFillingSamples) {
    out.push(condition('outbox-filling', 'outbox', 'warning', inputs.backlog, config.outboxFillingSamples));
  }
  return out;
}
