import { describe, expect, it } from 'vitest';
import { evaluateAlarms, type AlarmInputs } from '../../../edge/alarms/alarm-rules.ts';
import { alarmThresholds } from '../../../edge/alarms/config.ts';
import { SignalFreshness } from '../../../edge/alarms/signal-freshness.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';

const config = alarmThresholds({});
const T0 = 1_764_000_000_000;

function inputs(samples: Record<string, number>[], extra: Partial<AlarmInputs> = {}): AlarmInputs {
  const signals = new SignalFreshness();
  samples.forEach((v, i) => signals.observe({ t: T0 + i * 1000, v } as TelemetrySample));
  return { now: T0 + (samples.length - 1) * 1000, signals, wallNow: T0, linkDownSince: undefined, backlog: 0, ...extra };
}
const SOC = 'electrical.batteries.main.capacity.stateOfCharge';
const none = () => false;
const kinds = (i: AlarmInputs, active: (id: string) => boolean = none) => evaluateAlarms(i, config, active).map((c) => c.id);

describe('alarm rules', () => {
  it('finds the battery low below the threshold, and not at it', () => {
    expect(kinds(inputs([{ [SOC]: 0.299 }]))).toEqual(['battery-low:main']);
    expect(kinds(inputs([{ [SOC]: 0.3 }]))).toEqual([]);
  });

  it('keeps a low-battery alarm until the charge is back above threshold plus hysteresis', () => {
    const active = (id: string) => id === 'battery-low:main';
    expect(kinds(inputs([{ [SOC]: 0.31 }]), active)).toEqual(['battery-low:main']);
    expect(kinds(inputs([{ [SOC]: 0.321 }]), active)).toEqual([]);
  });

  it('neither raises nor clears a battery alarm on a silent state of charge, but reports the silent device', () => {
    const silent = inputs([{ [SOC]: 0.5 }], { now: T0 + 11_000 });
    expect(kinds(silent, (id) => id === 'battery-low:main')).toEqual(['battery-low:main', 'device-silent:electrical.batteries.main']);
    expect(kinds(silent)).toEqual(['device-silent:electrical.batteries.main']);
  });

  it('finds the battery too hot above 45 °C', () => {
    const hot = evaluateAlarms(inputs([{ 'electrical.batteries.main.temperature': 318.25 }]), config, none);
    expect(hot).toMatchObject([{ kind: 'battery-over-temperature', subject: 'main', value: 318.25, threshold: 318.15 }]);
  });

  it('finds a generator turning without output, and an overloaded one, each held 30 s before it counts', () => {
    const noOutput = evaluateAlarms(inputs([{ 'electrical.generators.gen1.power': 200, 'propulsion.gen1.revolutions': 25 }]), config, none);
    expect(noOutput).toMatchObject([{ id: 'generator-fault:gen1', reason: 'no-output', holdMs: 30_000 }]);
    const overload = evaluateAlarms(inputs([{ 'electrical.generators.gen2.power': 290_000, 'propulsion.gen2.revolutions': 25,
      'propulsion.gen2.engineLoad': 1.08 }]), config, none);
    expect(overload).toMatchObject([{ id: 'generator-fault:gen2', reason: 'overload', value: 1.08 }]);
    expect(kinds(inputs([{ 'electrical.generators.gen1.power': 0, 'propulsion.gen1.revolutions': 0 }]))).toEqual([]);
  });

  it('names each silent device once, by its registry group', () => {
    const i = inputs([{ 'propulsion.gen1.revolutions': 25, 'propulsion.gen1.engineLoad': 0.5, 'navigation.speedOverGround': 2 },
      { 'navigation.speedOverGround': 2 }], { now: T0 + 10_500 });
    expect(kinds(i)).toEqual(['device-silent:propulsion.gen1']);
  });

  it('reports the link down only after the configured time, and the outbox above its limit', () => {
    expect(kinds(inputs([], { wallNow: T0 + 30 * 60_000, linkDownSince: T0 }))).toEqual([]);
    expect(kinds(inputs([], { wallNow: T0 + 30 * 60_000 + 1, linkDownSince: T0 }))).toEqual(['link-down:link']);
    expect(kinds(inputs([], { backlog: 43_201 }))).toEqual(['outbox-filling:outbox']);
  });
});
