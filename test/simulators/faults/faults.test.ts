import { describe, expect, it } from 'vitest';
import { asSignalPath } from '../../../shared/registry/index.ts';
import { FAULT_KINDS, FaultInjector, faultPlanSchema, randomFaultPlan } from '../../../simulators/faults/faults.ts';
import { nmeaChecksum } from '../../../simulators/devices/nmea0183.ts';

const soc = asSignalPath('electrical.batteries.main.capacity.stateOfCharge');
const volt = asSignalPath('electrical.batteries.main.voltage');
const clean = (v: number) => ({ [soc]: v, [volt]: 700 });

describe('fault injection', () => {
  it('drops, sticks, spikes and poisons one path only while its fault lasts', () => {
    const f = new FaultInjector(faultPlanSchema.parse([
      { kind: 'dropout', start: 1000, end: 2000, path: soc },
      { kind: 'stuck', start: 3000, end: 5000, path: soc },
      { kind: 'spike', start: 6000, end: 7000, path: soc, magnitude: 10 },
      { kind: 'nan', start: 8000, end: 9000, path: soc },
    ]));
    expect(f.readings(1000, clean(0.5))).toEqual({ [volt]: 700 });
    expect(f.readings(2000, clean(0.5))).toEqual(clean(0.5));
    expect(f.readings(3000, clean(0.6))[soc]).toBe(0.6);
    expect(f.readings(4000, clean(0.4))[soc]).toBe(0.6);
    expect(f.readings(5000, clean(0.4))[soc]).toBe(0.4);
    expect(f.readings(6000, clean(0.5))[soc]).toBe(5);
    expect(f.readings(8000, clean(0.5))[soc]).toBeNaN();
    expect(f.readings(8000, clean(0.5))[volt]).toBe(700);
    expect(f.fired).toMatchObject({ dropout: 1, stuck: 2, spike: 1, nan: 2 });
  });

  it('silences one Modbus unit, or all of them during a link outage', () => {
    const f = new FaultInjector(faultPlanSchema.parse([
      { kind: 'silent-device', start: 0, end: 10_000, unitId: 3 },
      { kind: 'link-outage', start: 20_000, end: 30_000 },
    ]));
    expect(f.answers(5000, 3)).toBe(false);
    expect(f.answers(5000, 1)).toBe(true);
    expect(f.answers(25_000, 1)).toBe(false);
    expect(f.linkUp(25_000)).toBe(false);
    expect(f.answers(35_000, 3)).toBe(true);
  });

  it('shifts device time during a clock jump and corrupts frames so their checksum fails', () => {
    const f = new FaultInjector(faultPlanSchema.parse([
      { kind: 'clock-jump', start: 0, end: 10_000, magnitude: -3_600_000 },
      { kind: 'corrupt-frame', start: 0, end: 10_000 },
    ]));
    expect(f.deviceTime(5000)).toBe(5000 - 3_600_000);
    expect(f.deviceTime(15_000)).toBe(15_000);
    const body = 'GPVTG,90.0,T,,M,3.5,N,6.5,K,A';
    const bad = f.frame(5000, `$${body}*${nmeaChecksum(body)}\r\n`);
    const m = /^\$(.*)\*([0-9A-F]{2})\r\n$/.exec(bad)!;
    expect(nmeaChecksum(m[1]!)).not.toBe(m[2]);
  });

  it('draws the same random plan from the same seed, covering every kind', () => {
    const opts = { seed: 9, start: 0, end: 24 * 3_600_000, perHour: 4, paths: [soc, volt], units: [1, 2] };
    const a = randomFaultPlan(opts);
    expect(randomFaultPlan(opts)).toEqual(a);
    expect(randomFaultPlan({ ...opts, seed: 10 })).not.toEqual(a);
    expect(new Set(a.map((f) => f.kind))).toEqual(new Set(FAULT_KINDS));
    expect(faultPlanSchema.safeParse(a).success).toBe(true);
  });

  it('refuses a sensor fault without a path', () => {
    expect(faultPlanSchema.safeParse([{ kind: 'stuck', start: 0, end: 1000 }]).success).toBe(false);
  });
});
