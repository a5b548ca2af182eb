import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modbusRegisterMapSchema } from '../../shared/devices/modbus-register-map.ts';
import { pathsFor } from '../../shared/registry/index.ts';
import { CatchUpClock } from '../../shared/time/clock.ts';
import { openPtyPair, type PtyPair } from '../../simulators/devices/pty-pair.ts';
import { SimulatedDevices } from '../../simulators/devices/simulated-devices.ts';
import { victronLayoutFor } from '../../simulators/devices/simulated-victron-gx.ts';
import { FaultInjector, faultPlanSchema, randomFaultPlan, type Fault } from '../../simulators/faults/faults.ts';
import { fleetMembers, type FleetMember } from '../../simulators/fleet/fleet.ts';
import { isConventionalProfile, resolveAnyVesselProfile } from '../../shared/profile/load-profile.ts';
import type { VesselProfile } from '../../shared/profile/index.ts';
import { runToFiles, type FilesRunResult, type SignalFormat } from '../../simulators/scenario/run-to-files.ts';
import { simulatedSource } from '../../simulators/vessel/simulated-vessel-source.ts';
import { simulateConventionalLogbook } from '../../simulators/world/conventional-logbook.ts';
import { nominalWorld } from '../../simulators/world/vessel-world.ts';
import { intFlag, parseFlags, untilSignalled, type Command } from '../../shared/command-line/command.ts';
import { UsageError } from '../../shared/command-line/config-file.ts';

