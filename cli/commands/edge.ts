import { z } from 'zod';
import { checkEdge } from '../../edge/check.ts';
import { edgeCommand as onboardEdgeCommand, parseEdgeFlags, readEdgeConfig, runAgent } from '../../edge/command.ts';
import { edgeConfigSchema } from '../../edge/config.ts';
import type { Command } from '../../shared/command-line/command.ts';
import { simulatedVessel } from '../simulated-vessel.ts';

/** What `sillage edge` reads: the agent's own config plus the simulator it may sample instead of devices. */
const edgeFileSchema = edgeConfigSchema.extend({
  simulator: z.strictObject({
    seed: z.number().int().default(1),
    speedup: z.number().min(1).max(100_000).default(1),
    /** The simulated trip starts this long ago and is replayed at `speedup` until it is live. */
    startHoursAgo: z.number().min(0).max(24 * 30).default(0),
  }).optional(),
});

/**
 * The onboard agent's command, able to sample a simulated vessel as well: the simulator stays out of the onboard
 * bundle (edge/main.ts), which has only the agent's own command.
 */
export const edgeCommand: Command = {
  ...onboardEdgeCommand,
  usage: `${onboardEdgeCommand.usage}
Simulator: "simulator": {seed, speedup, startHoursAgo} in the config samples a simulated vessel (here, not in the
onboard bundle dist/sillage-edge.mjs).`,
  async run(argv) {
    const flags = parseEdgeFlags(argv);
    const { simulator, ...config } = readEdgeConfig(edgeFileSchema, flags.config);
    const sim = simulator ? simulatedVessel(simulator) : undefined;
    const sources = sim ? [sim.source] : [];
    return flags.check
      ? checkEdge({ config, sources, clock: sim?.clock, timeoutMs: flags.check.timeoutMs })
      : runAgent({ config, sources, clock: sim?.clock });
  },
};
