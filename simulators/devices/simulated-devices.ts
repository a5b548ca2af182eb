import type { ModbusRegisterMap } from '../../shared/devices/modbus-register-map.ts';
import type { Service } from '../../shared/lifecycle.ts';
import type { Readings } from '../../shared/source.ts';
import type { Clock } from '../../shared/time/clock.ts';
import type { FaultInjector } from '../faults/faults.ts';
import { SimulatedControlSource, type AnySimulatedSource } from '../vessel/simulated-vessel-source.ts';
import { ModbusDeviceServer } from './modbus-device-server.ts';
import { ModbusRtuSlave } from './modbus-rtu-slave.ts';
import { conventionalRevolutions, hybridRevolutions, instrumentsOf } from './instruments.ts';
import { fixSentences, instrumentSentences } from './nmea0183.ts';
import { NmeaTcpServer } from './nmea-tcp-server.ts';
import { NmeaUdpEmitter } from './nmea-udp-emitter.ts';
import { SimulatedVictronGx, type SimulatedVictronGxOptions } from './simulated-victron-gx.ts';

export interface SimulatedDevicesOptions {
  /** A hybrid, or a conventional vessel (a trial's control vessel): what its instruments show differs. */
  vessel: AnySimulatedSource;
  clock: Clock;
  map: ModbusRegisterMap;
  faults: FaultInjector;
  modbus: { host?: string; port: number };
  /** Where the instruments send their NMEA 0183 datagrams. */
  nmea?: { host: string; port: number };
  /** A Victron GX on board, serving its Modbus TCP register list and its MQTT broker. */
  victron?: Omit<SimulatedVictronGxOptions, 'readings' | 'answers'>;
  /** The same devices on an RS-485 line too, answering Modbus RTU on this serial device (e.g. a pty's end). */
  rtu?: { path: string; baudRate?: number; parity?: 'none' | 'even' | 'odd' };
  /** Where a multiplexer serves the same sentences over TCP (port 0: any free one, see `nmeaTcp.port`). */
  nmeaTcp?: { host: string; port: number };
  /** Stop advancing at this simulated time (epoch ms). */
  until?: number;
  onError?: (err: Error) => void;
}

/**
 * A simulated vessel's devices as an edge agent meets them at sea: each simulated second the physics advances, the
 * faults are applied, the Modbus registers (TCP, and RTU on a serial line when asked) take the new values, the GNSS
 * and the other instruments send their NMEA 0183 sentences over UDP and through a TCP multiplexer; a Victron GX,
 * when configured, serves and publishes the same values.
 */
export class SimulatedDevices implements Service {
  readonly modbus: ModbusDeviceServer;
  readonly rtu: ModbusRtuSlave | undefined;
  readonly victron: SimulatedVictronGx | undefined;
  private readonly nmea: NmeaUdpEmitter | undefined;
  readonly nmeaTcp: NmeaTcpServer | undefined;
  private heading = 0;
  private latest: Readings = {};
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private stopped = true;

  constructor(private readonly options: SimulatedDevicesOptions) {
    this.modbus = new ModbusDeviceServer({
      map: options.map,
      readings: () => this.latest,
      answers: (unit) => options.faults.answers(options.clock.now(), unit),
      host: options.modbus.host,
      port: options.modbus.port,
    });
    this.rtu = options.rtu
      ? new ModbusRtuSlave({
        ...options.rtu,
        map: options.map,
        readings: () => this.latest,
        answers: (unit) => options.faults.answers(options.clock.now(), unit),
        garbles: () => options.faults.garbles(options.clock.now()),
        onError: options.onError,
      })
      : undefined;
    this.nmea = options.nmea ? new NmeaUdpEmitter(options.nmea) : undefined;
    const gx = options.victron;
    const gxUnits = new Map(gx?.modbus?.devices.map((d) => [d.service, d.unitId]));
    this.victron = gx && new SimulatedVictronGx({
      ...gx,
      readings: () => this.latest,
      // A GX device silenced by a fault plan is named by its Modbus unit id; with no Modbus side, only the link counts.
      answers: (service) => {
        const unit = gxUnits.get(service);
        return unit === undefined ? options.faults.linkUp(options.clock.now()) : options.faults.answers(options.clock.now(), unit);
      },
    });
    this.nmeaTcp = options.nmeaTcp ? new NmeaTcpServer(options.nmeaTcp) : undefined;
  }

  /** Simulated time of the last values served. */
  get time(): number {
    return this.next - 1000;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.next = this.options.vessel.vessel.now + 1000;
    this.tick(false);
    await this.modbus.start();
    await this.rtu?.start();
    await this.nmea?.start();
    await this.victron?.start();
    await this.nmeaTcp?.start();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.modbus.stop();
    await this.rtu?.stop();
    await this.nmea?.stop();
    await this.victron?.stop();
    await this.nmeaTcp?.stop();
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.options.until !== undefined && this.next > this.options.until) return;
    this.timer = setTimeout(() => {
      // Catch up every second that is due; the GNSS sends only the latest fix, as a receiver would after a stall.
      let due = false;
      while (this.options.clock.delayUntil(this.next) === 0 && (this.options.until === undefined || this.next <= this.options.until)) {
        this.tick(false);
        due = true;
      }
      if (due) this.tick(true);
      this.schedule();
    }, Math.min(1000, Math.max(1, this.options.clock.delayUntil(this.next))));
  }

  private tick(emitOnly: boolean): void {
    const { vessel, faults } = this.options;
    if (!emitOnly) {
      const t = this.next;
      this.latest = faults.readings(t, vessel.read(t));
      this.next += 1000;
      return;
    }
    const t = this.time;
    if ((!this.nmea && !this.nmeaTcp) || !faults.linkUp(t)) return;
    const i = vessel.vessel.instant;
    const revolutions = vessel instanceof SimulatedControlSource ? conventionalRevolutions(vessel.vessel.instant) : hybridRevolutions(vessel.vessel.instant, vessel.vessel.profile);
    const instruments = instrumentsOf(i, vessel.vessel.profile.identity.homePort, revolutions, this.heading);
    this.heading = instruments.heading;
    const sentences = [
      ...fixSentences({ t: faults.deviceTime(t), lat: i.lat, lon: i.lon, sog: i.sog, cog: i.cog }),
      ...instrumentSentences(instruments),
    ];
    const mangle = (s: string) => faults.frame(t, s);
    this.nmeaTcp?.emit(sentences, mangle);
    this.nmea?.emit(sentences, mangle).catch((err: Error) => this.options.onError?.(err));
  }
}
