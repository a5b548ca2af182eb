import { z } from 'zod';
import { EdgeAgent } from '../../edge/agent.ts';
import { edgeConfigSchema } from '../../edge/config.ts';
import { withoutCredentials } from '../../shared/url-credentials.ts';
import { parseFlags, untilSignalled, type Command } from '../command.ts';
import { loadConfigFile } from '../config-file.ts';
import { simulatedVessel } from '../simulated-vessel.ts';

/** What the `edge` command reads: the agent's own config plus the simulator it may sample instead of devices. */
const edgeFileSchema = edgeConfigSchema.extend({
  simulator: z.strictObject({
    seed: z.number().int().default(1),
    speedup: z.number().min(1).max(100_000).default(1),
    /** The simulated trip starts this long ago and is replayed at `speedup` until it is live. */
    startHoursAgo: z.number().min(0).max(24 * 30).default(0),
  }).optional(),
});

export const edgeCommand: Command = {
  name: 'edge',
  summary: 'the onboard agent alone: sample sources, keep them on board, send them ashore',
  usage: `Usage: sillage edge --config FILE

  --config FILE   JSON edge configuration: vessel id, profile (a shipped vessel profile by name, e.g.
                  "la-fregate", or the path of a profile JSON: fuel saved on the display, alarm thresholds;
                  alarms {lowStateOfCharge, batteryOverTemperature, …} override it), mqtt {url, username, password, keepaliveSeconds,
                  reconnect}, outbox {path, quotaBytes}, link {encoding, budgetBytesPerSecond, liveWindowMs},
                  sources [{kind: "modbus", name, host, port, map (inline or file)}, {kind: "nmea0183",
                  name, port}, {kind: "signalk", name, url, rename}], and optionally simulator {seed,
                  speedup, startHoursAgo} to sample a simulated vessel. See docs/LINK.md.
Environment: SILLAGE_MQTT_URL overrides mqtt.url.`,
  async run(argv) {
    const { values } = parseFlags(argv, { config: { type: 'string' } });
    const config = loadConfigFile(edgeFileSchema, values.config, { mqtt: { url: process.env.SILLAGE_MQTT_URL || undefined } });
    const { simulator, ...edgeConfig } = config;
    const sim = simulator ? simulatedVessel(simulator) : undefined;
    const agent = new EdgeAgent({
      config: edgeConfig,
      sources: sim ? [sim.source] : [],
      clock: sim?.clock,
      log: (msg, detail) => console.error(msg, detail ?? ''),
    });
    await agent.start();
    console.log(`sillage edge: vessel ${config.vessel} → ${withoutCredentials(config.mqtt.url)}, outbox ${config.outbox.path}, sources: ${[...(sim ? [sim.source.name] : []), ...agent.devices.map((d) => d.name)].join(', ') || 'none'}`);
    await untilSignalled();
    await agent.stop();
    return 0;
  },
};
