import type { z } from 'zod';
import { intFlag, parseFlags, untilSignalled, type Command } from '../shared/command-line/command.ts';
import { loadConfigFile, UsageError } from '../shared/command-line/config-file.ts';
import { withoutCredentials } from '../shared/url-credentials.ts';
import { EdgeAgent, type EdgeAgentOptions } from './agent.ts';
import { checkEdge } from './check.ts';
import { edgeConfigSchema } from './config.ts';

const usage = `Usage: sillage edge --config FILE [--check [--timeout SECONDS]]

  --config FILE   JSON edge configuration: vessel id, profile (a shipped vessel profile by name, e.g.
                  "la-fregate", or the path of a profile JSON: fuel saved on the display, alarm thresholds;
                  alarms {lowStateOfCharge, batteryOverTemperature, …} override it), mqtt {url, username, password, keepaliveSeconds,
                  reconnect}, outbox {path, quotaBytes}, link {encoding, budgetBytesPerSecond, liveWindowMs},
                  sources [{kind: "modbus", name, host, port, map (inline or file)}, {kind: "nmea0183",
                  name, port}, {kind: "signalk", name, url, rename}, {kind: "victron-modbus", name, host,
                  devices}, {kind: "victron-mqtt", name, url, portalId, devices}]. See docs/LINK.md, docs/VICTRON.md.
  --check         validate the configuration, ask every source once and print what each read (path, value, SI
                  unit) or why it did not answer, then exit: 0 when every source answered, 1 otherwise,
                  2 for an invalid configuration. Starts no link, outbox or display.
  --timeout S     with --check, seconds each source has to answer                                     [10]
Environment: SILLAGE_MQTT_URL overrides mqtt.url.`;

export interface EdgeFlags {
  config: string | undefined;
  /** Set by --check: probe the sources instead of running the agent. */
  check: { timeoutMs: number } | undefined;
}

export function parseEdgeFlags(argv: string[]): EdgeFlags {
  const { values } = parseFlags(argv, { config: { type: 'string' }, check: { type: 'boolean' }, timeout: { type: 'string' } });
  if (values.timeout !== undefined && !values.check) throw new UsageError('--timeout goes with --check');
  const timeoutSeconds = intFlag(values.timeout, 'timeout', 1) ?? 10;
  return { config: values.config, check: values.check ? { timeoutMs: timeoutSeconds * 1000 } : undefined };
}

/** The edge's configuration file, with the environment's overrides, validated by the agent's schema or one extending it. */
export function readEdgeConfig<S extends z.ZodType>(schema: S, path: string | undefined): z.infer<S> {
  return loadConfigFile(schema, path, { mqtt: { url: process.env.SILLAGE_MQTT_URL || undefined } });
}

/** Runs an agent until the process is asked to stop (Ctrl-C, a service manager's SIGTERM), then stops it cleanly. */
export async function runAgent(options: Omit<EdgeAgentOptions, 'log'>): Promise<number> {
  const agent = new EdgeAgent({ ...options, log: (msg, detail) => console.error(msg, detail ?? '') });
  await agent.start();
  const { vessel, mqtt, outbox } = agent.config;
  const sources = [...options.sources.map((s) => s.name), ...agent.devices.map((d) => d.name)].join(', ') || 'none';
  console.log(`sillage edge: vessel ${vessel} → ${withoutCredentials(mqtt.url)}, outbox ${outbox.path}, sources: ${sources}`);
  await untilSignalled();
  await agent.stop();
  return 0;
}

/** The agent on board, sampling the devices of its configuration: what the onboard bundle runs. */
export const edgeCommand: Command = {
  name: 'edge',
  summary: 'the onboard agent alone: sample sources, keep them on board, send them ashore',
  usage,
  run(argv) {
    const flags = parseEdgeFlags(argv);
    const config = readEdgeConfig(edgeConfigSchema, flags.config);
    return flags.check ? checkEdge({ config, sources: [], timeoutMs: flags.check.timeoutMs }) : runAgent({ config, sources: [] });
  },
};
