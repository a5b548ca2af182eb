import type { SignalPath } from '../../shared/registry/index.ts';
import type { Readings, TelemetrySource } from '../../shared/source.ts';
import type { DeviceStatus } from './device-health.ts';

/** What one source showed when asked once: the values it gave, how each of its devices answered, or why it could not start. */
export interface SourceProbe {
  readonly source: string;
  readonly readings: Readings;
  readonly devices: readonly DeviceStatus[];
  /** Why the source could not start, or did not answer in time. */
  readonly failure?: string;
  /** It started, gave at least one value, and every device it has answered well. */
  readonly answered: boolean;
}

type ProbedSource = TelemetrySource & { status?(): DeviceStatus[] };

const POLL_MS = 100;

/**
 * Starts a source, collects what it reads until each of its devices has answered once (or, for a source that
 * does not report its devices, until it gave a value) or its link is down, then stops it. Works on the common source interface alone,
 * so every kind of device source is probed alike; `timeoutMs` bounds the whole, start included.
 */
export async function probeSource(source: ProbedSource, timeoutMs: number, now: () => number = Date.now): Promise<SourceProbe> {
  const readings: Partial<Record<SignalPath, number>> = {};
  const deadline = Date.now() + timeoutMs;
  const collect = async () => Object.assign(readings, await source.read(now()));
  const devices = () => source.status?.() ?? [];
  // A source whose link is down asks none of its devices: that is its whole answer for this round.
  const settled = () => (source.status
    ? devices().every((d) => d.state !== undefined) || devices().some((d) => d.state === 'disconnected')
    : Object.keys(readings).length > 0);
  let failure: string | undefined;
  try {
    await beforeDeadline(source.start(), deadline, 'did not start');
    while (!settled() && Date.now() < deadline) {
      await collect();
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    // Values of the round that settled the devices arrived with it: one more read hands them over.
    await collect();
    if (!settled()) failure = `no answer within ${timeoutMs} ms`;
  } catch (err) {
    failure = (err as Error).message;
  } finally {
    await source.stop().catch(() => undefined);
  }
  const statuses = devices();
  const answered = failure === undefined && Object.keys(readings).length > 0 && statuses.every((d) => d.state === 'ok');
  return { source: source.name, readings, devices: statuses, failure, answered };
}

function beforeDeadline<T>(work: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within the time allowed`)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
