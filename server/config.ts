import { z } from 'zod';
import { vesselIdSchema } from '../shared/wire/ids.ts';

const port = z.number().int().min(0).max(65535);

export const serverConfigSchema = z.strictObject({
  http: z.strictObject({ host: z.string().default('127.0.0.1'), port: port.default(8080) }).prefault({}),
  mqtt: z.strictObject({
    host: z.string().default('127.0.0.1'),
    port: port.default(1883),
    /** An external broker (mosquitto, EMQX…): when set, no embedded broker is started. */
    url: z.string().regex(/^mqtts?:\/\//).optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    /** Several ingest workers on one external broker share the telemetry through this MQTT 5 group. */
    sharedGroup: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  }).prefault({}),
  /** `http://user:pass@host:8086/database`: InfluxDB v1 API. Unset: the embedded SQLite store. */
  influxUrl: z.url({ protocol: /^https?$/ }).optional(),
  dataDir: z.string().default('./data'),
  vessels: z.array(z.strictObject({ id: vesselIdSchema, name: z.string().min(1).max(100) })).default([]),
});

export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type ServerConfigInput = z.input<typeof serverConfigSchema>;
