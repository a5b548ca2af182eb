import { CompactDecodeError, decodeCompactBatch, isCompactPayload } from './compact-telemetry.ts';
import { parseTelemetryBatch, validateTelemetryBatch, type ParsedBatch } from './telemetry.ts';

/**
 * Reads a telemetry payload in either encoding the shore accepts: the contract's JSON, or the negotiated
 * compact form, told apart by its first bytes. Both go through the same checks value by value.
 */
export function parseTelemetryPayload(payload: Uint8Array | string, now: number): ParsedBatch {
  if (typeof payload === 'string' || !isCompactPayload(payload)) return parseTelemetryBatch(payload, now);
  try {
    return validateTelemetryBatch(decodeCompactBatch(payload), now);
  } catch (err) {
    if (!(err instanceof CompactDecodeError)) throw err;
    return { ok: false, rejection: { reason: 'invalid-batch', detail: `compact encoding: ${err.message}`, item: Buffer.from(payload).toString('base64') } };
  }
}
