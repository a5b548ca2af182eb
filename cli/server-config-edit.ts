import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { serverConfigSchema } from '../server/config.ts';
import { UsageError } from '../shared/command-line/config-file.ts';

/** A server config file as written by people: only what they set, with no defaults filled in. */
export type RawServerConfig = Record<string, unknown> & { vessels?: Record<string, unknown>[]; users?: Record<string, unknown>[] };

/**
 * Changes a server config file in place: reads it (or starts empty), applies `change`, checks the result
 * against the schema so that a command never leaves a file the server would refuse, and replaces the file
 * atomically, readable by its owner only (it holds credential hashes).
 */
export function editServerConfig(path: string, change: (config: RawServerConfig) => void): void {
  let config: RawServerConfig = {};
  if (existsSync(path)) {
    try {
      config = JSON.parse(readFileSync(path, 'utf8')) as RawServerConfig;
    } catch (err) {
      throw new UsageError(`config file ${path} is not valid JSON: ${(err as Error).message}`);
    }
    if (!config || typeof config !== 'object' || Array.isArray(config)) throw new UsageError(`config file ${path} does not hold a JSON object`);
  }
  change(config);
  const checked = serverConfigSchema.safeParse(config);
  if (!checked.success) throw new UsageError(`the change would make ${path} invalid:\n${z.prettifyError(checked.error)}`);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
