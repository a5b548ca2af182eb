import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { modbusRegisterMapSchema } from '../../shared/devices/modbus-register-map.ts';
import { victronModbusDeviceSchema, victronMqttDeviceSchema } from '../../shared/devices/victron-gx.ts';
import { isSignalPath } from '../../shared/registry/index.ts';

const retrySchema = z.strictObject({
  minMs: z.number().int().positive().default(1000),
  maxMs: z.number().int().positive().default(60_000),
}).refine((r) => r.minMs <= r.maxMs, { message: 'retry.minMs must not exceed retry.maxMs' }).prefault({});

const name = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'source name: letters, digits, - and _ (at most 64)');

/** A register map inline, or the path of a JSON file holding one (read and validated at start). */
const registerMapSchema = z.union([
  modbusRegisterMapSchema,
  z.string().min(1).transform((file, ctx) => {
    try {
      const parsed = modbusRegisterMapSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: 'custom', message: `register map ${file}: ${z.prettifyError(parsed.error)}` });
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `register map ${file}: ${(err as Error).message}` });
    }
    return z.NEVER;
  }),
]);

/** An RS-485 line through a serial adapter; the settings are the meters' (9600 8N1 unless their manual says otherwise). */
const serialLineSchema = z.strictObject({
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(9600),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
});

export type SerialLine = z.infer<typeof serialLineSchema>;

/** The devices the agent samples, each validated here so a typo is one clear message at start. */
export const sourceConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('modbus'),
    name,
    /** Modbus TCP: the devices themselves or a gateway in front of them. */
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).default(502),
    /** Modbus RTU: the devices on a serial line, instead of `host`. */
    serial: serialLineSchema.optional(),
    map: registerMapSchema,
    pollMs: z.number().int().min(100).default(1000),
    timeoutMs: z.number().int().min(50).default(1000),
    retry: retrySchema,
  }).refine((c) => (c.host === undefined) !== (c.serial === undefined), { message: 'a modbus source names either a host (Modbus TCP) or a serial line (Modbus RTU)' }),
  z.strictObject({
    kind: z.literal('nmea0183'),
    name,
    /** `udp`: listen for datagrams on host:port; `tcp`: connect to the multiplexer or gateway at host:port. */
    transport: z.enum(['udp', 'tcp']).default('udp'),
    /** For UDP the address to listen on (default every interface); for TCP the device's, required. */
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).default(10110),
    maxAgeMs: z.number().int().positive().default(3000),
    maxLineLength: z.number().int().min(82).max(65_536).default(1024),
    /** Path prefixes renamed onto the vessel's ids, e.g. `{"propulsion.shaft_1": "propulsion.main"}` for RPM. */
    rename: z.record(z.string(), z.string()).default({}),
    /** XDR transducer names → registry paths, e.g. `{"AIRTEMP": "environment.outside.temperature"}`. */
    transducers: z.record(z.string(), z.string().refine(isSignalPath, { message: 'not a registry path' })).default({}),
    retry: retrySchema,
  }).transform((source, ctx) => {
    if (source.host !== undefined) return { ...source, host: source.host };
    if (source.transport === 'udp') return { ...source, host: '0.0.0.0' };
    ctx.addIssue({ code: 'custom', path: ['host'], message: 'an NMEA 0183 TCP source needs the host of the device to connect to' });
    return z.NEVER;
  }),
  z.strictObject({
    kind: z.literal('signalk'),
    name,
    url: z.string().regex(/^wss?:\/\//, 'signalk url must start with ws:// or wss://'),
    rename: z.record(z.string(), z.string()).default({}),
    /** For a server with security on: a token its administrator issued, or a user to log in as. */
    auth: z.union([
      z.strictObject({ token: z.string().min(1) }),
      z.strictObject({ username: z.string().min(1), password: z.string().min(1) }),
    ]).optional(),
    maxAgeMs: z.number().int().positive().default(5000),
    retry: retrySchema,
  }),
  /** A Victron GX's Modbus TCP server, read by Victron's published register list (docs/VICTRON.md). */
  z.strictObject({
    kind: z.literal('victron-modbus'),
    name,
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(502),
    devices: z.array(victronModbusDeviceSchema).min(1),
    pollMs: z.number().int().min(100).default(1000),
    timeoutMs: z.number().int().min(50).default(1000),
    retry: retrySchema,
  }),
  /** A Victron GX's MQTT broker (Venus OS), plain MQTT: the GX's TLS listener is not supported yet. */
  z.strictObject({
    kind: z.literal('victron-mqtt'),
    name,
    url: z.string().regex(/^mqtt:\/\//, 'victron-mqtt url must start with mqtt:// (plain MQTT, port 1883 on the GX)'),
    portalId: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'portalId: the GX\'s VRM portal id (letters and digits)'),
    devices: z.array(victronMqttDeviceSchema).min(1),
    keepaliveMs: z.number().int().min(1000).max(55_000).default(30_000),
    maxAgeMs: z.number().int().positive().default(5000),
    retry: retrySchema,
  }),
]);

export type SourceConfig = z.infer<typeof sourceConfigSchema>;