const DEVICES_DIR = join(import.meta.dirname, '../../simulators/devices');
/** The register maps the simulated devices serve unless --map names one: a hybrid's, and a conventional vessel's. */
const DEFAULT_MAPS = { hybrid: join(DEVICES_DIR, 'fregate-modbus-map.json'), conventional: join(DEVICES_DIR, 'fregate-control-modbus-map.json') };

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run a simulated trawler (or a fleet): to files with its ground truth, or as Modbus/NMEA devices for an edge',
  usage: `Usage: sillage simulate [options]

Runs the physics simulator of a hybrid trawler and its conventional twin, second by second, or of a conventional
trawler (a trial's control vessel: its engines' meters, speed, position and gear only), as its profile says.

Scenario
  --profile NAME|FILE   vessel profile: a name in profiles/ (la-fregate, coastal-12m, la-fregate-control) or a
                        JSON file; fleet mode takes several, comma-separated: a conventional vessel then meets
                        the weather of the fleet's first hybrid                                    [la-fregate]
  --metier CODE         métier of the profile (OTB, OTM, SDN…)                                    [first of the profile]
  --date ISO            start, e.g. 2024-06-10T04:00:00Z                  [files: 2024-06-10T04:00Z; devices: now − duration]
  --hours H             duration in hours                                                          [24]
  --seed N              random seed: same seed, same trip, bit for bit                             [1]
  --vessels N           fleet mode: N vessels, profiles and métiers in turn, seeds N, N+1…         [1]
  --faults SPEC         none | random | a JSON file of faults ([{kind,start,end,path?,unitId?,magnitude?}])  [none]
  --fault-rate R        faults per hour with --faults random                                       [2]

To files (default)
  --out DIR             writes DIR[/vessel]/signals.{ndjson|csv}, truth.json, faults.json          [./sim-out]
  --format F            ndjson | csv                                                               [ndjson]
  --logbook FILE        also the logbook the conventional vessel kept the year before --date (French CSV
                        for \`sillage reference import\`: four fishing spells, bunkering receipts, a missing
                        trip, a typo), with each of its trips' true fuel in FILE.truth.json; one hybrid only
  --logbook-trips N     trips in each of its four spells                                           [10]

As devices for an edge agent
  --devices             serve Modbus TCP (register map below) and send NMEA 0183, paced by the clock
  --speedup N           simulated seconds per wall second until caught up with now                 [60]
  --modbus-port P       Modbus TCP port (fleet: P, P+1, …)                                         [5020]
  --nmea HOST:PORT      where to send the NMEA 0183 datagrams (fleet: PORT, PORT+1, …)             [127.0.0.1:10110]
  --nmea-tcp HOST:PORT  also serve them over TCP, as a multiplexer (fleet: PORT, PORT+1, …)        [off]
  --map FILE            Modbus register map (shared/devices schema)      [simulators/devices/fregate-modbus-map.json,
                        a conventional vessel's engines, tank and winch: fregate-control-modbus-map.json]
  --rtu DIR             the same devices on an RS-485 line too, answering Modbus RTU (9600 8N1) on a pseudo-terminal
                        pair made with socat: DIR/agent is the edge's serial path (fleet: DIR/VESSEL/agent)
  --victron-modbus-port P   also a Victron GX: its Modbus TCP register list on P (fleet: P, P+1, …)  [off]
  --victron-mqtt-port P     also a Victron GX: its Venus OS MQTT broker on P (fleet: P, P+1, …)     [off]

Prints each trip's true savings (a conventional vessel's: its true fuel) or the endpoints (devices). Ctrl-C
stops the devices cleanly.`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      profile: { type: 'string' }, metier: { type: 'string' }, date: { type: 'string' }, hours: { type: 'string' },
      seed: { type: 'string' }, vessels: { type: 'string' }, faults: { type: 'string' }, 'fault-rate': { type: 'string' },
      out: { type: 'string' }, format: { type: 'string' }, devices: { type: 'boolean' }, speedup: { type: 'string' },
      'modbus-port': { type: 'string' }, nmea: { type: 'string' }, 'nmea-tcp': { type: 'string' }, map: { type: 'string' }, rtu: { type: 'string' },
      'victron-modbus-port': { type: 'string' }, 'victron-mqtt-port': { type: 'string' },
      logbook: { type: 'string' }, 'logbook-trips': { type: 'string' },
    });
    const hours = positiveNumber(values.hours ?? '24', 'hours');
    const seed = intFlag(values.seed, 'seed') ?? 1;
    const count = intFlag(values.vessels, 'vessels', 1) ?? 1;
    const profiles = (values.profile ?? 'la-fregate').split(',').map((p) => {
      try {
        return resolveAnyVesselProfile(p);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    });
    if (values.metier && !profiles.some((p) => p.metiers.some((m) => m.code === values.metier))) {
      throw new UsageError(`--metier ${values.metier}: no such métier in ${profiles.map((p) => `${p.identity.id} (${p.metiers.map((m) => m.code).join(', ')})`).join(', ')}`);
    }
    const format = (values.format ?? 'ndjson') as SignalFormat;
    if (format !== 'ndjson' && format !== 'csv') throw new UsageError(`--format must be ndjson or csv, got ${JSON.stringify(values.format)}`);
    const durationMs = Math.round(hours * 3600) * 1000;
    const start = values.date !== undefined ? parseDate(values.date)
      : values.devices ? Math.floor((Date.now() - durationMs) / 1000) * 1000 : Date.UTC(2024, 5, 10, 4);
    const members = fleetMembers(count, profiles, seed, values.metier);
    const rate = positiveNumber(values['fault-rate'] ?? '2', 'fault-rate');
    const maps = values.devices ? members.map((m) => loadMap(values.map ?? DEFAULT_MAPS[isConventionalProfile(m.profile) ? 'conventional' : 'hybrid'])) : undefined;
    const planFor = (i: number): Fault[] => faultPlan(values.faults ?? 'none', {
      seed: seed + i, start, end: start + durationMs, perHour: rate,
      paths: pathsFor(members[i]!.profile.equipment), units: maps?.[i]!.devices.map((d) => d.unitId) ?? [1, 2, 3, 4, 10, 11],
    });

    if (values.logbook !== undefined && (values.devices || count !== 1)) throw new UsageError('--logbook writes one vessel\'s logbook to a file: not with --devices or --vessels');
    if (!values.devices) {
      if (values.logbook !== undefined) {
        const { profile } = members[0]!;
        if (isConventionalProfile(profile)) throw new UsageError('--logbook is the year before a hybrid\'s refit, kept by its conventional twin: give a hybrid profile');
        writeLogbook(values.logbook, { ...members[0]!, profile }, start, intFlag(values['logbook-trips'], 'logbook-trips', 1) ?? 10);
      }
      const out = values.out ?? 'sim-out';
      for (const [i, member] of members.entries()) {
        const plan = planFor(i);
        const t0 = performance.now();
        const result = runToFiles({ member, start, durationMs, dir: count === 1 ? out : join(out, member.vesselId), format, faults: new FaultInjector(plan), faultPlan: plan });
        const wall = (performance.now() - t0) / 1000;
        console.log(`${member.vesselId} ${member.metier} seed ${member.seed}: ${result.samples} s simulated in ${wall.toFixed(1)} s → ${result.dir}`);
        for (const trip of result.trips) console.log(`  ${tripLine(trip, member)}`);
      }
      return 0;
    }

    const speedup = intFlag(values.speedup, 'speedup', 1) ?? 60;
    const modbusPort = intFlag(values['modbus-port'], 'modbus-port', 1) ?? 5020;
    const nmea = parseHostPort(values.nmea ?? '127.0.0.1:10110', 'nmea');
    const nmeaTcp = values['nmea-tcp'] === undefined ? undefined : parseHostPort(values['nmea-tcp'], 'nmea-tcp');
    const gxModbusPort = intFlag(values['victron-modbus-port'], 'victron-modbus-port', 1);
    const gxMqttPort = intFlag(values['victron-mqtt-port'], 'victron-mqtt-port', 1);
    const gxFor = (member: (typeof members)[number], i: number) => {
      if (gxModbusPort === undefined && gxMqttPort === undefined) return undefined;
      const layout = victronLayoutFor(member.profile.equipment);
      return {
        portalId: member.vesselId.replace(/[^A-Za-z0-9]/g, ''),
        modbus: gxModbusPort === undefined ? undefined : { host: '0.0.0.0', port: gxModbusPort + i, devices: layout.modbus },
        mqtt: gxMqttPort === undefined ? undefined : { host: '0.0.0.0', port: gxMqttPort + i, devices: layout.mqtt },
      };
    };
    if (start > Date.now()) throw new UsageError('--date cannot be in the future when feeding devices');
    const lines: PtyPair[] = [];
    const stopLines = async () => { for (const line of lines.splice(0)) await line.stop(); };
    if (values.rtu !== undefined) {
      try {
        for (const member of members) {
          const dir = count === 1 ? values.rtu : join(values.rtu, member.vesselId);
          mkdirSync(dir, { recursive: true });
          lines.push(await openPtyPair(dir));
        }
      } catch (err) {
        await stopLines();
        throw new Error(`cannot make the serial lines: ${(err as Error).message}`);
      }
    }
    const fleet = members.map((member, i) => new SimulatedDevices({
      vessel: simulatedSource({ ...member, start }),
      clock: new CatchUpClock(start, speedup),
      map: maps![i]!,
      faults: new FaultInjector(planFor(i)),
      modbus: { host: '0.0.0.0', port: modbusPort + i },
      nmea: { host: nmea.host, port: nmea.port + i },
      nmeaTcp: nmeaTcp && { host: nmeaTcp.host, port: nmeaTcp.port + i },
      victron: gxFor(member, i),
      rtu: lines[i] && { path: lines[i].deviceEnd },
      onError: (err) => console.error(`${member.vesselId}: ${err.message}`),
    }));
    try {
      for (const d of fleet) await d.start();
    } catch (err) {
      for (const d of fleet) await d.stop();
      await stopLines();
      throw new Error(`cannot serve the devices: ${(err as Error).message}`);
    }
    members.forEach((m, i) => {
      const gx = gxFor(m, i);
      const gxEndpoints = gx ? `; Victron GX (portal ${gx.portalId})${gx.modbus ? `, Modbus TCP on port ${gx.modbus.port}` : ''}${gx.mqtt ? `, MQTT on port ${gx.mqtt.port}` : ''}` : '';
      const rtu = lines[i] ? `, Modbus RTU on ${lines[i].agentEnd}` : '';
      console.log(`${m.vesselId} (${m.metier}, seed ${m.seed}): Modbus TCP on port ${modbusPort + i}${rtu}, NMEA 0183 to ${nmea.host}:${nmea.port + i}${nmeaTcp ? ` and over TCP on ${nmeaTcp.host}:${nmeaTcp.port + i}` : ''}${gxEndpoints}`);
    });
    console.log(`running ${speedup}× until caught up with now — Ctrl-C to stop`);
    const signal = await untilSignalled();
    console.log(`\n${signal}: stopping the simulated devices…`);
    for (const d of fleet) await d.stop();
    await stopLines();
    return 0;
  },
};

