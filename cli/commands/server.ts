import { serverConfigSchema } from '../../server/config.ts';
import { ShoreServer } from '../../server/server.ts';
import { withoutCredentials } from '../../shared/url-credentials.ts';
import { intFlag, parseFlags, untilSignalled, type Command } from '../../shared/command-line/command.ts';
import { loadConfigFile } from '../../shared/command-line/config-file.ts';
import { serverEnv } from '../env.ts';
import { shoreLog } from '../shore-log.ts';

export const serverCommand: Command = {
  name: 'server',
  summary: 'the shore server alone: MQTT broker/ingest, storage, API',
  usage: `Usage: sillage server [--config FILE] [--http-port N] [--mqtt-port N] [--data-dir DIR]

  --config FILE    JSON server configuration (see README, "Configuration")
  --http-port N    HTTP port for API and dashboards (default 8080, env SILLAGE_HTTP_PORT)
  --mqtt-port N    embedded broker port (default 1883, env SILLAGE_MQTT_PORT)
  --data-dir DIR   where the embedded stores live (default ./data, env SILLAGE_DATA_DIR)

Security: production mode (the default) refuses to start until the config declares vessels with credentials
(\`sillage vessel add\`) and a web admin (\`sillage user add\`); "security": {"mode": "open"} runs without
authentication on loopback only, for development.
Environment: SILLAGE_INFLUX_URL=http://user:pass@host:8086/db uses InfluxDB instead of SQLite (with
SILLAGE_INFLUX_TOKEN=<API token> and no user in the URL for InfluxDB 2.x or 3.x);
SILLAGE_MQTT_URL=mqtt://host:1883 uses an external broker instead of the embedded one.`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      config: { type: 'string' }, 'http-port': { type: 'string' }, 'mqtt-port': { type: 'string' }, 'data-dir': { type: 'string' },
    });
    const env = serverEnv();
    const config = loadConfigFile(serverConfigSchema, values.config, {
      ...env,
      dataDir: values['data-dir'] ?? env.dataDir,
      http: { ...env.http, port: intFlag(values['http-port'], 'http-port') ?? env.http.port },
      mqtt: { ...env.mqtt, port: intFlag(values['mqtt-port'], 'mqtt-port') ?? env.mqtt.port },
    });
    const server = new ShoreServer(config, shoreLog());
    await server.start();
    const tls = server.mqttTlsUrl ? `, MQTT/TLS ${server.mqttTlsUrl}` : '';
    console.log(`sillage server (${config.security.mode}): API ${server.httpUrl}/api/health, MQTT ${withoutCredentials(server.mqttUrl)}${tls}, store ${server.store.kind}`);
    await untilSignalled();
    await server.stop();
    return 0;
  },
};
