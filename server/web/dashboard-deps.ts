import type { TripRepository } from '../analytics/trip-repository.ts';
import type { EventLog } from '../fleet/event-log.ts';
import type { VesselDirectory } from '../fleet/vessel-directory.ts';
import type { DeadLetters } from '../ingest/dead-letters.ts';
import type { Metrics } from '../metrics.ts';
import type { TimeSeriesStore } from '../store/port.ts';

/** What the engineers' pages and the working group's reports read: the shore's state, never a copy of it. */
export interface DashboardDeps {
  store: TimeSeriesStore;
  directory: VesselDirectory;
  events: EventLog;
  trips: TripRepository;
  deadLetters: DeadLetters;
  metrics: Metrics;
  /** Declared vessels, with the profile their baseline is computed from. */
  vessels: readonly import('../config.ts').VesselConfig[];
  version: string;
  /** Hour digests of the telemetry, kept as it is stored. */
  reportDigests?: import('../reports/input-digest.ts').HourDigestSource;
  /** The conventional vessels' imported logbooks (option C on their records). */
  logbooks?: import('../reference/logbook-store.ts').LogbookStore;
}
