import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** Not read by either check, or rebuilt by it: left out of the copy. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', 'data', 'docs']);

interface Outcome { code: number; output: string }

/** `npm run <script>` in `cwd`, whatever its exit code. */
async function npmRun(cwd: string, script: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', script], { cwd, timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

/**
 * The checks `npm test` runs before the suites, each against a copy of the repository with one violation
 * planted: they must fail on it, naming it. The repository itself passes them every time `npm test` runs.
 */
describe('the checks npm test runs first', () => {
  const { dir, remove } = tempDir('sillage-checks-');
  const plant = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  beforeAll(() => {
    cpSync(ROOT, dir, { recursive: true, filter: (src) => !NOT_COPIED.has(src.slice(ROOT.length + 1).split('/')[0]!) });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  });
  afterAll(remove);

  it('npm test runs the type check and the boundary check before the suites', async () => {
    const { readFile } = await import('node:fs/promises');
    const scripts = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test).toMatch(/npm run typecheck && npm run boundaries && vitest run$/);
  });

  it('the type check fails on a type error, naming its file and line, in bench/ too', async () => {
    plant('bench/planted-type-error.ts', "export const knots: number = 'twelve';\n");
    const { code, output } = await npmRun(dir, 'typecheck');
    expect(code).not.toBe(0);
    expect(output).toContain("bench/planted-type-error.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.");
  });

  it('the boundary check fails on each wall crossed, naming the import and the rule', async () => {
    plant('edge/planted-server-import.ts', "export { SOFTWARE_VERSION } from '../server/version.ts';\n");
    plant('edge/planted-simulator-import.ts', "export type { TripTruth } from '../simulators/vessel/truth.ts';\n");
    plant('server/planted-edge-import.ts', "export { skipperUnits } from '../edge/display/units.ts';\n");
    plant('shared/planted-cli-import.ts', "export { main } from '../cli/main.ts';\n");
    const { code, output } = await npmRun(dir, 'boundaries');
    expect(code).not.toBe(0);
    expect(output).toContain('error edge-stands-alone: edge/planted-server-import.ts → server/version.ts');
    expect(output).toContain('error edge-stands-alone: edge/planted-simulator-import.ts → simulators/vessel/truth.ts');
    expect(output).toContain('error server-stands-alone: server/planted-edge-import.ts → edge/display/units.ts');
    expect(output).toContain('error shared-imports-nothing-above-it: shared/planted-cli-import.ts → cli/main.ts');
  });
});