/** What really happened on one trip: a hybrid's fuel beside its conventional twin's and its saving, a conventional vessel's fuel. */
function tripLine(trip: FilesRunResult['trips'][number], member: FleetMember): string {
  const L = (kg: number) => ((kg / member.profile.fuel.density) * 1000).toFixed(0);
  if (!('voyage' in trip)) return `trip ${trip.tripIndex}: conventional vessel, ${L(trip.phases.reduce((s, p) => s + p.fuel, 0))} L burnt (no saving of its own: a control vessel's fuel by phase)`;
  return `trip ${trip.tripIndex}: at sea hybrid ${L(trip.voyage.fuel.hybrid)} L, conventional twin ${L(trip.voyage.fuel.conventional)} L, battery change worth ${L(trip.savings.batteryFuelEquivalent)} L, true saving ${(100 * trip.savings.fraction).toFixed(1)} % (fuel burnt alone ${(100 * trip.savings.fuelOnlyFraction).toFixed(1)} %)`;
}

/** The conventional vessel's logbook of the year before `start`, in the same (nominal) world as the run, and its truth. */
function writeLogbook(file: string, member: FleetMember & { profile: VesselProfile }, start: number, tripsPerBlock: number): void {
  const yearStart = start - 365 * 86_400_000;
  const t0 = performance.now();
  const lb = simulateConventionalLogbook({
    profile: member.profile, metier: member.metier, seed: member.seed, world: nominalWorld(member.profile, yearStart), yearStart, blocks: 4, tripsPerBlock,
  });
  writeFileSync(file, lb.csv);
  writeFileSync(`${file}.truth.json`, `${JSON.stringify({
    what: 'the conventional vessel\'s trips of the logbook, its true fuel on each (L), the line each is on (null: left out of the logbook), its receipt and whether its row has a typo',
    trips: lb.truth,
  }, null, 2)}\n`);
  const total = lb.truth.reduce((s, t) => s + t.conventionalL, 0);
  console.log(`logbook of the conventional ${member.vesselId} (${member.metier}), ${lb.truth.length} trips from ${new Date(yearStart).toISOString().slice(0, 10)}, ${total.toFixed(0)} L burnt, in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${file} (truth: ${file}.truth.json)`);
}

function positiveNumber(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got ${JSON.stringify(value)}`);
  return n;
}

function parseDate(value: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--date must be an ISO 8601 date, got ${JSON.stringify(value)}`);
  return Math.floor(t / 1000) * 1000;
}

function parseHostPort(value: string, flag: string): { host: string; port: number } {
  const m = /^([^:]+):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) throw new UsageError(`--${flag} must be HOST:PORT, got ${JSON.stringify(value)}`);
  return { host: m[1]!, port };
}

function loadMap(path: string) {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read register map ${path}: ${(err as Error).message}`);
  }
  const parsed = modbusRegisterMapSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`invalid register map ${path}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function faultPlan(spec: string, random: Parameters<typeof randomFaultPlan>[0]): Fault[] {
  if (spec === 'none') return [];
  if (spec === 'random') return randomFaultPlan(random);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(spec, 'utf8'));
  } catch (err) {
    throw new UsageError(`--faults: cannot read ${spec}: ${(err as Error).message}`);
  }
  const parsed = faultPlanSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`--faults: invalid fault plan ${spec}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
