import type { AggregateSavings } from '../../shared/savings/index.ts';
import { csvDialect } from '../i18n/csv-dialect.ts';
import { CATALOGUES, localeOf, type Catalogue, type Lang } from '../i18n/locale.ts';
import type { EvidenceReport } from './build-report.ts';
import { figuresOf, type Figure } from './figures.ts';
import { CANONICAL_FORM } from './input-digest.ts';
import { reportTitle, scopeLabel } from './render-html.ts';

/** The header's column names, by language: what a reader sees; the reader of `--verify` knows both. */
const header = (c: Catalogue) => [c['csv.section'], c['csv.key'], c['csv.value'], c['csv.low'], c['csv.high'], c['csv.unit']];
export const CSV_HEADERS: Record<Lang, readonly string[]> = { fr: header(CATALOGUES.fr), en: header(CATALOGUES.en) };

/**
 * The report as one long CSV table — section, key, value, low, high, unit — that a spreadsheet can filter:
 * every figure of the JSON, at full precision, intervals on one row, in the reader's spreadsheet dialect; its
 * sentences (title, reasons, methods, verdicts) in the reader's language, beside the reasons' codes.
 */
export function renderCsv(r: EvidenceReport, lang: Lang = 'en'): string {
  const csv = csvDialect(lang);
  const loc = localeOf(lang);
  const rows: [string, Figure][] = [];
  const add = (section: string, value: unknown, prefix = '') => { for (const f of figuresOf(value, prefix)) rows.push([section, f]); };
  add('scope', { ...r.scope, label: scopeLabel(r, loc), status: r.status, generatedAt: r.generatedAt, title: reportTitle(r, loc), format: r.format });
  const worded = (s: AggregateSavings) => ({ ...s, excluded: { ...s.excluded, reasons: loc.reasons(s.excluded.reasonCodes, s.excluded.reasons) } });
  add('savings', worded(r.savings));
  for (const [m, s] of Object.entries(r.byMetier)) add(`metier ${m}`, worded(s));
  for (const [v, m] of Object.entries(r.measuredBaseline ?? {})) {
    const fit = 'fit' in m ? { ...m.fit, reason: loc.because(m.fit.reasonCodes) } : undefined;
    add(`measured baseline ${v}`, { ...m, ...(!m.available && { reason: loc.because(m.reasonCodes) }), fit });
  }
  for (const c of r.claims) {
    const range = `${loc.num(100 * c.low, 0)}–${loc.pct(c.high, 0)}`;
    const text = c.verdict === 'no-data' ? loc.t('claim.noTrip') : loc.t(`claim.verdict.${c.verdict}`, { range });
    add(`claim ${c.metier}`, { low: c.low, high: c.high, verdict: c.verdict, text, source: c.source });
  }
  for (const e of r.energy.sources) add('energy source', e.kWh, `${e.source}.kWh`);
  for (const e of r.energy.uses) add('energy use', e.kWh, `${e.use}.kWh`);
  add('comfort', { atSeaHours: r.comfort.atSeaHours, generatorOffHoursAtSea: r.comfort.generatorOffHoursAtSea });
  for (const n of r.comfort.noise) add('comfort', { hours: n.hours, leqDbA: n.leqDbA }, `noise.${n.mode}`);
  add('coverage', r.coverage);
  for (const s of r.sensitivity) for (const b of s.bars) add(`sensitivity ${s.vessel} ${s.metier}`, { low: b.low, high: b.high, atLow: b.atLow, atHigh: b.atHigh }, b.assumption);
  for (const t of r.trips) add(`trip ${t.id}`, { ...t, id: undefined, reasons: loc.reasons(t.reasonCodes, t.reasons) });
  add('baseline', {
    ...r.baseline, method: loc.t('method.model'),
    ...(r.baseline.measured && { measured: { ...r.baseline.measured, method: loc.t('method.measured') } }),
  });
  const input = r.reproducibility.input;
  add('reproducibility', { ...r.reproducibility, input: { ...input, canonicalForm: input.canonicalForm === CANONICAL_FORM ? loc.t('repro.canonicalForm') : input.canonicalForm } });
  const lines = rows.filter(([, f]) => f.value !== undefined).map(([section, f]) => csv.row([section, f.key, f.value, f.low, f.high, f.unit]));
  return `${csv.bom}${csv.row(CSV_HEADERS[lang])}\n${lines.join('\n')}\n`;
}
