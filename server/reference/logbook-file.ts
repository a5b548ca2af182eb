import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { FuelBasis, LogbookRecord } from '../../shared/savings/index.ts';
import { csvCells } from '../reports/read-report.ts';

/**
 * A conventional vessel's logbook or fuel records as a spreadsheet gives them (CSV, plain or French, or XLSX): one
 * row per trip or per day at sea, checked row by row at the door.
 */

/** Columns a logbook may have, by their English names and the French ones a French logbook or spreadsheet uses. */
const COLUMNS = {
  date_out: ['date_out', 'departure_date', 'date_depart', 'date_de_depart'],
  time_out: ['time_out', 'departure_time', 'heure_depart', 'heure_de_depart'],
  date_in: ['date_in', 'arrival_date', 'date_retour', 'date_de_retour'],
  time_in: ['time_in', 'arrival_time', 'heure_retour', 'heure_de_retour'],
  metier: ['metier', 'gear', 'engin'],
  fuel_consumed_l: ['fuel_consumed_l', 'gazole_consomme_l', 'carburant_consomme_l'],
  fuel_bunkered_l: ['fuel_bunkered_l', 'gazole_soute_l', 'avitaillement_l'],
  hours_fishing: ['hours_fishing', 'heures_peche', 'heures_de_peche'],
  landings_kg: ['landings_kg', 'debarquements_kg', 'captures_kg'],
} as const;
type Column = keyof typeof COLUMNS;

/** A file that is no logbook at all (unreadable, or without the columns one needs): nothing of it is read. */
export class LogbookFileError extends Error {}

export interface RejectedRow { line: number; reason: string; text: string }

export interface LogbookFile {
  sha256: string;
  format: 'csv' | 'csv-fr' | 'xlsx';
  basis: FuelBasis;
  records: LogbookRecord[];
  rejected: RejectedRow[];
}

const MAX_DAYS_AT_SEA = 30;
const MAX_FUEL_L = 200_000;

/** Header text as a column name: lower case, no accents, words joined by underscores. */
const normalise = (h: string) => h.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim().replace(/\(l\)/g, 'l').replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

function columnsOf(header: readonly string[]): Map<Column, number> {
  const found = new Map<Column, number>();
  header.forEach((h, i) => {
    const name = normalise(h);
    if (name === '') return;
    const column = (Object.keys(COLUMNS) as Column[]).find((c) => (COLUMNS[c] as readonly string[]).includes(name));
    if (!column) throw new LogbookFileError(`unknown column ${JSON.stringify(h)} (known: ${Object.keys(COLUMNS).join(', ')}, or their French names)`);
    if (found.has(column)) throw new LogbookFileError(`column ${column} appears twice`);
    found.set(column, i);
  });
  for (const c of ['date_out', 'metier'] as const) if (!found.has(c)) throw new LogbookFileError(`no ${c} column (header: ${header.join(', ')})`);
  if (found.has('fuel_consumed_l') === found.has('fuel_bunkered_l')) {
    throw new LogbookFileError('exactly one of fuel_consumed_l (each record\'s own burn) and fuel_bunkered_l (receipts, filling to full) is needed');
  }
  return found;
}

const blank = (s: string | undefined) => s === undefined || s.trim() === '';
const optional = <O>(t: z.ZodType<O, string>) => z.string().optional().transform((s) => (blank(s) ? undefined : s!.trim())).pipe(t.optional());

