import { z } from 'zod';
import { conventionalVesselProfileSchema, vesselProfileSchema } from '../shared/profile/index.ts';
import { MAX_BATCH_BYTES } from '../shared/wire/telemetry.ts';
import { vesselIdSchema } from '../shared/wire/ids.ts';
import { SECRET_HASH_PATTERN } from './security/secrets.ts';
import { ROLES } from './security/web-access.ts';

const port = z.number().int().min(0).max(65535);
const secretHash = z.string().regex(SECRET_HASH_PATTERN, 'must be a scrypt hash as written by `sillage vessel add` or `sillage user add`');
const filePath = z.string().min(1);

const vesselSchema = z.strictObject({
  id: vesselIdSchema,
  name: z.string().min(1).max(100),
  /** How the vessel proves who it is to the embedded broker: a password (kept hashed), a client certificate, or both. */
  credentials: z.strictObject({
    secretHash: secretHash.optional(),
    /** Accept a TLS client certificate signed by `mqtt.tls.ca` whose common name is the vessel id. */
    certificate: z.boolean().default(false),
  }).optional(),
  /** Equipment, battery, baseline engine, métiers (see `profiles/` for La Frégate's). */
  profile: vesselProfileSchema.optional(),
  /**
   * A conventional vessel's profile (no battery, no electric drive, no harvesters): a trial's control vessel, whose
   * trips, phases and fuel are found from what such a boat shows (see `profiles/la-fregate-control.json`).
   */
  conventionalProfile: conventionalVesselProfileSchema.optional(),
  /** The conventional sister vessel fishing beside this hybrid in its trial: the control baseline (METHOD §3). */
  controlVessel: vesselIdSchema.optional(),
  /**
   * IPMVP option C (METHOD §3): a period in which this vessel ran conventionally, diesel only (before its refit).
   * The measured baseline is fitted on its stored trips and used only if it meets ASHRAE Guideline 14.
   */
  conventionalReference: z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
    .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: '`from` must be before `to`' })
    .optional(),
});

const userSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'user names are 1–64 of A-Z a-z 0-9 . _ @ -'),
  role: z.enum(ROLES),
  /** The one vessel a skipper sees. */
  vessel: vesselIdSchema.optional(),
  passwordHash: secretHash,
}).refine((u) => (u.role === 'skipper') === (u.vessel !== undefined), { message: 'a skipper has a vessel, and only a skipper has one' });

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
    /** `mqtts` beside the plain listener (which stays on `host`, loopback by default, for shore's own clients). */
    tls: z.strictObject({
      host: z.string().optional(),
      port: port.default(8883),
      cert: filePath,
      key: filePath,
      /** CA that signs client certificates (and, for the edge, the server's). */
      ca: filePath.optional(),
    }).optional(),
    /** Shore clients from other processes (ingest workers) allowed on the embedded broker. */
    shoreClients: z.array(z.strictObject({
      name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
      secretHash,
    })).default([]),
    limits: z.strictObject({
      /** Larger PUBLISH packets are refused as soon as their header arrives, before the body is buffered. */
      maxPacketBytes: z.number().int().min(1024).max(256 * 1024 * 1024).default(MAX_BATCH_BYTES + 64 * 1024),
      maxConnections: z.number().int().positive().default(1000),
      connectAttemptsPerMinute: z.number().int().positive().default(30),
      /** Failed logins per user name and address per minute before further attempts are refused unchecked. */
      authFailuresPerMinute: z.number().int().positive().default(5),
    }).prefault({}),
  }).prefault({}),
  security: z.strictObject({
    /**
     * production: refuses to start without credentials; plain MQTT only on loopback. demo: same checks on
     * credentials (the demo generates them). open: no authentication at all, for development and tests,
     * allowed only when every listener is on loopback.
     */
    mode: z.enum(['production', 'demo', 'open']).default('production'),
    sessionHours: z.number().positive().max(24 * 30).default(12),
    loginAttemptsPerMinute: z.number().int().positive().default(5),
  }).prefault({}),
  users: z.array(userSchema).default([]),
  metrics: z.strictObject({
    /**
     * The SHA-256 (hex) of a random token that Prometheus sends as `Authorization: Bearer <token>`: it opens
     * GET /metrics alone, without a web session. Only its digest is kept: the config never holds the token.
     */
    scrapeTokenSha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the SHA-256 of the scrape token: 64 hex digits')
      .transform((digest) => digest.toLowerCase()).optional(),
  }).prefault({}),
  /** `http://user:pass@host:8086/database`: InfluxDB v1 API. Unset: the embedded SQLite store. */
  influxUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** InfluxDB 2.x or 3.x API token, sent as `Authorization: Token` (the URL then names the bucket or database). */
  influxToken: z.string().min(1).optional(),
  dataDir: z.string().default('./data'),
  vessels: z.array(vesselSchema).default([]),
}).superRefine((config, ctx) => {
  if (config.influxToken !== undefined && config.influxUrl === undefined) {
    ctx.addIssue({ code: 'custom', path: ['influxToken'], message: 'influxToken is set but influxUrl is not' });
  }
  if (config.influxToken !== undefined && config.influxUrl !== undefined && new URL(config.influxUrl).username !== '') {
    ctx.addIssue({ code: 'custom', path: ['influxToken'], message: 'influxUrl carries a user name and influxToken a token: give one of them' });
  }
  const vesselIds = new Set<string>();
  for (const v of config.vessels) {
    if (vesselIds.has(v.id)) ctx.addIssue({ code: 'custom', path: ['vessels'], message: `vessel ${v.id} is declared twice` });
    vesselIds.add(v.id);
  }
  config.vessels.forEach((v, i) => {
    if (v.profile && v.conventionalProfile) {
      ctx.addIssue({ code: 'custom', path: ['vessels', i, 'conventionalProfile'], message: `vessel ${v.id} has a hybrid profile and a conventional one: give one` });
    }
    if (v.controlVessel === undefined) return;
    const control = config.vessels.find((c) => c.id === v.controlVessel);
    if (!control?.conventionalProfile) {
      ctx.addIssue({ code: 'custom', path: ['vessels', i, 'controlVessel'], message: `control vessel ${v.controlVessel} is not a declared vessel with a conventionalProfile` });
    }
  });
  const users = new Set<string>();
  for (const u of config.users) {
    if (users.has(u.name)) ctx.addIssue({ code: 'custom', path: ['users'], message: `user ${u.name} is declared twice` });
    users.add(u.name);
  }
  for (const c of config.mqtt.shoreClients) {
    // MQTT user names are vessel ids for vessels: a shore client of the same name would be ambiguous.
    if (vesselIds.has(c.name)) ctx.addIssue({ code: 'custom', path: ['mqtt', 'shoreClients'], message: `shore client ${c.name} has a vessel's name` });
  }
});

export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type ServerConfigInput = z.input<typeof serverConfigSchema>;
export type VesselConfig = z.infer<typeof vesselSchema>;
export type UserConfig = z.infer<typeof userSchema>;
