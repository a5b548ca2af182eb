import { describe, expect, it } from 'vitest';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { rollupLines, telemetryLines } from '../../../server/store/line-protocol.ts';

const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const POWER = 'propulsion.main.power' as SignalPath;
const FUEL = 'propulsion.main.fuel.rate' as SignalPath;

describe('telemetry as InfluxDB line protocol', () => {
  it('writes one line per instant with the vessel as tag, every path as a field and the time in ms', () => {
    expect(telemetryLines('telemetry', asVesselId('la-fregate'), [
      { t: 1764330000000, v: { [SOC]: 0.82, [POWER]: 48200 } },
      { t: 1764330001000, v: { [SOC]: 0.81 } },
    ])).toBe(
      'telemetry,vessel=la-fregate electrical.batteries.main.capacity.stateOfCharge=0.82,propulsion.main.power=48200 1764330000000\n' +
      'telemetry,vessel=la-fregate electrical.batteries.main.capacity.stateOfCharge=0.81 1764330001000\n');
  });

  it('writes whole and tiny numbers as floats (no integer suffix), small ones in exponent form', () => {
    expect(telemetryLines('m', asVesselId('v'), [{ t: 5, v: { [POWER]: -2000000, [FUEL]: 1e-8 } }]))
      .toBe('m,vessel=v propulsion.main.power=-2000000,propulsion.main.fuel.rate=1e-8 5\n');
  });

  it('leaves out an instant with no value, which line protocol cannot express', () => {
    expect(telemetryLines('m', asVesselId('v'), [{ t: 1, v: {} }, { t: 2, v: { [SOC]: 0.5 } }]))
      .toBe('m,vessel=v electrical.batteries.main.capacity.stateOfCharge=0.5 2\n');
  });
});

describe('roll-ups as InfluxDB line protocol', () => {
  it('writes one line per minute: count as an integer, sum, min and max as floats, named as SELECT INTO named them', () => {
    expect(rollupLines('telemetry_1m', asVesselId('la-fregate'), [
      { t: 1764330000000, paths: [{ path: SOC, count: 60, sum: 49.2, min: 0.81, max: 0.83 }, { path: POWER, count: 2, sum: 96400, min: 48100, max: 48300 }] },
    ])).toBe('telemetry_1m,vessel=la-fregate ' +
      'count_electrical.batteries.main.capacity.stateOfCharge=60i,sum_electrical.batteries.main.capacity.stateOfCharge=49.2,' +
      'min_electrical.batteries.main.capacity.stateOfCharge=0.81,max_electrical.batteries.main.capacity.stateOfCharge=0.83,' +
      'count_propulsion.main.power=2i,sum_propulsion.main.power=96400,min_propulsion.main.power=48100,max_propulsion.main.power=48300 1764330000000\n');
  });

  it('keeps every bit of a sum: the shortest text that reads back as the same double', () => {
    const sum = 0.1 + 0.2;
    const line = rollupLines('m', asVesselId('v'), [{ t: 0, paths: [{ path: SOC, count: 2, sum, min: 0.1, max: 0.2 }] }]);
    expect(Number(/sum_[^=]+=([^,]+),/.exec(line)![1])).toBe(sum);
  });

  it('leaves out a path without values in the minute, and a minute without any', () => {
    expect(rollupLines('m', asVesselId('v'), [
      { t: 60_000, paths: [{ path: SOC, count: 0, sum: 0, min: Number.NaN, max: Number.NaN }, { path: FUEL, count: 1, sum: 1e-8, min: 1e-8, max: 1e-8 }] },
      { t: 120_000, paths: [{ path: SOC, count: 0, sum: 0, min: Number.NaN, max: Number.NaN }] },
    ])).toBe('m,vessel=v count_propulsion.main.fuel.rate=1i,sum_propulsion.main.fuel.rate=1e-8,min_propulsion.main.fuel.rate=1e-8,max_propulsion.main.fuel.rate=1e-8 60000\n');
  });
});
