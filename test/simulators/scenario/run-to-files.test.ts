import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultInjector, faultPlanSchema } from '../../../simulators/faults/faults.ts';
import { fleetMembers } from '../../../simulators/fleet/fleet.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { runToFiles } from '../../../simulators/scenario/run-to-files.ts';
import { tempDir } from '../../helpers/tmp.ts';

const tmp = tempDir();
afterAll(() => tmp.remove());
const START = Date.UTC(2024, 5, 10, 4);
const [member] = fleetMembers(1, [resolveVesselProfile('la-fregate')], 4, 'OTB');

describe('a scenario written to files, with faults', () => {
  const plan = faultPlanSchema.parse([
    { kind: 'link-outage', start: START + 600_000, end: START + 900_000 },
    { kind: 'dropout', start: START + 1_200_000, end: START + 1_260_000, path: 'electrical.batteries.main.voltage' },
    { kind: 'clock-jump', start: START + 1_500_000, end: START + 1_560_000, magnitude: 3_600_000 },
  ]);
  const dir = join(tmp.dir, 'faulty');
  const result = runToFiles({ member: member!, start: START, durationMs: 3_600_000, dir, format: 'ndjson', faults: new FaultInjector(plan), faultPlan: plan });
  const lines = readFileSync(join(dir, 'signals.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: number; v: Record<string, number> });
  const stamps = new Set(lines.map((l) => l.t));
  const at = (t: number) => lines.find((l) => l.t === t)!;

  it('leaves out the seconds of a link outage, and only those', () => {
    expect(result.samples).toBe(3600);
    expect(result.written).toBe(3300);
    expect(lines).toHaveLength(3300);
    expect(stamps.has(START + 600_000)).toBe(false);
    expect(stamps.has(START + 899_000)).toBe(false);
    expect(stamps.has(START + 599_000)).toBe(true);
    expect(stamps.has(START + 900_000)).toBe(true);
  });

  it('drops a sensor while its dropout lasts and stamps samples with the jumped clock', () => {
    expect(at(START + 1_200_000).v['electrical.batteries.main.voltage']).toBeUndefined();
    expect(at(START + 1_260_000).v['electrical.batteries.main.voltage']).toBeGreaterThan(600);
    expect(stamps.has(START + 1_500_000)).toBe(false);
    expect(stamps.has(START + 1_500_000 + 3_600_000)).toBe(true);
  });

  it('records in faults.json how many seconds each fault was active', () => {
    const faults = JSON.parse(readFileSync(join(dir, 'faults.json'), 'utf8')) as { fired: Record<string, number> };
    expect(faults.fired).toMatchObject({ 'link-outage': 300, dropout: 60, 'clock-jump': 60 });
  });
});
