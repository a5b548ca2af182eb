import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asVesselId } from '../shared/wire/ids.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { edgeProcess, mosquittoProcess, serverProcess } from '../test/reliability/processes.ts';
import type { BenchResult } from './result.ts';

const DAY_MS = 86_400_000;
const days = Number(process.env.SILLAGE_SOAK_DAYS ?? 7);
const wallMinutes = Number(process.env.SILLAGE_SOAK_MINUTES ?? 10);
/**
 * The clock's pace is set by SILLAGE_SOAK_MINUTES; a loaded machine may sample slower than that pace (the clock then
 * catches up as fast as the edge can), so the run may go on until this cap to still cover every simulated day.
 */
const maxWallMinutes = Math.max(wallMinutes, Number(process.env.SILLAGE_SOAK_MAX_MINUTES ?? wallMinutes));
const FLEET = 3;
/** Fleet vessels replay at this fraction of the full-rate vessel's speed-up. */
const FLEET_RATE = 0.1;
const SAMPLE_EVERY_MS = 5000;

interface Point { wallH: number; simDays: number; serverRss: number; serverHeap: number; edgeRss: number; serverFds: number; edgeFds: number; serverHandles: number; edgeHandles: number; values: number; lagS: number }

function fds(pid: number | undefined): number {
  return pid === undefined ? NaN : readdirSync(`/proc/${pid}/fd`).length;
}

function rss(pid: number | undefined): number {
  const line = pid === undefined ? undefined : /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : NaN;
}

function metric(text: string, name: string): number {
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
}

/**
 * The upper envelope of y (or the lower one, `sign` -1): its extreme in each of `windows` consecutive slices. V8
 * grows and shrinks its heap in steps of megabytes; a leak raises the peaks of RSS, and the troughs of the heap in
 * use, which are what is left live after a collection.
 */
function peaks(points: readonly Point[], y: (p: Point) => number, windows = 6, sign = 1): Point[] {
  const size = Math.max(1, Math.floor(points.length / windows));
  const out: Point[] = [];
  for (let i = 0; i + size <= points.length; i += size) {
    const slice = points.slice(i, i + size);
    out.push(slice.reduce((best, p) => (sign * y(p) > sign * y(best) ? p : best)));
  }
  return out;
}

