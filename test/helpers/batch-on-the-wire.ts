import { decodeCompactBatch, isCompactPayload } from '../../shared/wire/compact-telemetry.ts';
import type { TelemetryBatch } from '../../shared/wire/telemetry.ts';

/** A telemetry payload as a spy on the broker sees it: compact (the default) or the contract's JSON. */
export const batchOnTheWire = (payload: Buffer): TelemetryBatch =>
  (isCompactPayload(payload) ? decodeCompactBatch(payload) : JSON.parse(payload.toString()) as TelemetryBatch);
