import type { Interval } from '../../shared/savings/index.ts';
import type { Locale } from '../i18n/locale.ts';

/** Text for HTML, attributes included. */
export const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A figure cell: the rounded text a reader sees, the exact value a machine (and the tests) can check. */
export function fig(key: string, value: number | null | undefined, text: (v: number) => string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return `<td class="num" data-key="${esc(key)}">—</td>`;
  return `<td class="num" data-key="${esc(key)}" data-value="${value}">${esc(text(value))}</td>`;
}

/** A value cell and its 95 % interval cell, each carrying the exact figures. */
export function intervalCells(key: string, i: Interval | null | undefined, text: (v: number) => string, loc: Locale): string {
  if (!i) return '<td class="num">—</td><td class="num">—</td>';
  return `${fig(`${key}.value`, i.value, text)}<td class="num ci" data-key="${esc(key)}.interval" data-low="${i.low}" data-high="${i.high}">${esc(loc.t('interval.range', { low: text(i.low), high: text(i.high) }))}</td>`;
}

/** The units the report writes its figures in, in the reader's language. */
export function units(loc: Locale) {
  return {
    L: (v: number) => `${loc.num(v, 0)} L`,
    kg: (v: number) => `${loc.num(v, v !== 0 && Math.abs(v) < 10 ? 2 : 0)} kg`,
    kWh: (v: number) => `${loc.num(v, 1)} kWh`,
    h: (v: number) => `${loc.num(v, 1)} h`,
    s: (v: number) => `${loc.num(v, 0)} s`,
    count: (v: number) => loc.num(v, 0),
    pct: (v: number) => loc.pct(v),
  };
}
