import { victronRegisterMap } from '../../shared/devices/victron-gx.ts';
import type { TelemetrySource } from '../../shared/source.ts';
import type { DeviceStatus, DeviceStatusListener } from './device-health.ts';
import { ModbusSource } from './modbus/modbus-source.ts';
import { NmeaSource } from './nmea0183/nmea-source.ts';
import type { SourceConfig } from './source-config.ts';
import { SignalKSource } from './signalk/signalk-source.ts';
import { VictronMqttSource } from './victron/victron-mqtt-source.ts';

/** A source that can say how each of its devices is answering. */
export type DeviceSource = TelemetrySource & { status(): DeviceStatus[] };

/** The configured device sources, not yet started. */
export function openSources(configs: readonly SourceConfig[], onStatus: DeviceStatusListener): DeviceSource[] {
  return configs.map((config) => {
    switch (config.kind) {
      case 'modbus':
        return new ModbusSource({ ...config, onStatus });
      case 'nmea0183':
        return new NmeaSource({ ...config, onStatus });
      case 'signalk':
        return new SignalKSource({ ...config, onStatus });
      case 'victron-modbus':
        // A GX is a Modbus gateway like any other: its register list becomes a register map.
        return new ModbusSource({ ...config, map: victronRegisterMap(config.devices), onStatus });
      case 'victron-mqtt':
        return new VictronMqttSource({ ...config, onStatus });
    }
  });
}
