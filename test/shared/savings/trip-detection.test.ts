import { beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../../simulators/faults/faults.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { asSignalPath } from '../../../shared/registry/index.ts';
import type { MeasuredInstant } from '../../../shared/savings/measured-instant.ts';
import { instantPhase, PhaseSmoother, type TripPhase } from '../../../shared/savings/phases.ts';
import { simulateRun, trueBoundaries, type SimulatedRun } from './simulated-runs.ts';

const PROFILES = ['la-fregate', 'coastal-12m'].map(resolveVesselProfile);
const SEASONS = [['winter', 0], ['spring', 3], ['summer', 6], ['autumn', 9]] as const;
/** Consecutive trips per run: the port stay between them and the next departure are what can split or merge a trip. */
const TRIPS = 2;
/** Faults an hour on every signal, the rate `sillage simulate --faults random` uses by default. */
const FAULTS_PER_HOUR = 2;
/** Faults on two runs in three, the gear state missing on two in three: each combination of the two occurs. */
const VARIANTS = [
  { faults: true, withoutGear: false },
  { faults: false, withoutGear: true },
  { faults: true, withoutGear: true },
] as const;
/** A boundary is where the analyzer says it is to within this: well under a phase, well over its 60 s hold. */
const BOUNDARY_TOLERANCE_MS = 5 * 60_000;

interface Run extends SimulatedRun {
  label: string;
  /** The largest boundary error of the run, ms (see boundaryError); Infinity when a trip is missing its boundaries. */
  worstBoundaryMs: number;
  /** The same, silences ignored: the plain distance to the true boundary. */
  worstPlainBoundaryMs: number;
}

/**
 * How far a found departure or arrival is from the true one, ms; when no sample with a true timestamp reached the
 * analyzer around the true one, how far it is from that silence: no one can tell where in it the boundary fell.
 */
function boundaryError(run: SimulatedRun, found: number, truth: number): number {
  const hiding = run.silences.find((s) => s.from - 1000 <= truth && truth <= s.to + 1000);
  if (!hiding) return Math.abs(found - truth);
  return Math.max(0, hiding.from - 1000 - found, found - hiding.to - 1000);
}

function worstBoundaryError(run: SimulatedRun, error: (run: SimulatedRun, found: number, truth: number) => number): number {
  if (run.records.length !== run.truths.length) return Infinity;
  return Math.max(...run.truths.map((truth, k) => {
    const found = run.records[k]!;
    const { departure, arrival } = trueBoundaries(truth);
    if (found.departure === null || found.arrival === null) return Infinity;
    return Math.max(error(run, found.departure, departure), error(run, found.arrival, arrival));
  }));
}

const plainError = (_run: SimulatedRun, found: number, truth: number) => Math.abs(found - truth);

describe('trip and phase detection: both profiles, every métier, every season, with faults', () => {
  const runs: Run[] = [];

  beforeAll(() => {
    let seed = 1;
    for (const profile of PROFILES) {
      for (const { code } of profile.metiers) {
        for (const [season, month] of SEASONS) {
          const cell: Run[] = [];
          for (const v of VARIANTS) {
            const run = simulateRun({
              profile, metier: code, seed: seed++, start: Date.UTC(2024, month, 15, 4), trips: TRIPS,
              faultsPerHour: v.faults ? FAULTS_PER_HOUR : 0, withoutGear: v.withoutGear,
            });
            const label = `${profile.identity.id} ${code} ${season}${v.faults ? ' faults' : ''}${v.withoutGear ? ' no gear state' : ''}`;
            cell.push({ ...run, label, worstBoundaryMs: worstBoundaryError(run, boundaryError), worstPlainBoundaryMs: worstBoundaryError(run, plainError) });
          }
          runs.push(...cell);
          const found = cell.map((r) => `${r.records.filter((t) => t.departure !== null && t.arrival !== null).length}/${r.truths.length}`);
          console.log(`${profile.identity.id} ${code} ${season}: trips found ${found.join(' ')}, `
            + `worst boundary error ${(Math.max(...cell.map((r) => r.worstBoundaryMs)) / 1000).toFixed(0)} s `
            + `(${(Math.max(...cell.map((r) => r.worstPlainBoundaryMs)) / 1000).toFixed(0)} s counting boundaries inside silences), `
            + `worst phase agreement ${(100 * Math.min(...cell.map((r) => r.phaseAgreement))).toFixed(2)} %`);
        }
      }
    }
  }, 900_000);

  it('finds exactly the trips the simulator made, each from a departure to an arrival: none split, none merged', () => {
    for (const run of runs) {
      expect(run.records.length, run.label).toBe(run.truths.length);
      for (const record of run.records) {
        expect(record.departure, run.label).not.toBeNull();
        expect(record.arrival, run.label).not.toBeNull();
      }
    }
  });

  it('puts every departure and arrival within 5 minutes of the true one, or of the silence in the data that hid it', () => {
    for (const run of runs) expect(run.worstBoundaryMs, run.label).toBeLessThanOrEqual(BOUNDARY_TOLERANCE_MS);
  });

  it('names the phase right for ≥ 95 % of the time on every run', () => {
    for (const run of runs) expect(run.phaseAgreement, run.label).toBeGreaterThanOrEqual(0.95);
  });

  it('exercised the faults a recorder sees on a third or more of the runs', () => {
    const faulted = runs.filter((r) => r.faults.length > 0);
    expect(faulted.length).toBeGreaterThanOrEqual(runs.length / 3);
    const fired = new Set(faulted.flatMap((r) => Object.keys(r.fired)));
    for (const kind of ['dropout', 'stuck', 'spike', 'nan', 'clock-jump', 'link-outage']) expect(fired, kind).toContain(kind);
  });
});

describe('a device clock that jumps, an engine-hour counter that lies', () => {
  const profile = PROFILES[0]!;
  const start = Date.UTC(2024, 5, 10, 4);
  const run = (faults: Fault[]) => simulateRun({ profile, metier: 'OTB', seed: 7, start, trips: 1, faults });
  const clean = run([]).truths[0]!;
  const { departure } = trueBoundaries(clean);
  const minutes = (m: number) => m * 60_000;

  it('a clock 50 min ahead for 5 min alongside, 10 min before casting off, leaves the departure where it was', () => {
    const jumped = run([{ kind: 'clock-jump', start: departure - minutes(10), end: departure - minutes(5), magnitude: minutes(50) }]);
    expect(jumped.records[0]!.departure).toBe(departure);
    expect(jumped.records[0]!.coverage.clockAnomalies).toBeGreaterThan(0);
  });

  it('a second jump inside the first (+54 min for 5 min, +12 min from its third minute) leaves the departure where it was', () => {
    const jumped = run([
      { kind: 'clock-jump', start: departure - minutes(20), end: departure - minutes(15), magnitude: minutes(54) },
      { kind: 'clock-jump', start: departure - minutes(18), end: departure - minutes(13), magnitude: minutes(12) },
    ]);
    expect(jumped.records[0]!.departure).toBe(departure);
  });

  it('an engine-hour counter stuck for 10 min while its set runs (towing) costs one sample, not every sample after it', () => {
    const path = asSignalPath(`propulsion.${profile.generators[0]!.id}.runTime`);
    const tow = clean.phases.find((p) => p.phase === 'towing')!;
    const stuck = run([{ kind: 'stuck', path, start: tow.start + minutes(30), end: tow.start + minutes(40) }]);
    expect(stuck.records[0]!.coverage.clockAnomalies).toBeLessThanOrEqual(1);
    expect(stuck.phaseAgreement).toBeGreaterThan(0.99);
  });
});

describe('the phase one instant shows, on the 12 m coastal boat', () => {
  const coastal = PROFILES[1]!;
  const home = coastal.identity.homePort;
  const winch = coastal.winches[0]!;
  /** Stopped 18 km off Étaples, nothing running: each case changes what it is about. */
  const offshore = (i: Partial<MeasuredInstant> = {}): MeasuredInstant => ({
    t: 0, stw: 0, sog: 0, lat: home.lat - 0.1, lon: home.lon - 0.2, winch: 0, shore: 0,
    generatorPower: [0], fuelRate: [0], runTime: [0], ...i,
  });
  const atWinch = (mechanical: number) => mechanical / winch.driveEfficiency;

  it('reads its winch on its own scale: an 18 kW haul is hauling, a 12 kW seine tow is towing', () => {
    expect(instantPhase(coastal, offshore({ stw: 0.6, sog: 0.6, winch: atWinch(18_000) }), 0)).toBe('hauling');
    expect(instantPhase(coastal, offshore({ stw: 0.6, sog: 0.6, winch: atWinch(12_000) }), 1_500)).toBe('towing');
  });

  it('reads its gear drag on its own scale: its trawl at 3 kn (7 kN) is towing, its seine laid at 5.5 kn with a third out (2 kN) is shooting', () => {
    expect(instantPhase(coastal, offshore({ stw: 1.54, sog: 1.54 }), 7_000)).toBe('towing');
    expect(instantPhase(coastal, offshore({ stw: 2.83, sog: 2.83, winch: atWinch(2_000) }), 2_000)).toBe('shooting');
  });

  it('is not alongside at the quay when its log is stuck at zero and its GPS shows way made', () => {
    expect(instantPhase(coastal, offshore({ lat: home.lat, lon: home.lon, stw: 0, sog: 3.6 }), 0)).toBe('steaming');
  });

  it('shows no phase when stopped off shore power without a position: the quay and the open sea look alike', () => {
    const { lat: _lat, lon: _lon, ...lost } = offshore();
    expect(instantPhase(coastal, lost, 0)).toBeUndefined();
    expect(instantPhase(coastal, { ...lost, shore: 3_000 }, 0)).toBe('port');
  });

  it('ignores a gear-state code the registry does not know (a spiked reading) and infers the phase', () => {
    expect(instantPhase(coastal, offshore({ stw: 3.6, sog: 3.6, gearState: 10 }), 0)).toBe('steaming');
  });
});

describe('phase smoothing', () => {
  it('an instant that shows no phase continues the phase seen before it', () => {
    const out: TripPhase[] = [];
    const smoother = new PhaseSmoother<number>(60, (_i, phase) => out.push(phase));
    smoother.push(1000, 'port', 0);
    for (let s = 2; s <= 400; s++) smoother.push(s * 1000, undefined, s);
    smoother.flush();
    expect(new Set(out)).toEqual(new Set(['port']));
  });
});
