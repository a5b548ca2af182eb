import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../../edge/agent.ts';
import { asSignalPath } from '../../../shared/registry/index.ts';
import type { Readings, TelemetrySource } from '../../../shared/source.ts';
import { CatchUpClock } from '../../../shared/time/clock.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { waitFor } from '../../helpers/wait.ts';

const VESSEL = asVesselId('fregate');
const SAMPLES = 200;
const MINUTE = 60_000;
const POWER = asSignalPath('propulsion.main.power');

/** A device giving `limit` readings, one a second, then nothing more: a closed set to find again ashore. */
class CountingSource implements TelemetrySource {
  readonly name = 'counter';
  readonly times: number[] = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  read(t: number): Readings {
    if (this.times.length >= SAMPLES) return {};
    this.times.push(t);
    return { [POWER]: this.times.length * 10 };
  }
}

interface LogLine { msg: string; detail: { error: string; failures: number }; at: number; brokenCalls: number }

describe('an observer of the samples that throws on every one of them, for three minutes and more', () => {
  let shore: RunningShore;
  let agent: EdgeAgent;
  const source = new CountingSource();
  const observed: number[] = [];
  const lines: LogLine[] = [];
  let brokenCalls = 0;

  beforeAll(async () => {
    shore = await startShore();
    // 200 s of samples at 20×: ten seconds of the test's time, and minutes on the agent's clock.
    const clock = new CatchUpClock(Date.now() - 4 * MINUTE, 20);
    agent = new EdgeAgent({
      config: {
        vessel: VESSEL,
        mqtt: { url: shore.mqttUrl },
        outbox: { path: join(shore.dataDir, 'edge.db'), batchSamples: 20, batchMaxAgeMs: 1000 },
        display: { enabled: false },
      },
      sources: [source],
      clock,
      log: (msg, detail) => {
        if (msg.startsWith('broken')) lines.push({ msg, detail: detail as LogLine['detail'], at: clock.now(), brokenCalls });
      },
    });
    agent.onSample('broken', () => {
      brokenCalls += 1;
      throw new Error('cannot draw');
    });
    agent.onSample('counting', (sample) => observed.push(sample.t));
    await agent.start();
    await waitFor(() => source.times.length >= SAMPLES, 30_000, `${SAMPLES} samples taken`);
    await waitFor(() => agent.backlog() === 0, 30_000, 'the outbox drained ashore');
  }, 90_000);

  afterAll(async () => {
    await agent.stop();
    await shore.stop();
  });

  it('goes on sampling every second, and the observers after it still see every sample', () => {
    expect(brokenCalls).toBe(SAMPLES);
    expect(observed).toEqual(source.times);
    expect(observed.every((t, i) => i === 0 || t - observed[i - 1]! === 1000)).toBe(true);
  });

  it('loses nothing: every sample is stored ashore and the outbox is empty', async () => {
    const first = source.times[0]!;
    const last = source.times.at(-1)!;
    expect(await shore.server.store.countValues(VESSEL, first, last + 1)).toBe(SAMPLES);
    expect(agent.backlog()).toBe(0);
  });

  it('logs the failure at once, then at most once a minute, every minute it lasts', () => {
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines[0]).toMatchObject({ msg: 'broken failed', detail: { error: 'cannot draw', failures: 1 }, brokenCalls: 1 });
    for (let i = 1; i < lines.length; i++) {
      expect(lines[i]!.at - lines[i - 1]!.at).toBeGreaterThanOrEqual(MINUTE);
    }
  });

  it('counts in each line every failure since the line before it', () => {
    for (let i = 1; i < lines.length; i++) {
      expect(lines[i]!.detail.failures).toBe(lines[i]!.brokenCalls - lines[i - 1]!.brokenCalls);
    }
  });
});
