import { describe, expect, it } from 'vitest';
import { GuardedClock, type ClockFault } from '../../../edge/clock/guarded-clock.ts';
import { Sampler } from '../../../edge/sampling/sampler.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';

const NOON = Date.UTC(2026, 5, 1, 12, 0, 0);

/** A wall clock that can be stepped like a system clock, beside a monotonic clock that only moves forward. */
function machine(startWall: number) {
  let wall = startWall;
  let mono = 0;
  return {
    wall: () => wall,
    monotonic: () => mono,
    pass(ms: number) { wall += ms; mono += ms; },
    step(ms: number) { wall += ms; },
  };
}

function guarded(startWall: number) {
  const m = machine(startWall);
  const faults: ClockFault[] = [];
  const clock = new GuardedClock({ onFault: (f) => faults.push(f), wall: m.wall, monotonic: m.monotonic });
  return { m, faults, clock };
}

describe('guarded clock', () => {
  it('follows the wall clock while it runs steadily', () => {
    const { m, faults, clock } = guarded(NOON);
    m.pass(1500);
    expect(clock.now()).toBe(NOON + 1500);
    expect(faults).toEqual([]);
  });

  it('takes a small backward correction without a fault, holding still until the wall clock passes again', () => {
    const { m, faults, clock } = guarded(NOON);
    m.pass(1000);
    expect(clock.now()).toBe(NOON + 1000);
    m.step(-1500);
    expect(clock.now()).toBe(NOON + 1000);
    m.pass(1000);
    expect(clock.now()).toBe(NOON + 1000);
    m.pass(1000);
    expect(clock.now()).toBe(NOON + 1500);
    expect(faults).toEqual([]);
  });

  it('reports a forward step and follows it', () => {
    const { m, faults, clock } = guarded(NOON);
    m.pass(1000);
    m.step(3_600_000);
    expect(clock.now()).toBe(NOON + 3_601_000);
    expect(faults).toEqual([{ kind: 'jump-forward', wallT: NOON + 3_601_000, deltaMs: 3_600_000 }]);
  });

  it('reports a backward step and never goes back: it slews at half speed until the wall clock catches up', () => {
    const { m, faults, clock } = guarded(NOON);
    m.pass(10_000);
    expect(clock.now()).toBe(NOON + 10_000);
    m.step(-60_000);
    expect(clock.now()).toBe(NOON + 10_000);
    expect(faults).toEqual([{ kind: 'jump-backward', wallT: NOON - 50_000, deltaMs: -60_000 }]);
    m.pass(20_000);
    // 20 s of real time at half speed: 10 s more on this clock, the wall clock is now 50 s behind it.
    expect(clock.now()).toBe(NOON + 20_000);
    m.pass(100_000);
    expect(clock.now()).toBe(NOON + 70_000);
    m.pass(1000);
    expect(clock.now()).toBe(NOON + 71_000);
  });

  it('says how long to wait in real time while slewing', () => {
    const { m, clock } = guarded(NOON);
    m.step(-10_000);
    expect(clock.now()).toBe(NOON);
    expect(clock.delayUntil(NOON + 1000)).toBe(2000);
  });

  it('flags an unsynchronised clock at boot, then the step when it is set', () => {
    const { m, faults, clock } = guarded(Date.UTC(1970, 0, 1, 0, 5));
    expect(clock.synchronised).toBe(false);
    m.step(NOON - Date.UTC(1970, 0, 1, 0, 5));
    expect(clock.now()).toBe(NOON);
    expect(clock.synchronised).toBe(true);
    expect(faults.map((f) => f.kind)).toEqual(['unsynchronised', 'jump-forward']);
  });
});

describe('sampler on a guarded clock whose wall time is stepped (real timers)', () => {
  const source = { name: 'constant', start: async () => {}, stop: async () => {}, read: () => ({ 'propulsion.motor.power': 1 }) };

  async function sampleThrough(step: number) {
    let offset = 0;
    const faults: ClockFault[] = [];
    const samples: TelemetrySample[] = [];
    const clock = new GuardedClock({ onFault: (f) => { faults.push(f); if (f.kind === 'jump-forward') sampler.realign(); }, wall: () => Date.now() + offset });
    const sampler: Sampler = new Sampler([source], clock, { sample: (s) => samples.push(s), sourceError: () => {}, sampleError: () => {} }, 100);
    await sampler.start();
    await new Promise((r) => setTimeout(r, 450));
    offset = step;
    await new Promise((r) => setTimeout(r, 650));
    await sampler.stop();
    return { faults, times: samples.map((s) => s.t) };
  }

  it('keeps timestamps increasing, one period apart, through a backward step', async () => {
    const { faults, times } = await sampleThrough(-3_600_000);
    expect(faults.map((f) => f.kind)).toEqual(['jump-backward']);
    expect(times.length).toBeGreaterThanOrEqual(6);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(100);
  });

  it('skips ahead on a forward step without inventing the seconds in between', async () => {
    const { faults, times } = await sampleThrough(3_600_000);
    expect(faults.map((f) => f.kind)).toEqual(['jump-forward']);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.filter((g) => g !== 100)).toHaveLength(1);
    expect(gaps.find((g) => g !== 100)).toBeGreaterThan(3_500_000);
    expect(times.length).toBeLessThan(14);
  });
});