/** Least-squares slope of y over x. */
function slope(points: readonly Point[], x: (p: Point) => number, y: (p: Point) => number): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + x(p), 0) / n;
  const my = points.reduce((s, p) => s + y(p), 0) / n;
  const num = points.reduce((s, p) => s + (x(p) - mx) * (y(p) - my), 0);
  const den = points.reduce((s, p) => s + (x(p) - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/**
 * Seven simulated days (SILLAGE_SOAK_DAYS) paced to fill ten wall minutes (SILLAGE_SOAK_MINUTES, at most SILLAGE_SOAK_MAX_MINUTES): one vessel at full
 * rate and a small fleet beside it, every part a real process (mosquitto, `sillage server` on SQLite, edge
 * agents). Resident memory, file descriptors and active handles of the server and the full-rate edge are
 * sampled throughout; the RSS slope is fitted to the per-window peaks after the first fifth (start-up and cache warm-up).
 */
export default async function run(): Promise<BenchResult[]> {
  const { dir, remove } = tempDir('sillage-soak-');
  const speedup = Math.round((days * DAY_MS) / (wallMinutes * 60_000));
  const tripStart = Math.floor((Date.now() - 60 * DAY_MS) / 1000) * 1000;
  const tripEnd = tripStart + days * DAY_MS;
  const broker = await mosquittoProcess(dir);
  await broker.start();
  const server = await serverProcess(dir, { mqttUrl: broker.url });
  await server.start();
  const edgeFor = (i: number, rate: number) => edgeProcess(join(dir, `v${i}`), {
    vessel: asVesselId(i === 0 ? 'soak' : `soak-fleet-${i}`), mqttUrl: broker.url,
    outboxPath: join(dir, `v${i}`, 'outbox.db'), positionPath: join(dir, `v${i}`, 'position'),
    seed: 1000 + i, tripStart, tripEnd, speedup: Math.max(1, Math.round(speedup * rate)),
  });
  for (let i = 0; i <= FLEET; i++) mkdirSync(join(dir, `v${i}`), { recursive: true });
  const edges = [edgeFor(0, 1), ...Array.from({ length: FLEET }, (_, i) => edgeFor(i + 1, FLEET_RATE))];
  for (const edge of edges) await edge.start();
  const main = edges[0]!;
  const points: Point[] = [];
  const started = Date.now();
  const deadline = started + maxWallMinutes * 60_000;
  let stalls = 0;
  try {
    while (Date.now() < deadline && (main.latest()?.position ?? 0) < tripEnd - 1000) {
      await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
      const text = await (await fetch(`${server.httpUrl}/metrics`)).text();
      const report = main.latest()!;
      const point: Point = {
        wallH: (Date.now() - started) / 3_600_000,
        simDays: (report.position - tripStart) / DAY_MS,
        serverRss: metric(text, 'process_resident_memory_bytes') / 2 ** 20,
        serverHeap: metric(text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
        edgeRss: rss(main.pid),
        serverFds: fds(server.pid), edgeFds: fds(main.pid),
        serverHandles: metric(text, 'nodejs_active_handles_total'), edgeHandles: report.activeResources,
        values: metric(text, 'sillage_ingest_values_total'),
        lagS: metric(text, 'nodejs_eventloop_lag_p99_seconds'),
      };
      const previous = points.at(-1);
      if (previous && point.values === previous.values) stalls++;
      points.push(point);
      console.log(`  ${(point.wallH * 60).toFixed(1)} min, ${point.simDays.toFixed(2)} d: server ${point.serverRss.toFixed(0)} MB (heap ${point.serverHeap.toFixed(0)})/${point.serverFds} fds/${point.serverHandles} handles, edge ${point.edgeRss.toFixed(0)} MB/${point.edgeFds} fds/${point.edgeHandles} resources, ${point.values} values stored, backlog ${report.backlog}`);
    }
  } finally {
    for (const edge of edges) await edge.stop();
    await server.stop();
    await broker.stop();
    remove();
  }
  const steady = points.slice(Math.floor(points.length / 5));
  const last = points.at(-1)!;
  const covered = last.simDays;
  const honest = covered < days - 0.01
    ? `covered ${covered.toFixed(2)} of ${days} simulated days in ${(last.wallH * 60).toFixed(1)} wall min (the machine could not keep ${speedup}×)`
    : `${days} simulated days in ${(last.wallH * 60).toFixed(1)} wall min (clock paced at ${speedup}×, ${Math.round((covered * DAY_MS) / (last.wallH * 3_600_000))}× achieved)`;
  const settings = `SILLAGE_SOAK_DAYS=${days} SILLAGE_SOAK_MINUTES=${wallMinutes} SILLAGE_SOAK_MAX_MINUTES=${maxWallMinutes}`;
  const note = `${honest} (${settings}); 1 vessel at 1 Hz (40 values/s simulated) + ${FLEET} fleet vessels at ${FLEET_RATE}× its pace; mosquitto, sillage server (SQLite) and edges as separate processes; ${points.length} samples every ${SAMPLE_EVERY_MS / 1000} s; RSS slopes fitted to the peaks of 6 windows after the first fifth (heap steps of ~15 MB make a short run's slope an upper bound, not a leak rate)`;
  const span = (f: (p: Point) => number) => Math.max(...steady.map(f)) - Math.min(...steady.map(f));
  const perDay = (y: (p: Point) => number) => slope(peaks(steady, y), (p) => p.simDays, y);
  const perHour = (y: (p: Point) => number) => slope(peaks(steady, y), (p) => p.wallH, y);
  const r = (id: string, value: number, unit: string): BenchResult => ({ id, value: Number(value.toFixed(3)), unit, reference: null, ratio: null, note });
  return [
    r('soak.server.rss_slope', perHour((p) => p.serverRss), 'MB per wall hour'),
    r('soak.server.rss_slope_per_day', perDay((p) => p.serverRss), 'MB per simulated day'),
    r('soak.server.heap_live_slope_per_day', slope(peaks(steady, (p) => p.serverHeap, 6, -1), (p) => p.simDays, (p) => p.serverHeap), 'MB of JS heap in use (window troughs) per simulated day'),
    r('soak.edge.rss_slope', perHour((p) => p.edgeRss), 'MB per wall hour'),
    r('soak.edge.rss_slope_per_day', perDay((p) => p.edgeRss), 'MB per simulated day'),
    r('soak.server.rss_final', last.serverRss, 'MB'),
    r('soak.edge.rss_final', last.edgeRss, 'MB'),
    r('soak.server.fd_span', span((p) => p.serverFds), 'fds (max − min after warm-up)'),
    r('soak.edge.fd_span', span((p) => p.edgeFds), 'fds (max − min after warm-up)'),
    r('soak.server.handles_span', span((p) => p.serverHandles), 'active handles (max − min after warm-up)'),
    r('soak.edge.resources_span', span((p) => p.edgeHandles), 'active resources (max − min after warm-up)'),
    r('soak.ingest.stalled_intervals', stalls, `${SAMPLE_EVERY_MS / 1000} s intervals with no value stored`),
    r('soak.ingest.values_per_s', last.values / (last.wallH * 3600), 'values stored per wall second'),
    r('soak.simulated_days', covered, 'simulated days'),
  ];
}

