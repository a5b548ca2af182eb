/**
 * The chaos test's vessel, run as its own process (`node --import tsx chaos-edge.ts CONFIG.json`) so it can be
 * SIGKILLed: the real edge agent sampling the deterministic simulator over a fixed trip window. After a kill it
 * resumes the trip where it was, as a real vessel's sensors keep running while its computer reboots: the test
 * then expects every second of the window in the store exactly once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { EdgeAgent } from '../../edge/agent.ts';
import type { Readings, TelemetrySource } from '../../shared/source.ts';
import { CatchUpClock, type Clock } from '../../shared/time/clock.ts';
import { vesselIdSchema } from '../../shared/wire/ids.ts';
import { resolveVesselProfile } from '../../shared/profile/load-profile.ts';
import { SimulatedVesselSource } from '../../simulators/vessel/simulated-vessel-source.ts';

export const chaosEdgeConfigSchema = z.strictObject({
  vessel: vesselIdSchema,
  mqttUrl: z.string(),
  outboxPath: z.string(),
  /** Where the trip's progress survives a kill: every sample before this time is in the outbox. */
  positionPath: z.string(),
  seed: z.number().int(),
  tripStart: z.number().int(),
  tripEnd: z.number().int(),
  speedup: z.number().min(1),
});
export type ChaosEdgeConfig = z.infer<typeof chaosEdgeConfigSchema>;

/** The simulator over [start, end): nothing after the end, and a note of progress before each reading. */
class TripWindow implements TelemetrySource {
  readonly name: string;
  position: number | undefined;
  constructor(private readonly inner: SimulatedVesselSource, private readonly end: number, private readonly positionPath: string) {
    this.name = inner.name;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  read(t: number): Readings {
    if (t >= this.end) return {};
    // The sampler reads `t` only after handing the previous sample to the outbox.
    writeFileSync(this.positionPath, String(t));
    this.position = t;
    return this.inner.read(t);
  }
}

/** The trip's accelerated clock, started when first asked so that the first sample is exactly `resumeAt`. */
class ResumedTripClock implements Clock {
  private clock: CatchUpClock | undefined;
  constructor(private readonly resumeAt: number, private readonly speedup: number) {}
  private get running(): CatchUpClock {
    this.clock ??= new CatchUpClock(this.resumeAt - 999, this.speedup);
    return this.clock;
  }
  now(): number { return this.running.now(); }
  delayUntil(t: number): number { return this.running.delayUntil(t); }
}

function resumePoint(config: ChaosEdgeConfig): number {
  try {
    return Math.max(config.tripStart, Number(readFileSync(config.positionPath, 'utf8')));
  } catch {
    return config.tripStart;
  }
}

const config = chaosEdgeConfigSchema.parse(JSON.parse(readFileSync(process.argv[2]!, 'utf8')));
const resumeAt = resumePoint(config);
const simulator = new SimulatedVesselSource({
  profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: config.seed, start: config.tripStart,
});
const trip = new TripWindow(simulator, config.tripEnd, config.positionPath);
const agent = new EdgeAgent({
  config: {
    vessel: config.vessel,
    mqtt: { url: config.mqttUrl, ackTimeoutMs: 3000, statusIntervalMs: 1000, maxInFlight: 16 },
    outbox: { path: config.outboxPath, batchSamples: 60, batchMaxAgeMs: 10_000 },
    display: { enabled: false },
  },
  sources: [trip],
  clock: new ResumedTripClock(resumeAt, config.speedup),
  log: (msg, detail) => console.error(msg, detail ?? ''),
});
await agent.start();
console.log(JSON.stringify({ started: resumeAt }));
const report = setInterval(() => {
  console.log(JSON.stringify({
    backlog: agent.backlog(), position: trip.position ?? resumeAt,
    rssBytes: process.memoryUsage.rss(), activeResources: process.getActiveResourcesInfo().length,
  }));
}, 250);
process.once('SIGTERM', () => {
  clearInterval(report);
  void agent.stop().then(() => process.exit(0));
});
