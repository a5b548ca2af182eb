import { z } from 'zod';
import { vesselIdSchema } from '../shared/wire/ids.ts';
import { alarmConfigSchema } from './alarms/config.ts';
import { displayConfigSchema } from './display/config.ts';

export const edgeConfigSchema = z.strictObject({
  vessel: vesselIdSchema,
  mqtt: z.strictObject({
    url: z.string().regex(/^mqtts?:\/\//, 'mqtt.url must start with mqtt:// or mqtts://').default('mqtt://127.0.0.1:1883'),
    username: z.string().optional(),
    password: z.string().optional(),
    /** Files for `mqtts`: the CA that signed the shore's certificate, and an optional client certificate. */
    tls: z.strictObject({
      ca: z.string().min(1).optional(),
      cert: z.string().min(1).optional(),
      key: z.string().min(1).optional(),
    }).refine((t) => (t.cert === undefined) === (t.key === undefined), { message: 'tls.cert and tls.key go together' }).optional(),
    maxInFlight: z.number().int().positive().default(16),
    ackTimeoutMs: z.number().int().positive().default(30_000),
    statusIntervalMs: z.number().int().positive().default(10_000),
  }).prefault({}),
  outbox: z.strictObject({
    path: z.string().default('./data/edge-outbox.db'),
    /** Samples per telemetry batch: larger batches cost fewer bytes per sample on a slow link. */
    batchSamples: z.number().int().min(1).max(10_000).default(60),
    /** A batch is sealed when it is full or when its oldest sample is this old. */
    batchMaxAgeMs: z.number().int().positive().default(10_000),
  }).prefault({}),
  alarms: alarmConfigSchema.prefault({}),
  display: displayConfigSchema.prefault({}),
});

export type EdgeConfig = z.infer<typeof edgeConfigSchema>;
export type EdgeConfigInput = z.input<typeof edgeConfigSchema>;
