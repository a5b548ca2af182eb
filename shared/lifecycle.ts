/** The one shape every moving part has, so the demo, the tests and the servers start and stop them alike. */
export interface Service {
  start(): Promise<void>;
  /**
   * Releases everything start() took: sockets, timers, listeners, file handles. Also called after a start() that
   * failed halfway, to release what it had taken until then.
   */
  stop(): Promise<void>;
}

type Release = () => unknown;

/**
 * The long-lived parts of a process, started one after the other in the order they depend on each other and
 * stopped in the reverse order. When a part fails to start, everything started before it, and the failed part
 * itself, is stopped before the failure goes on: a half-started server must not keep the process alive with its
 * broker and timers but no API.
 */
export class Parts {
  private readonly running: { name: string; release: Release }[] = [];

  constructor(private readonly log: (msg: string, detail?: unknown) => void = () => {}) {}

  /**
   * Runs `startAll`, which starts the parts through `start` and `opened`; when it throws, whether in a part's
   * start or between two parts, stops what had started and throws on.
   */
  async startAll(startAll: () => Promise<void>): Promise<void> {
    try {
      await startAll();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Starts `part`, to be stopped with the others; `name` says which part a failure to stop is about. */
  async start<T extends Service>(name: string, part: T): Promise<T> {
    this.running.push({ name, release: () => part.stop() });
    await part.start();
    return part;
  }

  /** Something already open (a database handle, a listener to remove), released in its turn with the parts. */
  opened<T>(name: string, thing: T, release: (thing: T) => unknown): T {
    this.running.push({ name, release: () => release(thing) });
    return thing;
  }

  /** Stops every part, the last started first; one that fails to stop is logged and the others still stop. */
  async stop(): Promise<void> {
    for (const { name, release } of this.running.splice(0).reverse()) {
      try {
        await release();
      } catch (err) {
        this.log(`${name} did not stop cleanly`, err instanceof Error ? err.message : String(err));
      }
    }
  }
}
