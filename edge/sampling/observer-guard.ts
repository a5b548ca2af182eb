export type FaultLog = (msg: string, detail?: unknown) => void;

interface ObserverFaults {
  /** Clock time of the last line logged for this observer. */
  loggedAt: number;
  /** Failures since that line, not logged yet. */
  unlogged: number;
}

/**
 * Calls the observers of the agent's hot paths (a sample taken, an alarm changed) so that one that throws cannot
 * stop the caller: sampling, the outbox and the link must go on whatever the display or a listener does, as
 * signalk-server's delta chain forwards a delta past a throwing handler. A broken observer throws on every call,
 * once a second for weeks: its first failure is logged at once, then one line a minute at most, with how many
 * failures that line stands for, so the log says it is still broken without filling the onboard disk.
 */
export class ObserverGuard {
  private readonly faults = new Map<string, ObserverFaults>();

  constructor(
    private readonly log: FaultLog,
    /** The clock the minutes are counted on. */
    private readonly now: () => number,
    private readonly intervalMs = 60_000,
  ) {}

  /** Runs `observer`; a throw is logged under `name` and goes no further. */
  call(name: string, observer: () => void): void {
    try {
      observer();
    } catch (err) {
      this.report(name, err);
    }
  }

  /** A failure on the same paths caught elsewhere (the outbox refusing a sample), logged by the same rule. */
  report(name: string, err: unknown): void {
    const now = this.now();
    const faults = this.faults.get(name);
    // A clock stepped back (NTP after a boot without RTC) must not silence the observer until it catches up.
    if (faults && now >= faults.loggedAt && now - faults.loggedAt < this.intervalMs) {
      faults.unlogged += 1;
      return;
    }
    const error = err instanceof Error ? err.message : String(err);
    this.log(`${name} failed`, { error, failures: (faults?.unlogged ?? 0) + 1 });
    this.faults.set(name, { loggedAt: now, unlogged: 0 });
  }
}
