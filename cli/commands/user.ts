import { z } from 'zod';
import { vesselIdSchema } from '../../shared/wire/ids.ts';
import { generateSecret, hashSecret } from '../../server/security/secrets.ts';
import { ROLES } from '../../server/security/web-access.ts';
import { parseFlags, type Command } from '../../shared/command-line/command.ts';
import { UsageError } from '../../shared/command-line/config-file.ts';
import { editServerConfig } from '../server-config-edit.ts';

export const userCommand: Command = {
  name: 'user',
  summary: 'add a web user (admin, engineer, reviewer or skipper) to the server config',
  usage: `Usage: sillage user add <name> --role ROLE [--vessel ID] --config FILE [--rotate]

Adds web user <name> to the server config FILE (created if missing) with a new random password, stored there
only as a scrypt hash, and prints the password ONCE.
  --role ROLE   admin (vessels, credentials), engineer (all vessels, all data), reviewer (reports and
                their data, read-only) or skipper (one vessel, read-only)
  --vessel ID   the skipper's vessel (skippers only)
  --rotate      replace the password of an existing user (takes effect when the server restarts)`,
  async run(argv) {
    const [action, name, ...rest] = argv;
    if (action !== 'add') throw new UsageError(`expected "add", got ${JSON.stringify(action ?? '')} (see --help)`);
    if (!name || !/^[A-Za-z0-9._@-]{1,64}$/.test(name)) throw new UsageError(`invalid user name ${JSON.stringify(name ?? '')}: 1–64 of A-Z a-z 0-9 . _ @ -`);
    const { values } = parseFlags(rest, {
      config: { type: 'string' }, role: { type: 'string' }, vessel: { type: 'string' }, rotate: { type: 'boolean' },
    });
    if (!values.config) throw new UsageError('--config FILE is required');
    const role = z.enum(ROLES).safeParse(values.role);
    if (!role.success) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    if (values.vessel !== undefined && !vesselIdSchema.safeParse(values.vessel).success) throw new UsageError(`invalid vessel id ${JSON.stringify(values.vessel)}`);
    const password = generateSecret();
    const passwordHash = await hashSecret(password);
    editServerConfig(values.config, (config) => {
      const users = (config.users ??= []);
      const index = users.findIndex((u) => u.name === name);
      if (index >= 0 && !values.rotate) throw new UsageError(`user ${name} exists; add --rotate to give them a new password`);
      const entry = { name, role: role.data, ...(values.vessel ? { vessel: values.vessel } : {}), passwordHash };
      if (index >= 0) users[index] = entry;
      else users.push(entry);
    });
    console.log(`user ${name} (${role.data}) saved in ${values.config}.\nPassword, shown this once (only its hash is kept): ${password}`);
    return 0;
  },
};
