import { z } from 'zod';

declare const vesselIdBrand: unique symbol;
/** `[a-z0-9][a-z0-9-]{0,31}`: safe in MQTT topics, URLs, InfluxDB tags and file names alike. */
export type VesselId = string & { readonly [vesselIdBrand]: true };

export const VESSEL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

export const vesselIdSchema = z
  .string()
  .regex(VESSEL_ID_PATTERN, 'vessel id must match [a-z0-9][a-z0-9-]{0,31}')
  .transform((s) => s as VesselId);

export function isVesselId(s: string): s is VesselId {
  return VESSEL_ID_PATTERN.test(s);
}

export function asVesselId(s: string): VesselId {
  if (!isVesselId(s)) throw new Error(`invalid vessel id: ${JSON.stringify(s)}`);
  return s;
}
