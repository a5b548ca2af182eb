import { csvDialect } from '../i18n/csv-dialect.ts';
import { CATALOGUES, type Catalogue, type Lang } from '../i18n/locale.ts';
import type { EvidenceReport } from './build-report.ts';
import { figuresOf, type Figure } from './figures.ts';

/** The header's column names, by language: what a reader sees; the reader of `--verify` knows both. */
const header = (c: Catalogue) => [c['csv.section'], c['csv.key'], c['csv.value'], c['csv.low'], c['csv.high'], c['csv.unit']];
export const CSV_HEADERS: Record<Lang, readonly string[]> = { fr: header(CATALOGUES.fr), en: header(CATALOGUES.en) };

/**
 * The report as one long CSV table — section, key, value, low, high, unit — that a spreadsheet can filter:
 * every figure of the JSON, at full precision, intervals on one row, in the reader's spreadsheet dialect.
 */
export function renderCsv(r: EvidenceReport, lang: Lang = 'en'): string {
  const csv = csvDialect(lang);
  const rows: [string, Figure][] = [];
  const add = (section: string, value: unknown, prefix = '') => { for (const f of figuresOf(value, prefix)) rows.push([section, f]); };
  add('scope', { ...r.scope, status: r.status, generatedAt: r.generatedAt, title: r.title, format: r.format });
  add('savings', r.savings);
  for (const [m, s] of Object.entries(r.byMetier)) add(`metier ${m}`, s);
  for (const [v, m] of Object.entries(r.measuredBaseline ?? {})) add(`measured baseline ${v}`, m);
  for (const c of r.claims) add(`claim ${c.metier}`, { low: c.low, high: c.high, verdict: c.verdict, text: c.text, source: c.source });
  for (const e of r.energy.sources) add('energy source', e.kWh, `${e.source}.kWh`);
  for (const e of r.energy.uses) add('energy use', e.kWh, `${e.use}.kWh`);
  add('comfort', { atSeaHours: r.comfort.atSeaHours, generatorOffHoursAtSea: r.comfort.generatorOffHoursAtSea });
  for (const n of r.comfort.noise) add('comfort', { hours: n.hours, leqDbA: n.leqDbA }, `noise.${n.mode}`);
  add('coverage', r.coverage);
  for (const s of r.sensitivity) for (const b of s.bars) add(`sensitivity ${s.vessel} ${s.metier}`, { low: b.low, high: b.high, atLow: b.atLow, atHigh: b.atHigh }, b.assumption);
  for (const t of r.trips) add(`trip ${t.id}`, { ...t, id: undefined });
  add('baseline', r.baseline);
  add('reproducibility', r.reproducibility);
  const lines = rows.filter(([, f]) => f.value !== undefined).map(([section, f]) => csv.row([section, f.key, f.value, f.low, f.high, f.unit]));
  return `${csv.bom}${csv.row(CSV_HEADERS[lang])}\n${lines.join('\n')}\n`;
}
