import { z } from 'zod';
import { vesselIdSchema } from '../shared/wire/ids.ts';
import { alarmConfigSchema } from './alarms/config.ts';
import { displayConfigSchema } from './display/config.ts';
import { onboardProfileSchema } from './display/vessel-profile.ts';
import { sourceConfigSchema } from './sources/source-config.ts';

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
    /** Long: each ping costs on a satellite link, and cellular NATs keep a quiet TCP flow a few minutes. */
    keepaliveSeconds: z.number().int().min(10).max(3600).default(120),
    /** Pause between reconnection attempts, doubling with jitter from minMs to maxMs. */
    reconnect: z.strictObject({
      minMs: z.number().int().positive().default(1000),
      maxMs: z.number().int().positive().default(60_000),
    }).refine((r) => r.minMs <= r.maxMs, { message: 'mqtt.reconnect.minMs must not exceed maxMs' }).prefault({}),
  }).prefault({}),
  link: z.strictObject({
    /**
     * `compact` (default, docs/LINK.md): batches quantised to the registry's resolution, which is no coarser than
     * the instruments' own step, kept compact on board and sent compact once the shore's acks say it reads it
     * (the contract's JSON until then). `json`: the contract's JSON, values bit for bit as sampled.
     */
    encoding: z.enum(['compact', 'json']).default('compact'),
    /** Average bytes per second telemetry may use on the link; 0 = no limit. Live data goes first. */
    budgetBytesPerSecond: z.number().int().min(0).default(0),
    /** Batches sealed this recently (ms) are live and go before the backlog. */
    liveWindowMs: z.number().int().positive().default(60_000),
  }).prefault({}),
  outbox: z.strictObject({
    path: z.string().default('./data/edge-outbox.db'),
    /** Samples per telemetry batch: larger batches cost fewer bytes per sample on a slow link. */
    batchSamples: z.number().int().min(1).max(10_000).default(60),
    /** A batch is sealed when it is full or when its oldest sample is this old. */
    batchMaxAgeMs: z.number().int().positive().default(10_000),
    /**
     * Bytes of telemetry the outbox may hold (compact, 1.5 MB per day at 1 Hz for La Frégate: 175 days). Beyond it the
     * oldest data is thinned to 1-minute means, then dropped, with an event and counters each time.
     */
    quotaBytes: z.number().int().min(64 * 1024).default(256 * 1024 * 1024),
  }).prefault({}),
  /** Devices sampled once a second: Modbus TCP, NMEA 0183 over UDP, Signal K. */
  sources: z.array(sourceConfigSchema).default([]),
  /** Without it the display cannot estimate fuel saved, its battery is the display config's alone, and alarms keep their defaults. */
  profile: onboardProfileSchema.optional(),
  /** Overrides of the thresholds the vessel profile gives. */
  alarms: alarmConfigSchema.prefault({}),
  display: displayConfigSchema.prefault({}),
});

export type EdgeConfig = z.infer<typeof edgeConfigSchema>;
export type EdgeConfigInput = z.input<typeof edgeConfigSchema>;
