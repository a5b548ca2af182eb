import { z } from 'zod';
import { vesselIdSchema } from '../../shared/wire/ids.ts';
import { csvDialect, type CsvDialect } from '../i18n/csv-dialect.ts';
import { LANGS } from '../i18n/locale.ts';
import { REPORT_FORMAT } from './build-report.ts';
import { CSV_HEADERS } from './render-csv.ts';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const periodInput = z.object({
  vessel: vesselIdSchema, from: z.number().int(), to: z.number().int(), sha256: sha256Hex, samples: z.number().int(), values: z.number().int(),
});

/** What `--verify` needs from a report, whichever of its three formats it was saved in. */
export const reproducibilitySchema = z.object({
  dataWindow: z.object({ from: z.number().int(), to: z.number().int() }),
  vessels: z.array(vesselIdSchema),
  softwareVersion: z.string(),
  baselineParametersSha256: z.string().regex(/^[0-9a-f]{64}$/),
  input: z.object({ sha256: sha256Hex, samples: z.number().int(), values: z.number().int() }),
  /** Absent from a report without option C. */
  referenceInputs: z.array(periodInput).optional(),
  /** Absent from a report without a logbook. */
  referenceRecords: z.array(z.object({ vessel: vesselIdSchema, sha256: sha256Hex, files: z.number().int(), records: z.number().int() })).optional(),
  /** Absent from a report without a control baseline. */
  controlInputs: z.array(periodInput.extend({ hybrid: vesselIdSchema, profileSha256: sha256Hex })).optional(),
});
export type ReportedReproducibility = z.infer<typeof reproducibilitySchema>;

const jsonReport = z.object({ format: z.literal(REPORT_FORMAT), reproducibility: reproducibilitySchema });

/** A report this version cannot recompute: made by a Sillage whose input digest was defined otherwise. */
export class ReportFormatError extends Error {}

/** Refuses a report of another format by name, rather than as a digest that no longer matches. */
function checkFormat(format: unknown): void {
  if (format === REPORT_FORMAT || typeof format !== 'string' || !/^sillage-evidence-report\/\d+$/.test(format)) return;
  throw new ReportFormatError(`the report is of format ${format}, whose input SHA-256 is defined otherwise than this version's ${REPORT_FORMAT} `
    + '(a hash of per-day digests): it cannot be verified here. Verify it with the Sillage version named in its reproducibility block, '
    + 'or make the report again with this one.');
}

function fromJson(text: string, what: string): ReportedReproducibility {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${(err as Error).message}`);
  }
  checkFormat((json as { format?: unknown } | null)?.format);
  const parsed = jsonReport.safeParse(json);
  if (!parsed.success) throw new Error(`${what} is not a Sillage evidence report: ${z.prettifyError(parsed.error)}`);
  return parsed.data.reproducibility;
}

/** Splits one CSV line (RFC 4180 quoting) into cells; French spreadsheets separate them with `;`. */
export function csvCells(line: string, separator = ','): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const c = line[k]!;
    if (quoted) {
      if (c === '"' && line[k + 1] === '"') { cell += '"'; k++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) { cells.push(cell); cell = ''; } else cell += c;
  }
  cells.push(cell);
  return cells;
}

function fromCsv(text: string, csv: CsvDialect): ReportedReproducibility {
  const rows = new Map<string, string>();
  let formatRow: string | undefined;
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [section, key, value] = csvCells(line, csv.separator);
    if (section === 'reproducibility' && key !== undefined) rows.set(key, value ?? '');
    if (section === 'scope' && key === 'format') formatRow = value;
  }
  checkFormat(formatRow);
  if (formatRow !== REPORT_FORMAT) throw new Error(`the CSV names no report format (${csv.row(['scope', 'format', REPORT_FORMAT])} expected)`);
  const n = (k: string) => csv.number(rows.get(k));
  /** The entries of a list of the block, `list.0.field`, `list.1.field`…: the text fields as they are, the others as numbers. */
  const list = (name: string, text: readonly string[], numbers: readonly string[]) => [...rows.keys()]
    .flatMap((k) => new RegExp(`^${name}\\.(\\d+)\\.vessel$`).exec(k)?.[1] ?? [])
    .map((i) => Object.fromEntries([
      ...text.map((f) => [f, rows.get(`${name}.${i}.${f}`)]), ...numbers.map((f) => [f, n(`${name}.${i}.${f}`)]),
    ]));
  const references = list('referenceInputs', ['vessel', 'sha256'], ['from', 'to', 'samples', 'values']);
  const records = list('referenceRecords', ['vessel', 'sha256'], ['files', 'records']);
  const controls = list('controlInputs', ['hybrid', 'vessel', 'sha256', 'profileSha256'], ['from', 'to', 'samples', 'values']);
  const parsed = reproducibilitySchema.safeParse({
    dataWindow: { from: n('dataWindow.from'), to: n('dataWindow.to') },
    vessels: (rows.get('vessels') ?? '').split(' | ').filter(Boolean),
    softwareVersion: rows.get('softwareVersion'),
    baselineParametersSha256: rows.get('baselineParametersSha256'),
    input: { sha256: rows.get('input.sha256'), samples: n('input.samples'), values: n('input.values') },
    ...(references.length > 0 && { referenceInputs: references }),
    ...(records.length > 0 && { referenceRecords: records }),
    ...(controls.length > 0 && { controlInputs: controls }),
  });
  if (!parsed.success) throw new Error(`the CSV has no complete reproducibility section: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The reproducibility block of a report saved as JSON, CSV (in either language's dialect) or HTML (which carries its JSON). */
export function readReproducibility(text: string): ReportedReproducibility {
  const trimmed = text.replace(/^\ufeff/, '').trimStart();
  if (trimmed.startsWith('{')) return fromJson(trimmed, 'the report');
  for (const lang of LANGS) {
    const csv = csvDialect(lang);
    if (trimmed.startsWith(csv.row(CSV_HEADERS[lang]))) return fromCsv(trimmed, csv);
  }
  const embedded = /<script type="application\/json" id="sillage-report">([\s\S]*?)<\/script>/.exec(text);
  if (embedded) return fromJson(embedded[1]!, 'the report embedded in the HTML');
  throw new Error('not a Sillage evidence report (expected its JSON, CSV or HTML)');
}
