import { join } from 'node:path';
import { EdgeAgent } from '../../edge/agent.ts';
import { serverConfigSchema } from '../../server/config.ts';
import { generateSecret, hashSecret } from '../../server/security/secrets.ts';
import { ShoreServer } from '../../server/server.ts';
import { resolveConventionalVesselProfile, resolveVesselProfile } from '../../shared/profile/load-profile.ts';
import { Parts } from '../../shared/lifecycle.ts';
import { intFlag, parseFlags, untilSignalled, type Command } from '../../shared/command-line/command.ts';
import { loadConfigFile } from '../../shared/command-line/config-file.ts';
import { serverEnv } from '../env.ts';
import { simulatedVessel } from '../simulated-vessel.ts';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'everything on one machine: shore server, simulated vessel "fregate", its control vessel "cormoran" and their edge agents',
  usage: `Usage: sillage demo [--speedup N] [--hours-ago H] [--seed N] [--http-port N] [--mqtt-port N] [--display-port N] [--data-dir DIR]

Starts the shore server (embedded MQTT broker, SQLite store in ./data unless SILLAGE_INFLUX_URL is set), a
simulated hybrid trawler "fregate", its conventional control vessel "cormoran" (fishing beside it from the same
port, in the same weather) and an edge agent on each. Their trips start H hours ago (default 6) and are replayed
N times faster than real time (default 60) until they are live. The skipper display of "fregate" listens on
--display-port (default 8090). The dossier's control baseline needs two complete voyages of "cormoran" in the
weeks of a complete one of "fregate": about 40 simulated hours, e.g. --hours-ago 44 --speedup 1000 (the replay
goes as fast as the machine carries two edge agents and the shore). Ctrl-C stops every part cleanly.`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      speedup: { type: 'string' }, 'hours-ago': { type: 'string' }, seed: { type: 'string' },
      'http-port': { type: 'string' }, 'mqtt-port': { type: 'string' }, 'display-port': { type: 'string' }, 'data-dir': { type: 'string' },
    });
    const env = serverEnv();
    // Fresh credentials on every run, for the vessel, shore's ingest and a web admin: the demo runs the
    // same authentication as production, and only its printout knows the secrets.
    const secrets = { fregate: generateSecret(), cormoran: generateSecret(), ingest: generateSecret(), admin: generateSecret() };
    const [fregateHash, cormoranHash, ingestHash, adminHash] = await Promise.all([secrets.fregate, secrets.cormoran, secrets.ingest, secrets.admin].map(hashSecret));
    const config = loadConfigFile(serverConfigSchema, undefined, {
      ...env,
      dataDir: values['data-dir'] ?? env.dataDir,
      http: { ...env.http, port: intFlag(values['http-port'], 'http-port') ?? env.http.port },
      mqtt: {
        ...env.mqtt,
        port: intFlag(values['mqtt-port'], 'mqtt-port') ?? env.mqtt.port,
        username: 'shore-ingest',
        password: secrets.ingest,
        shoreClients: [{ name: 'shore-ingest', secretHash: ingestHash }],
      },
      security: { mode: 'demo' },
      // The simulated trawlers' own profiles: with them the shore computes their trips, the hybrid's savings, and
      // its third baseline from the control vessel's fuel over the same weeks.
      vessels: [
        { id: 'fregate', name: 'La Frégate', credentials: { secretHash: fregateHash }, profile: resolveVesselProfile('la-fregate'), controlVessel: 'cormoran' },
        { id: 'cormoran', name: 'Le Cormoran', credentials: { secretHash: cormoranHash }, conventionalProfile: resolveConventionalVesselProfile('la-fregate-control') },
      ],
      users: [{ name: 'admin', role: 'admin', passwordHash: adminHash }],
    });
    const log = (msg: string, detail?: unknown) => console.error(msg, detail ?? '');
    const server = new ShoreServer(config, log);
    const replay = {
      seed: intFlag(values.seed, 'seed') ?? 7,
      speedup: intFlag(values.speedup, 'speedup', 1) ?? 60,
      startHoursAgo: Number(values['hours-ago'] ?? 6),
    };
    const sim = simulatedVessel(replay);
    // Trips of its own (another seed) in the hybrid's weather, as a control vessel fishing beside it.
    const control = simulatedVessel({ ...replay, seed: replay.seed + 1, weatherSeed: replay.seed, profile: 'la-fregate-control' });
    const edgeAgent = () => new EdgeAgent({
      config: {
        vessel: 'fregate', profile: 'la-fregate', mqtt: { url: server.mqttUrl, password: secrets.fregate }, outbox: { path: join(config.dataDir, 'edge-fregate.db') },
        // Autonomy is counted on the profile's bank: La Frégate's ~401 kWh, down to its 20 % reserve.
        display: { vesselName: 'La Frégate', port: intFlag(values['display-port'], 'display-port') },
      },
      sources: [sim.source],
      clock: sim.clock,
      log,
    });
    const controlAgent = () => new EdgeAgent({
      config: {
        vessel: 'cormoran', mqtt: { url: server.mqttUrl, password: secrets.cormoran }, outbox: { path: join(config.dataDir, 'edge-cormoran.db') },
        // The display's port is La Frégate's: the control vessel's crew sees nothing of the trial.
        display: { enabled: false },
      },
      sources: [control.source],
      clock: control.clock,
      log,
    });
    // The shore first, which the edge connects to; if the edge cannot start, the shore does not keep running alone.
    const parts = new Parts(log);
    let edge!: EdgeAgent;
    await parts.startAll(async () => {
      await parts.start('shore server', server);
      edge = await parts.start('edge agent', edgeAgent());
      await parts.start('control vessel edge agent', controlAgent());
    });
    const url = server.httpUrl;
    console.log([
      'Sillage demo running — Ctrl-C to stop',
      `  skipper display  ${edge.displayUrl ?? 'not started (see the message above)'}`,
      `  shore web        ${url}/   (fleet, vessels, trips, data quality, alarms, reports; API at ${url}/docs)`,
      `  fleet            ${url}/api/vessels   (fregate, and cormoran: its control vessel)`,
      `  live values      ${url}/api/vessels/fregate/latest`,
      `  health, metrics  ${url}/api/health  ${url}/metrics`,
      `  MQTT broker      ${server.mqttUrl}`,
      `  web login        user admin, password ${secrets.admin} (new each run)`,
      `  API token        curl -s -X POST ${url}/api/auth/login -H 'content-type: application/json' -d '{"username":"admin","password":"${secrets.admin}"}'`,
      `                   then: curl -H 'authorization: Bearer <token>' ${url}/api/vessels`,
      `  store            ${server.store.kind}${server.store.kind === 'sqlite' ? ` in ${config.dataDir}` : ''}`,
    ].join('\n'));
    const signal = await untilSignalled();
    console.log(`\n${signal}: stopping edge agent and server…`);
    await parts.stop();
    console.log('stopped.');
    return 0;
  },
};
