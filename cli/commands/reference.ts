import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { serverConfigSchema } from '../../server/config.ts';
import { logbookBaselineOf } from '../../server/reference/logbook-baseline.ts';
import { LogbookFileError, readLogbookFile } from '../../server/reference/logbook-file.ts';
import { LogbookImportError, LogbookStore } from '../../server/reference/logbook-store.ts';
import { StateDatabase } from '../../server/state/state-db.ts';
import { parseFlags, type Command } from '../../shared/command-line/command.ts';
import { loadConfigFile, UsageError } from '../../shared/command-line/config-file.ts';
import { vesselIdSchema } from '../../shared/wire/ids.ts';
import { serverEnv } from '../env.ts';

const usage = `Usage: sillage reference import --vessel ID FILE [--skip-bad-rows] [--time-zone TZ] [--config FILE] [--data-dir DIR]
       sillage reference list [--vessel ID] [--config FILE] [--data-dir DIR]

The conventional vessel's own records, before its refit: its logbook or fuel records, one row per trip or per
day at sea, as CSV (comma-separated, or French: ';' and decimal commas, dd/mm/yyyy dates) or XLSX (first sheet).
Option C is then also fitted on them, and reports give the saving against it beside the other baselines.

Columns (a header row; French names accepted):
  date_out, time_out, date_in, time_in   dd/mm/yyyy or yyyy-mm-dd, hh:mm local time; without times a record
                                         counts in calendar days at sea; date_in defaults to date_out
  metier                                 FAO gear code (OTB, OTM, SDN…)
  fuel_consumed_l | fuel_bunkered_l      exactly one: each record's own burn, or the litres bunkered at its end
                                         (filling to full: the burn since the previous bunkering)
  hours_fishing, landings_kg             optional

  --time-zone TZ     the logbook's local time                                     [Europe/Paris]
  --skip-bad-rows    store the valid rows of a file with bad ones, keeping those aside (counted, listed);
                     without it, a file with any bad row stores nothing
Every bad row is printed with its line number and reason. The same file (by SHA-256) is imported once.`;

export const referenceCommand: Command = {
  name: 'reference',
  summary: 'import a conventional vessel\'s logbook (CSV, XLSX) as option C\'s reference, or list what is imported',
  usage,
  async run(argv) {
    const [action, ...rest] = argv;
    if (action !== 'import' && action !== 'list') throw new UsageError(`expected "import" or "list", got ${JSON.stringify(action ?? '')} (see --help)`);
    const { values, positionals } = parseFlags(rest, {
      vessel: { type: 'string' }, 'skip-bad-rows': { type: 'boolean' }, 'time-zone': { type: 'string' },
      config: { type: 'string' }, 'data-dir': { type: 'string' },
    }, true);
    const vessel = values.vessel === undefined ? undefined : vesselIdSchema.safeParse(values.vessel);
    if (vessel && !vessel.success) throw new UsageError(`invalid vessel id ${JSON.stringify(values.vessel)}`);
    const env = serverEnv();
    const config = loadConfigFile(serverConfigSchema, values.config, { influxUrl: env.influxUrl, influxToken: env.influxToken, dataDir: values['data-dir'] ?? env.dataDir });
    const timeZone = values['time-zone'] ?? 'Europe/Paris';
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      throw new UsageError(`--time-zone: unknown time zone ${JSON.stringify(timeZone)}`);
    }
    let bytes: Buffer | undefined;
    const path = positionals[0];
    if (action === 'import') {
      if (!vessel) throw new UsageError('--vessel ID is required');
      if (positionals.length !== 1) throw new UsageError('give exactly one FILE to import');
      try {
        bytes = readFileSync(path!);
      } catch (err) {
        throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    const state = new StateDatabase(config.dataDir);
    await state.start();
    try {
      const store = new LogbookStore(state.db);
      if (action === 'list') {
        for (const f of store.files(vessel?.data)) {
          console.log(`${f.vessel}\t#${f.id} ${f.name} (${f.format}, fuel ${f.basis}, ${f.timeZone}) imported ${f.importedAt}: ${f.records} records, ${f.rejected} kept aside; SHA-256 ${f.sha256}`);
        }
        for (const id of new Set(store.files(vessel?.data).map((f) => f.vessel))) {
          const b = logbookBaselineOf(store, id, []);
          console.log(`${id}\toption C on the logbook: ${b.reason ?? ('fit' in b ? b.fit.reason : '')}`);
        }
        return 0;
      }
      let file;
      try {
        file = await readLogbookFile(bytes!, { timeZone });
      } catch (err) {
        if (err instanceof LogbookFileError) { console.error(`${path}: ${err.message}; nothing stored`); return 1; }
        throw err;
      }
      for (const r of file.rejected) console.error(`${path}:${r.line}: ${r.reason}`);
      try {
        const stored = store.import(vessel!.data, basename(path!), file, { timeZone, skipBadRows: values['skip-bad-rows'] === true });
        console.log(`${path}: ${stored.records} records stored for ${stored.vessel} (${stored.format}, fuel ${stored.basis}), ${stored.rejected} bad row${stored.rejected === 1 ? '' : 's'} kept aside; SHA-256 ${stored.sha256}`);
        const b = logbookBaselineOf(store, vessel!.data, []);
        console.log(`option C on the logbook: ${'fit' in b ? b.fit.reason : b.reason}`);
        return 0;
      } catch (err) {
        if (err instanceof LogbookImportError) { console.error(`${path}: ${err.message}`); return 1; }
        throw err;
      }
    } finally {
      await state.stop();
    }
  },
};
