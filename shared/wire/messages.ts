import { z } from 'zod';

/**
 * Shore's answer on `sillage/v1/{vessel}/ack`. `seqs` (DESIGN §4) are batches durably stored. `refused` names
 * batches shore will never store (unreadable as a batch, or refused by the store) and has kept whole in its dead
 * letters: the vessel removes them from its outbox instead of sending them again forever. An edge that predates
 * `refused` ignores it and keeps re-sending, as before; a shore that predates it never sends it.
 */
export const ackSchema = z.object({
  seqs: z.array(z.number().int().nonnegative()).max(100_000),
  refused: z.array(z.object({
    seq: z.number().int().nonnegative(),
    /** The dead letter's reason (`RejectReason`, or `store-refused`). */
    reason: z.string().min(1).max(64),
    detail: z.string().max(500).optional(),
  })).max(1000).optional(),
  /** Telemetry encodings the shore reads besides JSON (see shared/wire/compact-telemetry.ts); absent = JSON only. */
  encodings: z.array(z.string().max(64)).max(16).optional(),
});
export type Ack = z.infer<typeof ackSchema>;

export const statusSchema = z.object({
  state: z.enum(['online', 'offline']),
  t: z.number().int(),
  backlog: z.number().int().nonnegative(),
});
export type VesselStatus = z.infer<typeof statusSchema>;

export const eventSchema = z.object({
  t: z.number().int(),
  kind: z.string().min(1).max(64),
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type VesselEvent = z.infer<typeof eventSchema>;

/** Parses a small JSON control message, returning undefined for anything malformed. */
export function parseMessage<T>(schema: z.ZodType<T>, payload: Uint8Array | string): T | undefined {
  if (payload.length > 64 * 1024) return undefined;
  try {
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
