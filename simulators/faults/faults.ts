import { z } from 'zod';
import { isSignalPath, type SignalPath } from '../../shared/registry/index.ts';
import type { Readings } from '../../shared/source.ts';
import { Random } from '../random.ts';

export const FAULT_KINDS = ['dropout', 'stuck', 'spike', 'nan', 'silent-device', 'clock-jump', 'link-outage', 'corrupt-frame'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault over [start, end) epoch ms. Sensor faults name a path, device faults a Modbus unit id. */
export const faultSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS),
  start: z.number().int(),
  end: z.number().int(),
  path: z.string().refine(isSignalPath, 'unknown signal path').optional(),
  unitId: z.number().int().min(0).max(255).optional(),
  /** Spike: factor applied to the value; clock jump: offset added to timestamps, ms. */
  magnitude: z.number().optional(),
}).refine((f) => f.end > f.start, 'a fault must end after it starts')
  .refine((f) => !['dropout', 'stuck', 'spike', 'nan'].includes(f.kind) || f.path !== undefined, 'a sensor fault names its path')
  .refine((f) => f.kind !== 'silent-device' || f.unitId !== undefined, 'a silent-device fault names its unitId');
export const faultPlanSchema = z.array(faultSchema);
export type Fault = z.infer<typeof faultSchema>;

/**
 * Faults drawn by seed: on average `perHour` faults an hour of every kind in turn, lasting 10 s to 10 min, on the
 * given paths and units. The same seed gives the same plan.
 */
export function randomFaultPlan(options: { seed: number; start: number; end: number; perHour: number; paths: readonly SignalPath[]; units: readonly number[] }): Fault[] {
  const rng = new Random(options.seed ^ 0x5eed);
  const faults: Fault[] = [];
  const meanGap = 3_600_000 / options.perHour;
  for (let t = options.start + rng.uniform(0, meanGap); t < options.end; t += -Math.log(1 - rng.next()) * meanGap) {
    const kind = FAULT_KINDS[Math.floor(rng.next() * FAULT_KINDS.length)]!;
    const start = Math.round(t / 1000) * 1000;
    const end = start + Math.round(rng.uniform(10, 600)) * 1000;
    const path = options.paths[Math.floor(rng.next() * options.paths.length)];
    const unitId = options.units[Math.floor(rng.next() * options.units.length)];
    const fault: Fault = { kind, start, end };
    if (['dropout', 'stuck', 'spike', 'nan'].includes(kind) && path) fault.path = path;
    if (kind === 'silent-device' && unitId !== undefined) fault.unitId = unitId;
    if (kind === 'spike') fault.magnitude = rng.uniform(3, 20);
    if (kind === 'clock-jump') fault.magnitude = Math.round(rng.uniform(-3_600_000, 3_600_000));
    if (fault.kind === 'silent-device' && fault.unitId === undefined) continue;
    if (['dropout', 'stuck', 'spike', 'nan'].includes(kind) && !fault.path) continue;
    faults.push(fault);
  }
  return faults;
}

/**
 * Applies a fault plan to what the devices show, never to the truth: sensor faults change readings, device faults
 * silence a Modbus unit or the whole link, clock jumps shift the timestamps a device reports, corrupted frames
 * flip a character of an NMEA sentence (so its checksum fails) or garble a Modbus RTU answer.
 */
export class FaultInjector {
  private readonly held = new Map<string, number>();
  /** Faults that have been active at least once, by kind. */
  readonly fired: Partial<Record<FaultKind, number>> = {};

  constructor(private readonly faults: readonly Fault[]) {}

  private active(t: number, kind: FaultKind): Fault[] {
    return this.faults.filter((f) => f.kind === kind && f.start <= t && t < f.end);
  }

  private count(kind: FaultKind): void {
    this.fired[kind] = (this.fired[kind] ?? 0) + 1;
  }

  readings(t: number, clean: Readings): Readings {
    const out = { ...clean } as Record<string, number>;
    for (const f of this.faults) {
      if (!f.path || t < f.start || t >= f.end) {
        if (f.kind === 'stuck' && f.path && t >= f.end) this.held.delete(f.path);
        continue;
      }
      this.count(f.kind);
      if (f.kind === 'dropout') delete out[f.path];
      else if (f.kind === 'nan') out[f.path] = Number.NaN;
      else if (f.kind === 'spike') out[f.path] = (out[f.path] ?? 0) * (f.magnitude ?? 10);
      else if (f.kind === 'stuck') {
        if (!this.held.has(f.path) && out[f.path] !== undefined) this.held.set(f.path, out[f.path]!);
        const v = this.held.get(f.path);
        if (v !== undefined) out[f.path] = v;
      }
    }
    return out as Readings;
  }

  /** Whether the link is up and this Modbus unit answers at `t`. */
  answers(t: number, unitId: number): boolean {
    if (this.active(t, 'link-outage').length > 0) { this.count('link-outage'); return false; }
    if (this.active(t, 'silent-device').some((f) => f.unitId === unitId)) { this.count('silent-device'); return false; }
    return true;
  }

  linkUp(t: number): boolean {
    if (this.active(t, 'link-outage').length === 0) return true;
    this.count('link-outage');
    return false;
  }

  /** The time a device's clock shows at true time `t`. */
  deviceTime(t: number): number {
    const jumps = this.active(t, 'clock-jump');
    if (jumps.length) this.count('clock-jump');
    return t + jumps.reduce((s, f) => s + (f.magnitude ?? 0), 0);
  }

  /** Whether what the devices send at `t` arrives damaged (a corrupt-frame fault). */
  garbles(t: number): boolean {
    if (this.active(t, 'corrupt-frame').length === 0) return false;
    this.count('corrupt-frame');
    return true;
  }

  /** An NMEA sentence as it arrives: one character flipped while a corrupt-frame fault is active. */
  frame(t: number, sentence: string): string {
    if (!this.garbles(t)) return sentence;
    const i = 7 + (Math.floor(t / 1000) % Math.max(1, sentence.length - 12));
    const c = sentence.charCodeAt(i);
    return sentence.slice(0, i) + String.fromCharCode(c === 0x30 ? 0x31 : 0x30) + sentence.slice(i + 1);
  }
}
