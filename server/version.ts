import { readFileSync } from 'node:fs';

/** The package version, stamped into health answers and evidence reports. */
export const SOFTWARE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
