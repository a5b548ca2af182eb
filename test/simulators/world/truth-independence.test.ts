import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The savings engine's baseline code: the model baseline, the trip figures, the Monte Carlo, and the conventional
 * twin, fuel maps and propulsor model they rest on. The simulator's truth must be computed without any of it
 * (METHOD §7), or a test of the engine against it only checks the bookkeeping.
 */
const ENGINE = [/^shared\/savings\/(?!seeded-random\.ts$|fuel\.ts$|constants\.ts$)/, /^shared\/profile\/(conventional-twin|diesel|propulsor|index)\.ts$/];

/** Every file reached from `entry` through value imports (type-only imports leave no code behind). */
function valueImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)) {
      visit(relative(root, resolve(root, dirname(file), m[1]!)));
    }
  };
  visit(entry);
  return seen;
}

const engineFilesReached = (entry: string) => [...valueImports(entry)].filter((f) => ENGINE.some((re) => re.test(f)));

describe("the simulator's truth is computed apart from the savings engine", () => {
  it.each([
    'simulators/vessel/hybrid-trawler.ts', 'simulators/vessel/truth.ts', 'simulators/world/vessel-world.ts',
    'simulators/world/conventional-vessel.ts', 'simulators/vessel/autonomy.ts', 'simulators/scenario/savings-survey.ts',
    'simulators/vessel/conventional-trawler.ts',
  ])('%s reaches none of the engine\'s baseline code', (entry) => {
    expect(engineFilesReached(entry)).toEqual([]);
  });

  it('the check sees through re-exports: the engine\'s own analyzer reaches the model baseline and the twin', () => {
    const reached = engineFilesReached('shared/savings/trip-analyzer.ts');
    expect(reached).toContain('shared/savings/model-baseline.ts');
    expect(reached).toContain('shared/profile/conventional-twin.ts');
  });
});
