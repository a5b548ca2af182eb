import { vesselIdSchema } from '../../shared/wire/ids.ts';
import { generateSecret, hashSecret } from '../../server/security/secrets.ts';
import { parseFlags, type Command } from '../../shared/command-line/command.ts';
import { UsageError } from '../../shared/command-line/config-file.ts';
import { editServerConfig } from '../server-config-edit.ts';

export const vesselCommand: Command = {
  name: 'vessel',
  summary: 'declare a vessel in the server config and give it MQTT credentials',
  usage: `Usage: sillage vessel add <id> --config FILE [--name NAME] [--certificate] [--rotate]

Adds vessel <id> ([a-z0-9][a-z0-9-]{0,31}) to the server config FILE (created if missing) with a new random
MQTT password, stored there only as a scrypt hash, and prints the password ONCE: put it in the vessel's
edge config (mqtt.password; mqtt.username is the vessel id).
  --name NAME      the vessel's display name (default: its id)
  --certificate    also accept a TLS client certificate with CN=<id> signed by mqtt.tls.ca
  --rotate         replace the password of a vessel that already has one (the old one stops working
                   when the server restarts)`,
  async run(argv) {
    const [action, id, ...rest] = argv;
    if (action !== 'add') throw new UsageError(`expected "add", got ${JSON.stringify(action ?? '')} (see --help)`);
    const vessel = vesselIdSchema.safeParse(id);
    if (!vessel.success) throw new UsageError(`invalid vessel id ${JSON.stringify(id ?? '')}: it must match [a-z0-9][a-z0-9-]{0,31}`);
    const { values } = parseFlags(rest, {
      config: { type: 'string' }, name: { type: 'string' }, certificate: { type: 'boolean' }, rotate: { type: 'boolean' },
    });
    if (!values.config) throw new UsageError('--config FILE is required');
    const secret = generateSecret();
    const secretHash = await hashSecret(secret);
    editServerConfig(values.config, (config) => {
      const vessels = (config.vessels ??= []);
      let entry = vessels.find((v) => v.id === vessel.data);
      const credentials = entry?.credentials as { secretHash?: string } | undefined;
      if (credentials?.secretHash && !values.rotate) {
        throw new UsageError(`vessel ${vessel.data} already has a password; add --rotate to replace it`);
      }
      if (!entry) {
        entry = { id: vessel.data, name: values.name ?? vessel.data };
        vessels.push(entry);
      } else if (values.name) {
        entry.name = values.name;
      }
      entry.credentials = { ...credentials, secretHash, ...(values.certificate ? { certificate: true } : {}) };
    });
    console.log([
      `vessel ${vessel.data} saved in ${values.config}.`,
      `Its MQTT password, shown this once (only its hash is kept): ${secret}`,
      `Edge config: { "vessel": "${vessel.data}", "mqtt": { "url": "mqtts://<shore>:8883", "password": "${secret}" } }`,
    ].join('\n'));
    return 0;
  },
};
