import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Readings } from '../../shared/source.ts';
import type { Fault, FaultInjector } from '../faults/faults.ts';
import type { FleetMember } from '../fleet/fleet.ts';
import type { ConventionalTripTruth } from '../vessel/conventional-trawler.ts';
import { simulatedSource } from '../vessel/simulated-vessel-source.ts';
import type { TripTruth } from '../vessel/truth.ts';

export type SignalFormat = 'ndjson' | 'csv';

export interface FilesRunResult {
  vesselId: string;
  dir: string;
  /** Seconds simulated, and samples written (fewer when a link outage hid some). */
  samples: number;
  written: number;
  /** A hybrid's trips with their true savings, or a conventional vessel's with the true fuel of each phase. */
  trips: readonly (TripTruth | ConventionalTripTruth)[];
}

/**
 * Runs one vessel from `start` for `durationMs` as fast as the core allows and writes what its instruments showed
 * (sensor faults, clock jumps and link outages applied; a silent Modbus unit and corrupted NMEA frames exist only
 * with the devices) and what really happened: `signals.ndjson` (one telemetry sample per line, `{t, v}` as on the
 * wire, NaN as null) or `signals.csv`, `truth.json` (completed trips and the trip in progress), `faults.json`.
 */
export function runToFiles(options: {
  member: FleetMember; start: number; durationMs: number; dir: string; format: SignalFormat;
  faults: FaultInjector; faultPlan: readonly Fault[];
}): FilesRunResult {
  const { member, dir } = options;
  mkdirSync(dir, { recursive: true });
  const source = simulatedSource({ ...member, start: options.start });
  const fd = openSync(join(dir, `signals.${options.format}`), 'w');
  let chunk: string[] = [];
  const flush = () => {
    if (chunk.length) writeSync(fd, chunk.join(''));
    chunk = [];
  };
  let header: string[] | undefined;
  let samples = 0;
  let written = 0;
  const end = options.start + options.durationMs;
  for (let t = options.start + 1000; t <= end; t += 1000) {
    const clean = source.read(t);
    samples++;
    // During a link outage no device reaches the recorder: the second is missing from the file, as it would be aboard.
    if (!options.faults.linkUp(t)) continue;
    const readings = options.faults.readings(t, clean);
    const stamp = options.faults.deviceTime(t);
    if (options.format === 'ndjson') chunk.push(`${JSON.stringify({ t: stamp, v: readings })}\n`);
    else {
      header ??= Object.keys(clean);
      if (written === 0) chunk.push(`t,${header.join(',')}\n`);
      chunk.push(`${stamp},${header.map((p) => csvValue(readings, p)).join(',')}\n`);
    }
    written++;
    if (chunk.length >= 2000) flush();
  }
  flush();
  closeSync(fd);
  const trips = source.vessel.completedTrips;
  writeFileSync(join(dir, 'truth.json'), `${JSON.stringify({ vessel: member.vesselId, profile: member.profile.identity.id, metier: member.metier, seed: member.seed, trips, inProgress: source.vessel.currentTrip }, null, 2)}\n`);
  writeFileSync(join(dir, 'faults.json'), `${JSON.stringify({ plan: options.faultPlan, fired: options.faults.fired }, null, 2)}\n`);
  return { vesselId: member.vesselId, dir, samples, written, trips };
}

function csvValue(readings: Readings, path: string): string {
  const v = (readings as Record<string, number | undefined>)[path];
  return v === undefined || Number.isNaN(v) ? '' : String(v);
}
