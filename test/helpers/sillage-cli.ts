import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const SILLAGE_BIN = join(import.meta.dirname, '..', '..', 'bin', 'sillage.js');

export interface CliResult { code: number; stdout: string; stderr: string }

/** `sillage …` as an operator runs it, in `cwd`; resolves with its exit code and output, whatever the code. */
export function sillageIn(cwd?: string): (...args: string[]) => Promise<CliResult> {
  return async (...args) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [SILLAGE_BIN, ...args], { cwd, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as CliResult;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}

export const sillage = sillageIn();
