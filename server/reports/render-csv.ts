import { csvCell } from '../web/series-export.ts';
import type { EvidenceReport } from './build-report.ts';
import { figuresOf, type Figure } from './figures.ts';

/**
 * The report as one long CSV table — section, key, value, low, high, unit — that a spreadsheet can filter:
 * every figure of the JSON, at full precision, intervals on one row.
 */
export function renderCsv(r: EvidenceReport): string {
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
  for (const t of r.trips) add(`trip ${t.id}`, { ...t, id: undefined });
  add('baseline', r.baseline);
  add('reproducibility', r.reproducibility);
  const header = ['section', 'key', 'value', 'low', 'high', 'unit'].join(',');
  const lines = rows.filter(([, f]) => f.value !== undefined).map(([section, f]) => [section, f.key, f.value, f.low, f.high, f.unit].map(csvCell).join(','));
  return `${header}\n${lines.join('\n')}\n`;
}
