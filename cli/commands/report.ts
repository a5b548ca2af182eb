import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { TripRepository } from '../../server/analytics/trip-repository.ts';
import { serverConfigSchema } from '../../server/config.ts';
import { buildReport, ReportError } from '../../server/reports/build-report.ts';
import { readReproducibility, ReportFormatError } from '../../server/reports/read-report.ts';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../../server/reports/report-files.ts';
import { reportRequestSchema, type ReportRequestInput } from '../../server/reports/report-request.ts';
import { describeVerification, verifyReport } from '../../server/reports/verify-report.ts';
import { HourDigestIndex } from '../../server/reports/hour-digests.ts';
import { LogbookStore } from '../../server/reference/logbook-store.ts';
import { DEFAULT_LANG, LANGS, langSchema } from '../../server/i18n/locale.ts';
import { StateDatabase } from '../../server/state/state-db.ts';
import { openStore } from '../../server/store/open-store.ts';
import { SOFTWARE_VERSION } from '../../server/version.ts';
import type { VesselProfile } from '../../shared/profile/index.ts';
import { parseFlags, type Command } from '../../shared/command-line/command.ts';
import { loadConfigFile, UsageError } from '../../shared/command-line/config-file.ts';
import { serverEnv } from '../env.ts';

const usage = `Usage: sillage report [--config FILE] [--data-dir DIR] SCOPE [--vessel ID] [--label TEXT] [--format html|csv|json] [--lang fr|en] [--out FILE]
       sillage report --verify FILE [--config FILE] [--data-dir DIR]

Fuel-savings evidence from the trips and savings the shore server computed, read from its data (the same
--config and data directory as \`sillage server\`; SILLAGE_INFLUX_URL for an InfluxDB store).

SCOPE is one of:
  --trip ID              one trip (ids as listed by /api/vessels/{id}/trips)
  --metier CODE          one métier (OTB, OTM, OTT, SDN…), optionally within --from/--to
  --month YYYY-MM        the trips that started in a month
  --from DATE --to DATE  a season or any period (ISO 8601 dates or epoch ms; --to exclusive)
  --trial                the whole trial

  --format FMT           html (the dossier: prints on A4), csv or json (default json)
  --lang fr|en           the language of the HTML and CSV (default fr); a French CSV has \`;\` between cells, a
                         decimal comma and a UTF-8 byte-order mark, as French spreadsheets read it
  --out FILE             write there instead of standard output
  --verify FILE          recompute the SHA-256 of a report's input data (reading every value of its window,
                         never the cached day digests), of each vessel's conventional reference period when
                         it has a measured baseline (option C), of its imported logbook records (option C on
                         the logbook), of each control vessel's data over the weeks compared and of its
                         conventional profile (control baseline), and of its baseline parameters, from a
                         report in any format, and say whether they still match; exit status 1 when not, 2
                         for a report of an older format

A report's input SHA-256 hashes one digest per vessel and UTC day, each the sum of its hours'; the server keeps
the digest of every hour up to date in the state database as it stores data, so a report reads back only the
hours changed in place since (and the partial hours at its window's edges).`;

/** The report request the flags describe, checked by the same schema as the API's query. */
function requestFromFlags(v: Record<string, string | boolean | undefined>): ReportRequestInput {
  const given = ['trip', 'metier', 'month', 'trial'].filter((k) => v[k] !== undefined);
  const range = v.from !== undefined || v.to !== undefined;
  if (given.length + (range && v.metier === undefined ? 1 : 0) !== 1) {
    throw new UsageError('give exactly one scope: --trip ID, --metier CODE, --month YYYY-MM, --from/--to or --trial');
  }
  const common = { vessel: v.vessel as string | undefined, label: v.label as string | undefined };
  const period = { from: v.from as string | undefined, to: v.to as string | undefined };
  if (v.trip !== undefined) {
    if (v.vessel !== undefined || v.label !== undefined) throw new UsageError('--trip names one trip: --vessel and --label do not apply');
    return { scope: 'trip', trip: v.trip as string };
  }
  if (v.metier !== undefined) return { scope: 'metier', metier: v.metier as never, ...common, ...period };
  if (v.month !== undefined) return { scope: 'period', month: v.month as string, ...common };
  return { scope: 'period', ...common, ...period };
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'fuel-savings evidence for a trip, a métier or a period, as HTML, CSV or JSON; --verify checks one',
  usage,
  async run(argv) {
    const { values } = parseFlags(argv, {
      config: { type: 'string' }, 'data-dir': { type: 'string' }, trip: { type: 'string' }, metier: { type: 'string' },
      month: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, trial: { type: 'boolean' },
      vessel: { type: 'string' }, label: { type: 'string' }, format: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' }, verify: { type: 'string' },
    });
    const env = serverEnv();
    const config = loadConfigFile(serverConfigSchema, values.config, { influxUrl: env.influxUrl, influxToken: env.influxToken, dataDir: values['data-dir'] ?? env.dataDir });
    const format = (values.format ?? 'json') as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`);
    const lang = langSchema.safeParse(values.lang ?? DEFAULT_LANG);
    if (!lang.success) throw new UsageError(`--lang must be one of ${LANGS.join(', ')}, got ${JSON.stringify(values.lang)}`);
    let request;
    let reportText: string | undefined;
    if (values.verify !== undefined) {
      try {
        reportText = readFileSync(values.verify, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${values.verify}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    } else {
      const parsed = reportRequestSchema.safeParse(requestFromFlags(values));
      if (!parsed.success) throw new UsageError(z.prettifyError(parsed.error).replace(/\n/g, ' '));
      request = parsed.data;
    }
    const state = new StateDatabase(config.dataDir);
    if (!state.exists()) throw new UsageError(`no shore data in ${config.dataDir} (no server.db): give the server's --config or --data-dir`);
    const profiles = new Map<string, VesselProfile>(config.vessels.flatMap((v) => (v.profile ? [[v.id, v.profile] as const] : [])));
    const references = new Map(config.vessels.flatMap((v) => (v.conventionalReference ? [[v.id, v.conventionalReference] as const] : [])));
    const store = openStore({ influxUrl: config.influxUrl, influxToken: config.influxToken, dataDir: config.dataDir });
    await store.start();
    await state.start();
    const { db } = state;
    try {
      if (reportText !== undefined) {
        let reported;
        try {
          reported = readReproducibility(reportText);
        } catch (err) {
          if (err instanceof ReportFormatError) throw new UsageError(err.message);
          throw err;
        }
        const verification = await verifyReport(reported, { store, profiles, references, controls: config.vessels, logbooks: new LogbookStore(db), version: SOFTWARE_VERSION });
        console.log(describeVerification(verification));
        return verification.matches ? 0 : 1;
      }
      let report;
      try {
        const digests = new HourDigestIndex(db);
        const trips = new TripRepository({ db });
        await trips.start();
        report = await buildReport(request!, { trips, store, profiles, references, controls: config.vessels, version: SOFTWARE_VERSION, digests, logbooks: new LogbookStore(db) });
      } catch (err) {
        if (err instanceof ReportError) throw new UsageError(err.message);
        throw err;
      }
      const text = renderReport(report, format, lang.data);
      if (values.out) {
        writeFileSync(values.out, text);
        console.error(`${report.title}: ${report.savings.included}/${report.savings.trips} trips included, input SHA-256 ${report.reproducibility.input.sha256} → ${values.out}`);
      } else {
        process.stdout.write(text);
      }
      return 0;
    } finally {
      await state.stop();
      await store.stop();
    }
  },
};
