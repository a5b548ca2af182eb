import { describe, expect, it } from 'vitest';
import { readLogbookCsv } from '../../../server/reference/logbook-file.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { calibrationPlans, runWorld, summarise } from '../../../simulators/validation/calibration.ts';
import { LOGBOOK_TIME_ZONE, simulateConventionalLogbook } from '../../../simulators/world/conventional-logbook.ts';
import { drawWorld } from '../../../simulators/world/vessel-world.ts';

const coastal = resolveVesselProfile('coastal-12m');

describe('the conventional vessel\'s logbook the simulator writes', () => {
  const yearStart = Date.UTC(2023, 2, 1, 4);
  const lb = simulateConventionalLogbook({ profile: coastal, metier: 'OTB', seed: 3, world: drawWorld(coastal, 3, yearStart), yearStart, blocks: 1, tripsPerBlock: 8 });
  const file = readLogbookCsv(Buffer.from(lb.csv), { timeZone: LOGBOOK_TIME_ZONE });

  it('has the noise of real records: a trip missing, a typo the import refuses by its line, fuel only as receipts rounded to 10 L', () => {
    expect(lb.truth).toHaveLength(8);
    expect(lb.truth.filter((t) => t.line === null)).toHaveLength(1);
    const typo = lb.truth.find((t) => t.typo)!;
    expect(file.rejected).toEqual([{ line: typo.line!, reason: expect.stringMatching(/^time_out: ".*O.*" is not a time of day/), text: expect.any(String) }]);
    expect(file.records).toHaveLength(6);
    const receipts = lb.truth.filter((t) => t.bunkeredL !== null);
    expect(receipts.length).toBeLessThan(8);
    for (const r of receipts) expect(r.bunkeredL! % 10).toBe(0);
    // Every litre the twin burnt is on some receipt, the missing trip's included: only the rounding is lost.
    const burnt = lb.truth.reduce((s, t) => s + t.conventionalL, 0);
    expect(Math.abs(receipts.reduce((s, r) => s + r.bunkeredL!, 0) - burnt)).toBeLessThanOrEqual(5 * receipts.length);
  });

  it('gives local times to five minutes, as the skipper writes them', () => {
    const first = lb.csv.split('\n')[1]!.split(';');
    expect(first[1]).toMatch(/^\d{2}:\d[05]$/);
    const record = file.records[0]!;
    expect(Math.abs(record.departure - Date.parse(lb.truth[0]!.departure))).toBeLessThanOrEqual(150_000);
  });
});

/**
 * Option C on the logbook against worlds it cannot see, small enough for the suite (the bench runs 20 worlds): each
 * vessel's pre-refit year written as its logbook, imported, fitted, and the conventional fuel of its hybrid trip a
 * year later predicted.
 */
describe('option C on a simulated logbook', () => {
  const outcomes = calibrationPlans([coastal], 2, 1, 0, 7001).map((plan) => runWorld({ ...plan, logbook: { blocks: 4, tripsPerBlock: 9 } }, 50));
  const s = summarise(outcomes).logbook;

  it('accepts the fit of each world\'s logbook within the logbook limits', () => {
    expect(s.refusals).toEqual([]);
    expect(s.worldsFitted).toBe(2);
    expect(s.meanCvRmse).toBeLessThan(0.2);
  });

  it('its 95 % interval holds the twin\'s true fuel and the true saving on the hybrid\'s trips', () => {
    expect(s.worlds.compared).toBe(2);
    expect(s.worlds.fuelCoverage).toBe(1);
    expect(s.worlds.savingCoverage).toBe(1);
  });
});
