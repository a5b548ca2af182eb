import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { SignalPath } from '../registry/index.ts';
import { ByteReader, ByteWriter } from './byte-codec.ts';
import { dequantise, quantise } from './quantise.ts';
import { MAX_BATCH_BYTES, MAX_SAMPLES_PER_BATCH, type TelemetryBatch, type TelemetrySample } from './telemetry.ts';

/**
 * The compact telemetry encoding, negotiated beside the JSON of DESIGN §4 and never replacing it.
 *
 * Negotiation: the shore lists `COMPACT_ENCODING` in the `encodings` of its acks; an edge that has seen it may
 * publish batches in this form on the same `telemetry` topic. The payload says what it is by its first two
 * bytes (`MAGIC`), which no JSON text starts with, so the topic, the ACL and MQTT 3.1.1 stay as they are.
 *
 * Layout after the magic and a version byte, brotli-compressed:
 *   seq · n · t₀ · column(tᵢ − tᵢ₋₁) · paths · for each path: name · presence · column(quantised values)
 * A column is a run of integers written as deltas from the previous one (zigzag varints), with runs of equal
 * values written as one 0 and a count: a steady signal costs a few bytes per batch. Each value is quantised to
 * its signal's registry resolution, so the error is at most half a resolution step.
 */
export const COMPACT_ENCODING = 'sillage-compact-1';
const MAGIC = [0xa7, 0x53] as const;
const VERSION = 1;
/** A compressed payload is small; this bounds what a hostile one can make the shore allocate. */
const MAX_DECOMPRESSED_BYTES = 8 * 1024 * 1024;
const MAX_PATHS = 512;

export class CompactDecodeError extends Error {}

export function isCompactPayload(payload: Uint8Array): boolean {
  return payload.length >= 3 && payload[0] === MAGIC[0] && payload[1] === MAGIC[1];
}

function writeColumn(w: ByteWriter, values: readonly number[]): void {
  let prev = 0;
  let run = 0;
  for (const v of values) {
    const d = v - prev;
    prev = v;
    if (d === 0) {
      run++;
      continue;
    }
    if (run > 0) {
      w.uint(0);
      w.uint(run - 1);
      run = 0;
    }
    // Non-zero deltas shift down by one: zigzag(d) ≥ 1, so 0 is free to mark a run.
    w.uint(zigzagNonZero(d));
  }
  if (run > 0) {
    w.uint(0);
    w.uint(run - 1);
  }
}

function readColumn(r: ByteReader, count: number): number[] {
  const out: number[] = [];
  let prev = 0;
  while (out.length < count) {
    const token = r.uint();
    if (token === 0) {
      const run = r.uint() + 1;
      if (out.length + run > count) throw new CompactDecodeError('run past the end of its column');
      for (let i = 0; i < run; i++) out.push(prev);
      continue;
    }
    prev += unzigzagNonZero(token);
    if (!Number.isSafeInteger(prev)) throw new CompactDecodeError('value overflow');
    out.push(prev);
  }
  return out;
}

const zigzagNonZero = (d: number): number => (d > 0 ? d * 2 - 1 : -d * 2);
const unzigzagNonZero = (z: number): number => (z % 2 === 1 ? (z + 1) / 2 : -z / 2);

/**
 * The compact form of a batch, or undefined when a value cannot be quantised (an unknown path, NaN, ±∞): such a
 * batch goes as JSON so the shore can judge each value and keep the bad ones with their reason.
 */
export function encodeCompactBatch(batch: TelemetryBatch): Buffer | undefined {
  const n = batch.samples.length;
  const columns = new Map<string, { present: boolean[]; values: number[] }>();
  for (let i = 0; i < n; i++) {
    for (const [path, value] of Object.entries(batch.samples[i]!.v)) {
      const q = quantise(path, value);
      if (q === undefined) return undefined;
      let column = columns.get(path);
      if (!column) {
        column = { present: new Array<boolean>(n).fill(false), values: [] };
        columns.set(path, column);
      }
      column.present[i] = true;
      column.values.push(q);
    }
  }
  const w = new ByteWriter();
  w.uint(batch.seq);
  w.uint(n);
  if (n > 0) {
    w.uint(batch.samples[0]!.t);
    const steps: number[] = [];
    for (let i = 1; i < n; i++) steps.push(batch.samples[i]!.t - batch.samples[i - 1]!.t);
    writeColumn(w, steps);
  }
  w.uint(columns.size);
  for (const [path, { present, values }] of columns) {
    w.text(path);
    const always = values.length === n;
    w.uint(always ? 0 : 1);
    if (!always) {
      const bitmap = new Uint8Array(Math.ceil(n / 8));
      present.forEach((p, i) => { if (p) bitmap[i >> 3]! |= 1 << (i & 7); });
      w.bytes(bitmap);
    }
    writeColumn(w, values);
  }
  const body = brotliCompressSync(w.done(), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: w.done().length },
  });
  return Buffer.concat([Buffer.from([...MAGIC, VERSION]), body]);
}

/** Reads a compact payload back into a batch; throws CompactDecodeError for anything malformed or oversized. */
export function decodeCompactBatch(payload: Uint8Array): TelemetryBatch {
  if (!isCompactPayload(payload)) throw new CompactDecodeError('not a compact telemetry payload');
  if (payload[2] !== VERSION) throw new CompactDecodeError(`unknown compact version ${payload[2]}`);
  if (payload.length > MAX_BATCH_BYTES) throw new CompactDecodeError(`${payload.length} bytes > ${MAX_BATCH_BYTES}`);
  let body: Buffer;
  try {
    body = brotliDecompressSync(payload.subarray(3), { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch (err) {
    throw new CompactDecodeError(`cannot decompress: ${(err as Error).message}`);
  }
  try {
    return readBody(new ByteReader(body));
  } catch (err) {
    if (err instanceof CompactDecodeError) throw err;
    throw new CompactDecodeError((err as Error).message);
  }
}

function readBody(r: ByteReader): TelemetryBatch {
  const seq = r.uint();
  const n = r.uint();
  if (n > MAX_SAMPLES_PER_BATCH) throw new CompactDecodeError(`${n} samples > ${MAX_SAMPLES_PER_BATCH}`);
  const times: number[] = [];
  if (n > 0) {
    times.push(r.uint());
    for (const step of readColumn(r, n - 1)) times.push(times[times.length - 1]! + step);
  }
  const values: Record<string, number>[] = times.map(() => ({}));
  const pathCount = r.uint();
  if (pathCount > MAX_PATHS) throw new CompactDecodeError(`${pathCount} paths > ${MAX_PATHS}`);
  for (let p = 0; p < pathCount; p++) {
    const path = r.text(256);
    const partial = r.uint() === 1;
    const bitmap = partial ? r.bytes(Math.ceil(n / 8)) : undefined;
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (!bitmap || (bitmap[i >> 3]! & (1 << (i & 7))) !== 0) rows.push(i);
    const column = readColumn(r, rows.length);
    for (let k = 0; k < rows.length; k++) {
      // An unknown path cannot be dequantised; it is kept as its raw quantum so the shore rejects it by name.
      values[rows[k]!]![path] = dequantise(path, column[k]!) ?? column[k]!;
    }
  }
  if (r.remaining !== 0) throw new CompactDecodeError(`${r.remaining} bytes after the last column`);
  const samples: TelemetrySample[] = times.map((t, i) => ({ t, v: values[i] as Record<SignalPath, number> }));
  return { seq, samples };
}
