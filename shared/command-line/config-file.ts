import { readFileSync } from 'node:fs';
import { z } from 'zod';

export class UsageError extends Error {}

/** Reads a JSON config file and validates it, turning every failure into one clear sentence. */
export function loadConfigFile<T extends z.ZodType>(schema: T, path: string | undefined, overrides: object = {}): z.infer<T> {
  let fromFile: object = {};
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    try {
      fromFile = JSON.parse(text) as object;
    } catch (err) {
      throw new UsageError(`config file ${path} is not valid JSON: ${(err as Error).message}`);
    }
  }
  const merged = deepMerge(fromFile, overrides);
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    throw new UsageError(`invalid configuration${path ? ` in ${path}` : ''}:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

function deepMerge(base: object, over: object): object {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const prev = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)
      ? deepMerge(prev, v)
      : v;
  }
  return out;
}
