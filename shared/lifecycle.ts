/** The one shape every moving part has, so the demo, the tests and the servers start and stop them alike. */
export interface Service {
  start(): Promise<void>;
  /** Releases everything start() took: sockets, timers, listeners, file handles. */
  stop(): Promise<void>;
}
