import type { Lang } from './locale.ts';

/**
 * How a CSV is written for a reader's spreadsheet. English: `,` between cells, `.` in numbers. French: spreadsheets
 * set to French (Excel, LibreOffice) split on `;` and read `,` as the decimal mark, and Excel takes a file for
 * UTF-8 only when it starts with a byte-order mark (else métier, CO₂… come out garbled). Numbers keep their full
 * precision; dates stay ISO 8601 UTC in both, because a dd/mm/yyyy hh:mm cell is read as local time without its
 * zone, while ISO text names UTC, sorts as text and is what `--verify` and other programs parse.
 */
export interface CsvDialect {
  lang: Lang;
  separator: ',' | ';';
  /** Written first: the UTF-8 byte-order mark for French, nothing for English (as before). */
  bom: string;
  /** One cell: numbers with the dialect's decimal mark, text quoted when it has to be (RFC 4180). */
  cell(value: string | number | null | undefined): string;
  row(cells: readonly (string | number | null | undefined)[]): string;
  /** A number cell as this dialect wrote it. */
  number(text: string | undefined): number;
}

export const BOM = '\ufeff';

export function csvDialect(lang: Lang): CsvDialect {
  const separator = lang === 'fr' ? ';' : ',';
  const needsQuotes = new RegExp(`["${separator}\\n\\r]`);
  const cell = (value: string | number | null | undefined) => {
    if (value === null || value === undefined) return '';
    const s = typeof value === 'number' && lang === 'fr' ? String(value).replace('.', ',') : String(value);
    return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return {
    lang, separator, bom: lang === 'fr' ? BOM : '', cell,
    row: (cells) => cells.map(cell).join(separator),
    number: (text) => (text === undefined || text.trim() === '' ? Number.NaN : Number(lang === 'fr' ? text.replace(',', '.') : text)),
  };
}

/** One CSV cell as English spreadsheets read it. */
export const csvCell = csvDialect('en').cell;
