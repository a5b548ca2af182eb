import { lookupSignal } from '../shared/registry/index.ts';
import type { TelemetrySource } from '../shared/source.ts';
import type { Clock } from '../shared/time/clock.ts';
import type { EdgeConfig } from './config.ts';
import { openSources } from './sources/open-sources.ts';
import { probeSource, type SourceProbe } from './sources/probe.ts';

export interface EdgeCheckOptions {
  config: EdgeConfig;
  /** Sources handed in beside the config's devices (a simulated vessel). */
  sources: readonly TelemetrySource[];
  clock?: Clock;
  timeoutMs: number;
  print?: (line: string) => void;
}

/**
 * `sillage edge --check`: asks every source of a valid configuration once, all at the same time, and prints what
 * each read (registry path, value, SI unit) or why it did not answer. 0 when every source answered, 1 otherwise:
 * the engineer on the quay knows before the vessel leaves.
 */
export async function checkEdge(options: EdgeCheckOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const { config } = options;
  // Device status changes are what the probe reads back from status(); the agent's events are not needed here.
  const sources = [...options.sources, ...openSources(config.sources, () => undefined)];
  print(`sillage edge --check: configuration valid, vessel ${config.vessel}, ${sources.length} source${sources.length === 1 ? '' : 's'}`);
  const now = options.clock ? () => options.clock!.now() : Date.now;
  const probes = await Promise.all(sources.map((source) => probeSource(source, options.timeoutMs, now)));
  for (const probe of probes) for (const line of describeProbe(probe)) print(line);
  const failed = probes.filter((p) => !p.answered).length;
  print(sources.length === 0
    ? 'no sources configured: nothing to sample'
    : `${probes.length - failed} of ${probes.length} sources answered${failed ? `, ${failed} did not` : ''}`);
  return sources.length > 0 && failed === 0 ? 0 : 1;
}

/** One source's lines of the report: a verdict, each device's answer, then each value read. */
export function describeProbe(probe: SourceProbe): string[] {
  const values = Object.entries(probe.readings).sort(([a], [b]) => a.localeCompare(b));
  const verdict = probe.answered ? 'ok' : 'FAILED';
  const lines = [`${verdict} ${probe.source}: ${values.length} value${values.length === 1 ? '' : 's'}${probe.failure ? ` (${probe.failure})` : ''}`];
  for (const d of probe.devices) {
    lines.push(`  device ${d.device}: ${d.state ?? 'no answer'}${d.detail ? ` (${d.detail})` : ''}`);
  }
  for (const [path, value] of values) lines.push(`  ${path} = ${formatValue(path, value!)}`);
  return lines;
}

function formatValue(path: string, value: number): string {
  const signal = lookupSignal(path);
  if (!signal) return String(value);
  const label = signal.labels?.[value];
  if (signal.unit === 'enum') return label ? `${value} (${label})` : String(value);
  return `${Number(value.toPrecision(6))} ${signal.unit}`;
}
