import { describe, expect, it } from 'vitest';
import { ObserverGuard } from '../../../edge/sampling/observer-guard.ts';

const MINUTE = 60_000;

function guarded() {
  let now = 1_000_000;
  const lines: { msg: string; detail: unknown }[] = [];
  const guard = new ObserverGuard((msg, detail) => lines.push({ msg, detail }), () => now);
  const broken = () => {
    throw new Error('cannot draw');
  };
  return { guard, lines, broken, advance: (ms: number) => { now += ms; } };
}

describe('observer guard', () => {
  it('runs an observer that does not throw and logs nothing', () => {
    const { guard, lines } = guarded();
    let seen = 0;
    guard.call('display', () => { seen += 1; });
    expect(seen).toBe(1);
    expect(lines).toEqual([]);
  });

  it('keeps a throw from the caller and logs the first failure at once', () => {
    const { guard, lines, broken } = guarded();
    expect(() => guard.call('display', broken)).not.toThrow();
    expect(lines).toEqual([{ msg: 'display failed', detail: { error: 'cannot draw', failures: 1 } }]);
  });

  it('logs a failure repeated every second once a minute, with the failures the line stands for', () => {
    const { guard, lines, broken, advance } = guarded();
    for (let s = 0; s < 150; s++) {
      guard.call('display', broken);
      advance(1000);
    }
    expect(lines.map((l) => l.detail)).toEqual([
      { error: 'cannot draw', failures: 1 },
      { error: 'cannot draw', failures: 60 },
      { error: 'cannot draw', failures: 60 },
    ]);
  });

  it('counts each observer on its own', () => {
    const { guard, lines, broken } = guarded();
    guard.call('display', broken);
    guard.call('alarms', broken);
    guard.call('display', broken);
    expect(lines.map((l) => l.msg)).toEqual(['display failed', 'alarms failed']);
  });

  it('logs again at once when the clock has stepped back', () => {
    const { guard, lines, broken, advance } = guarded();
    guard.call('display', broken);
    advance(-MINUTE * 60);
    guard.call('display', broken);
    expect(lines).toHaveLength(2);
  });
});
