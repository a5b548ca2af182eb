import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InfluxStore } from './influx-store.ts';
import type { TimeSeriesStore } from './port.ts';
import { SqliteStore } from './sqlite-store.ts';

/** InfluxDB when a URL is configured (with its API token for a 2.x or 3.x), the embedded SQLite file otherwise. */
export function openStore(options: { influxUrl?: string; influxToken?: string; dataDir: string }): TimeSeriesStore {
  if (options.influxUrl) return new InfluxStore(options.influxUrl, options.influxToken);
  mkdirSync(options.dataDir, { recursive: true });
  return new SqliteStore(join(options.dataDir, 'telemetry.db'));
}
