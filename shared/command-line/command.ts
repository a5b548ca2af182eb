import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './config-file.ts';

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: string[]): Promise<number>;
}

/** parseArgs with strict flags, turning its errors into one-line usage errors; operands only where a command takes some. */
export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>, P extends boolean = false>(argv: string[], options: O, allowPositionals = false as P) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function intFlag(value: string | undefined, name: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
}

/** Resolves when the process is asked to stop (Ctrl-C or a service manager's SIGTERM). */
export function untilSignalled(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** One command's `--help`, or its run with any failure as one line naming the command: 2 for bad usage, 1 otherwise. */
export async function runCommand(command: Command, argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(argv);
  } catch (err) {
    console.error(`sillage ${command.name}: ${(err as Error).message}`);
    return err instanceof UsageError ? 2 : 1;
  }
}