const dateCell = z.string().transform((s, ctx) => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const [y, mo, d] = m ? (s.includes('/') ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]]).map(Number) as [number, number, number] : [NaN, NaN, NaN];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (!m || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(s)} is not a date (dd/mm/yyyy or yyyy-mm-dd)` });
    return z.NEVER;
  }
  return { y, mo, d };
});
const timeCell = z.string().transform((s, ctx) => {
  const m = /^(\d{1,2})[:h](\d{2})(?::\d{2})?$/.exec(s);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(s)} is not a time of day (hh:mm)` });
    return z.NEVER;
  }
  return { h: Number(m[1]), mi: Number(m[2]) };
});
/** A number written either way: decimal point or comma, spaces (or non-breaking ones) between thousands. */
const numberCell = (max: number) => z.string().transform((s, ctx) => {
  const t = s.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^\d+([.,]\d+)?$/.test(t)) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(s)} is not a non-negative number` });
    return z.NEVER;
  }
  const n = Number(t.replace(',', '.'));
  if (n > max) {
    ctx.addIssue({ code: 'custom', message: `${n} is more than the ${max} that can be true` });
    return z.NEVER;
  }
  return n;
});

const rowSchema = z.object({
  date_out: dateCell,
  time_out: optional(timeCell),
  date_in: optional(dateCell),
  time_in: optional(timeCell),
  metier: z.string().trim().regex(/^[A-Z]{3}$/, 'a métier is a three-letter FAO gear code (OTB, OTM, SDN…)'),
  fuel_consumed_l: optional(numberCell(MAX_FUEL_L)),
  fuel_bunkered_l: optional(numberCell(MAX_FUEL_L)),
  hours_fishing: optional(numberCell(24 * MAX_DAYS_AT_SEA)),
  landings_kg: optional(numberCell(1e6)),
});

/** Epoch ms of a wall-clock time in a time zone (the logbook's own, Europe/Paris for a French one). */
export function zonedEpoch(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (t: number) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
      .formatToParts(new Date(t)).map((p) => [p.type, Number(p.value)]));
    return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!) - t;
  };
  const first = wall - offsetAt(wall);
  return wall - offsetAt(first);
}

function recordOf(line: number, cells: Record<Column, string | undefined>, timeZone: string): { record: LogbookRecord } | { reason: string } {
  const parsed = rowSchema.safeParse(cells);
  if (!parsed.success) return { reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const r = parsed.data;
  if ((r.time_out === undefined) !== (r.time_in === undefined)) return { reason: 'time_out and time_in go together: give both or neither' };
  const dateIn = r.date_in ?? r.date_out;
  const timed = r.time_out !== undefined;
  const departure = zonedEpoch(r.date_out.y, r.date_out.mo, r.date_out.d, r.time_out?.h ?? 0, r.time_out?.mi ?? 0, timeZone);
  // An untimed record runs from the midnight before its first day to the one after its last.
  const arrival = timed ? zonedEpoch(dateIn.y, dateIn.mo, dateIn.d, r.time_in!.h, r.time_in!.mi, timeZone) : zonedEpoch(dateIn.y, dateIn.mo, dateIn.d + 1, 0, 0, timeZone);
  if (arrival <= departure) return { reason: `arrival ${r.date_in ? 'date_in' : 'date_out'}${timed ? '/time_in' : ''} is not after departure` };
  if (arrival - departure > MAX_DAYS_AT_SEA * 86_400_000) return { reason: `more than ${MAX_DAYS_AT_SEA} days at sea` };
  const fishingSeconds = r.hours_fishing === undefined ? null : r.hours_fishing * 3600;
  if (fishingSeconds !== null && fishingSeconds * 1000 > arrival - departure) return { reason: `hours_fishing ${r.hours_fishing} is more than the time at sea` };
  const fuel = r.fuel_consumed_l ?? r.fuel_bunkered_l;
  if (cells.fuel_consumed_l !== undefined && fuel === undefined) return { reason: 'fuel_consumed_l: no fuel given' };
  return { record: { line, departure, arrival, timed, metier: r.metier, fuelM3: fuel === undefined ? null : fuel / 1000, fishingSeconds, landingsKg: r.landings_kg ?? null } };
}

/** A spreadsheet cell as the text a CSV would hold: dates as yyyy-mm-dd, times as hh:mm, numbers with a point. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const p = (n: number) => String(n).padStart(2, '0');
    // Excel keeps wall-clock times; a time of day alone is a date in 1899.
    return v.getUTCFullYear() < 1900 ? `${p(v.getUTCHours())}:${p(v.getUTCMinutes())}` : `${v.getUTCFullYear()}-${p(v.getUTCMonth() + 1)}-${p(v.getUTCDate())}`;
  }
  if (typeof v === 'object') {
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

async function xlsxRows(bytes: Buffer): Promise<{ line: number; cells: string[] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new LogbookFileError(`not a readable XLSX workbook: ${(err as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new LogbookFileError('the workbook has no sheet');
  const rows: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values = row.values as ExcelJS.CellValue[];
    rows.push({ line, cells: Array.from({ length: Math.max(0, values.length - 1) }, (_, k) => cellText(values[k + 1])) });
  });
  return rows;
}

function csvRows(text: string): { rows: { line: number; cells: string[] }[]; french: boolean } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0] ?? '';
  // A French spreadsheet writes `;` between cells, since its decimal separator is the comma.
  const french = (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0);
  return {
    french,
    rows: lines.flatMap((l, k) => (l.trim() === '' ? [] : [{ line: k + 1, cells: csvCells(l, french ? ';' : ',') }])),
  };
}

function fromRows(rows: readonly { line: number; cells: string[] }[], format: LogbookFile['format'], bytes: Buffer, timeZone: string): LogbookFile {
  const [header, ...body] = rows;
  if (!header) throw new LogbookFileError('the file is empty');
  const columns = columnsOf(header.cells);
  const records: LogbookRecord[] = [];
  const rejected: RejectedRow[] = [];
  for (const { line, cells } of body) {
    if (cells.every((c) => c.trim() === '')) continue;
    const named = Object.fromEntries([...columns].map(([c, i]) => [c, cells[i] ?? ''])) as Record<Column, string | undefined>;
    const out = recordOf(line, named, timeZone);
    if ('record' in out) records.push(out.record);
    else rejected.push({ line, reason: out.reason, text: cells.join(format === 'csv-fr' ? ';' : ',') });
  }
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'), format,
    basis: columns.has('fuel_consumed_l') ? 'consumed' : 'bunkered', records, rejected,
  };
}

const isXlsx = (bytes: Buffer) => bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));

/** Reads a logbook CSV, plain or French (the separator told by the header). */
export function readLogbookCsv(bytes: Buffer, options: { timeZone: string }): LogbookFile {
  if (isXlsx(bytes)) throw new LogbookFileError('this is an XLSX workbook, not a CSV');
  const csv = csvRows(bytes.toString('utf8'));
  return fromRows(csv.rows, csv.french ? 'csv-fr' : 'csv', bytes, options.timeZone);
}

/**
 * Reads a logbook file: XLSX (recognised by its zip signature) or CSV. Every row is checked; the rows refused are
 * returned with their line and reason, never dropped silently.
 */
export async function readLogbookFile(bytes: Buffer, options: { timeZone: string }): Promise<LogbookFile> {
  return isXlsx(bytes) ? fromRows(await xlsxRows(bytes), 'xlsx', bytes, options.timeZone) : readLogbookCsv(bytes, options);
}
