import { z } from 'zod';
import { checkValue, type SignalPath } from '../registry/index.ts';

/** One instant of one vessel: signal path → value in SI units. */
export interface TelemetrySample {
  readonly t: number;
  readonly v: Readonly<Record<SignalPath, number>>;
}

export interface TelemetryBatch {
  readonly seq: number;
  readonly samples: readonly TelemetrySample[];
}

export const MAX_BATCH_BYTES = 1024 * 1024;
export const MAX_SAMPLES_PER_BATCH = 10_000;
const MAX_VALUES_PER_SAMPLE = 512;
export const MAX_FUTURE_MS = 5 * 60 * 1000;
/** Older than this is a clock that was never set, not data from a trial. */
export const EARLIEST_T = Date.UTC(2000, 0, 1);

const batchShape = z.object({
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  samples: z.array(z.unknown()).max(MAX_SAMPLES_PER_BATCH),
});

const sampleShape = z.object({
  t: z.number().int(),
  v: z.record(z.string(), z.unknown()),
});

export type RejectReason =
  | 'too-large' | 'invalid-json' | 'invalid-batch' | 'invalid-sample' | 'future-timestamp' | 'ancient-timestamp'
  | 'invalid-value-type' | 'unknown-path' | 'out-of-range' | 'not-finite' | 'topic-mismatch'
  /** A batch the store refused to write (HTTP 4xx, an SQLite constraint): kept whole, never retried. */
  | 'store-refused';

export const REJECT_REASONS: readonly RejectReason[] = [
  'too-large', 'invalid-json', 'invalid-batch', 'invalid-sample', 'future-timestamp', 'ancient-timestamp',
  'invalid-value-type', 'unknown-path', 'out-of-range', 'not-finite', 'topic-mismatch', 'store-refused',
];

export interface Rejection {
  readonly reason: RejectReason;
  readonly detail: string;
  /** What was refused, kept for the dead-letter store: the whole payload, one sample or one value. */
  readonly item: unknown;
}

export type ParsedBatch =
  | { ok: true; batch: TelemetryBatch; rejections: Rejection[] }
  | { ok: false; rejection: Rejection };

/**
 * Parses a telemetry payload, keeping every good value and giving a reason for every bad one: a batch is
 * refused whole only when it cannot be read as a batch at all.
 */
export function parseTelemetryBatch(payload: Uint8Array | string, now: number): ParsedBatch {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > MAX_BATCH_BYTES) {
    return { ok: false, rejection: { reason: 'too-large', detail: `${size} bytes > ${MAX_BATCH_BYTES}`, item: null } };
  }
  // Read in place: Buffer.from(payload) would copy the whole payload first.
  const text = typeof payload === 'string' ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, rejection: { reason: 'invalid-json', detail: (err as Error).message, item: text } };
  }
  return validateTelemetryBatch(json, now);
}

/** What `sampleShape` accepts, checked without copying the sample. */
function isPlainSample(raw: unknown): raw is { t: number; v: Record<string, unknown> } {
  if (typeof raw !== 'object' || raw === null) return false;
  const { t, v } = raw as { t?: unknown; v?: unknown };
  return Number.isSafeInteger(t) && typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The checks of a batch already read from its payload (JSON or the compact encoding), value by value. */
export function validateTelemetryBatch(json: unknown, now: number): ParsedBatch {
  const shape = batchShape.safeParse(json);
  if (!shape.success) {
    return { ok: false, rejection: { reason: 'invalid-batch', detail: z.prettifyError(shape.error), item: json } };
  }
  const rejections: Rejection[] = [];
  const samples: TelemetrySample[] = [];
  for (const raw of shape.data.samples) {
    // The plain check first: it is what ingest does for every sample; zod then only explains a bad one.
    const sample = isPlainSample(raw) ? { success: true as const, data: raw } : sampleShape.safeParse(raw);
    if (!sample.success) {
      rejections.push({ reason: 'invalid-sample', detail: z.prettifyError(sample.error), item: raw });
      continue;
    }
    const { t, v } = sample.data;
    if (t > now + MAX_FUTURE_MS) {
      rejections.push({ reason: 'future-timestamp', detail: `t=${t} is ${t - now} ms ahead`, item: raw });
      continue;
    }
    if (t < EARLIEST_T) {
      rejections.push({ reason: 'ancient-timestamp', detail: `t=${t} is before 2000-01-01`, item: raw });
      continue;
    }
    const paths = Object.keys(v);
    if (paths.length > MAX_VALUES_PER_SAMPLE) {
      rejections.push({ reason: 'invalid-sample', detail: `${paths.length} values > ${MAX_VALUES_PER_SAMPLE}`, item: { t } });
      continue;
    }
    // The sample's own object is kept when every value is good, as nearly all are: a copy is made only from
    // the first bad value on, the values before it copied then.
    let good: Record<string, unknown> | undefined;
    let count = 0;
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]!;
      const value = v[path];
      const verdict = typeof value !== 'number' ? 'invalid-value-type' : checkValue(path, value);
      if (verdict === 'ok') {
        if (good) good[path] = value;
        count++;
        continue;
      }
      good ??= Object.fromEntries(paths.slice(0, i).map((p) => [p, v[p]]));
      const detail = typeof value === 'number' ? `${path}=${value}` : `${path}: ${typeof value}`;
      rejections.push({ reason: verdict, detail, item: { t, path, value } });
    }
    if (count > 0) samples.push({ t, v: (good ?? v) as Record<SignalPath, number> });
  }
  return { ok: true, batch: { seq: shape.data.seq, samples }, rejections };
}

export function encodeTelemetryBatch(batch: TelemetryBatch): string {
  return JSON.stringify(batch);
}
