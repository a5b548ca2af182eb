/**
 * An edge agent run as its own process so the durability test can SIGKILL it: `node --import tsx
 * killable-agent.ts` with its settings in the environment. Its source notes every value it hands the sampler in
 * an append-only log before returning it, and stamps each with the run number, so a second reading of one
 * instant (after a restart) would show as a different value on shore.
 */
import { appendFileSync } from 'node:fs';
import { EdgeAgent } from '../../../edge/agent.ts';
import type { SignalPath } from '../../../shared/registry/index.ts';
import type { Readings, TelemetrySource } from '../../../shared/source.ts';
import { CatchUpClock } from '../../../shared/time/clock.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const run = Number(env('RUN'));
const producedLog = env('PRODUCED_LOG');
/** Vessel time = TRIP_START + (wall − WALL_START) × SPEEDUP, the same across restarts, as a real clock is. */
const tripStart = Number(env('TRIP_START'));
const wallStart = Number(env('WALL_START'));
const speedup = Number(env('SPEEDUP'));

const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const VOLT = 'electrical.batteries.main.voltage' as SignalPath;
const POWER = 'propulsion.main.power' as SignalPath;

const source: TelemetrySource = {
  name: 'numbered',
  async start() {},
  async stop() {},
  read(t: number): Readings {
    const second = t / 1000;
    const values = { [SOC]: (second % 1000) / 1000, [VOLT]: 500 + run, [POWER]: (second % 5000) * 10 } as Readings;
    appendFileSync(producedLog, `${t} ${run} ${values[SOC]} ${values[VOLT]} ${values[POWER]}\n`);
    return values;
  },
};

const agent = new EdgeAgent({
  config: {
    vessel: env('VESSEL'),
    mqtt: { url: env('MQTT_URL'), ackTimeoutMs: 3000, statusIntervalMs: 1000, reconnect: { minMs: 200, maxMs: 1000 } },
    outbox: { path: env('OUTBOX'), batchSamples: 20, batchMaxAgeMs: 1000 },
    // Values on their registry resolution, so the compact encoding carries them exactly.
    link: { encoding: 'compact' },
    display: { enabled: false },
  },
  sources: [source],
  clock: new CatchUpClock(tripStart + (Date.now() - wallStart) * speedup, speedup),
});
await agent.start();
process.stdout.write('started\n');
process.on('SIGTERM', () => void agent.stop().then(() => process.exit(0)));
