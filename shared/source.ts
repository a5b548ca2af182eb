import type { Service } from './lifecycle.ts';
import type { SignalPath } from './registry/index.ts';

export type Readings = Partial<Record<SignalPath, number>>;

/**
 * Anything the edge samples: a Modbus device, a Signal K server, an NMEA feed, a simulated vessel. The sampler
 * asks each source once a second; a source that cannot answer throws, and only its own signals go missing.
 */
export interface TelemetrySource extends Service {
  readonly name: string;
  read(t: number): Promise<Readings> | Readings;
}
