import { describe, expect, it } from 'vitest';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { telemetryLines } from '../../../server/store/line-protocol.ts';

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
