import type { Interval, SensitivityBar } from '../../shared/savings/index.ts';
import type { Locale } from '../i18n/locale.ts';

import { esc } from './report-cells.ts';

const W = 640;
const BOTH = ' (both)';

/** One interval of a baseline, drawn beside the claim. */
export interface ClaimRow { label: string; fraction: Interval | null }

/**
 * A métier's claimed band behind the measured saving of each baseline, one row each, on one axis: where every
 * baseline's interval stands against the claim can be read at a glance, and prints.
 */
export function claimChart(claim: { low: number; high: number }, rows: readonly ClaimRow[], loc: Locale, title: string): string {
  const shown = rows.filter((r) => r.fraction);
  const lo = Math.min(0, claim.low, ...shown.map((r) => r.fraction!.low));
  const hi = Math.max(0.3, claim.high, ...shown.map((r) => r.fraction!.high)) * 1.05;
  const left = 200; const right = W - 12; const rowH = 26; const top = 8;
  const axisY = top + Math.max(1, rows.length) * rowH + 4;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (right - left);
  const ticks: string[] = [];
  for (let t = Math.ceil(lo * 20) / 20; t <= hi + 1e-9; t += 0.05) {
    ticks.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${axisY}" y2="${axisY + 4}" class="axis"/><text x="${x(t)}" y="${axisY + 16}" class="tick">${esc(loc.pct(t, 0))}</text>`);
  }
  const drawn = rows.map((r, k) => {
    const y = top + k * rowH + rowH / 2;
    const label = `<text x="${left - 8}" y="${y + 4}" class="bar-label">${esc(r.label)}</text>`;
    const f = r.fraction;
    if (!f) return `${label}<text x="${left + 6}" y="${y + 4}" class="none">${esc(loc.t('chart.noFigure'))}</text>`;
    return `${label}<line x1="${x(f.low)}" x2="${x(f.high)}" y1="${y}" y2="${y}" class="ci-bar"/>
      <line x1="${x(f.low)}" x2="${x(f.low)}" y1="${y - 6}" y2="${y + 6}" class="ci-bar"/><line x1="${x(f.high)}" x2="${x(f.high)}" y1="${y - 6}" y2="${y + 6}" class="ci-bar"/>
      <circle cx="${x(f.value)}" cy="${y}" r="4.5" class="point"/><text x="${Math.min(x(f.high) + 6, right - 40)}" y="${y - 6}" class="value">${esc(loc.pct(f.value))}</text>`;
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${axisY + 22}" role="img" aria-label="${esc(title)}">
    <rect x="${x(claim.low)}" y="${top - 4}" width="${x(claim.high) - x(claim.low)}" height="${axisY - top + 4}" class="claim"/>
    <text x="${(x(claim.low) + x(claim.high)) / 2}" y="${axisY - 3}" class="claim-label">${esc(loc.t('chart.claimed'))}</text>
    <line x1="${x(0)}" x2="${x(0)}" y1="${top - 4}" y2="${axisY}" class="zero"/>
    <line x1="${left}" x2="${right}" y1="${axisY}" y2="${axisY}" class="axis"/>${ticks.join('')}${drawn.join('')}</svg>`;
}

/** Horizontal bars, one per row, scaled to the largest. */
export function barChart(rows: { label: string; value: number }[], unit: string, cls: string, loc: Locale, title: string): string {
  const shown = rows.filter((r) => r.value > 0.0005);
  if (shown.length === 0) return `<p class="note">${esc(loc.t('energy.none'))}</p>`;
  const max = Math.max(...shown.map((r) => r.value));
  const row = 18; const labelW = 150; const barW = W - labelW - 90;
  const bars = shown.map((r, k) => {
    const y = k * row;
    const w = Math.max(1, (r.value / max) * barW);
    return `<text x="${labelW - 6}" y="${y + 14}" class="bar-label">${esc(r.label)}</text>
      <rect x="${labelW}" y="${y + 3}" width="${w}" height="${row - 6}" class="${cls}"/>
      <text x="${labelW + w + 5}" y="${y + 14}" class="bar-value">${esc(loc.num(r.value, 1))} ${esc(unit)}</text>`;
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${shown.length * row}" role="img" aria-label="${esc(title)}">${bars.join('')}</svg>`;
}

/**
 * A tornado: each assumption's swing of the saving, in percentage points, at the low and the high end of its range,
 * largest first, around the nominal saving (the centre line). Assumptions the profile takes as known are hatched.
 */
export function tornadoChart(bars: readonly SensitivityBar[], loc: Locale, title: string): string {
  // The sensitivity names a geometry drawn on both propulsors at once by its code and ` (both)`.
  const name = (a: string) => (a.endsWith(BOTH) ? `${a.slice(0, -BOTH.length)} (${loc.t('sensitivity.both')})` : a);
  const row = 17; const labelW = 250; const left = labelW + 40; const right = W - 40;
  const reach = Math.max(0.002, ...bars.flatMap((b) => [Math.abs(b.atLow), Math.abs(b.atHigh)]));
  const mid = (left + right) / 2;
  const x = (v: number) => mid + (v / reach) * ((right - left) / 2);
  const pp = (v: number) => {
    const shown = loc.num(Math.abs(100 * v), 2);
    return `${/[1-9]/.test(shown) ? (v > 0 ? '+' : '−') : ''}${shown}`;
  };
  const body = bars.map((b, k) => {
    const y = k * row + 4;
    const end = (v: number, cls: string) => {
      const a = Math.min(x(0), x(v)); const w = Math.max(0.5, Math.abs(x(v) - x(0)));
      return `<rect x="${a}" y="${y + 2}" width="${w}" height="${row - 5}" class="${cls}${b.stated ? '' : ' unstated'}"/>`;
    };
    const far = Math.max(x(b.atLow), x(b.atHigh));
    const near = Math.min(x(b.atLow), x(b.atHigh));
    return `<text x="${labelW - 4}" y="${y + 12}" class="bar-label">${esc(name(b.assumption))} ×${esc(loc.num(b.low, 2))}–${esc(loc.num(b.high, 2))}</text>
      ${end(b.atLow, 'low')}${end(b.atHigh, 'high')}
      <text x="${far + 3}" y="${y + 12}" class="bar-value">${esc(pp(b.atLow <= b.atHigh ? b.atHigh : b.atLow))}</text>
      <text x="${near - 3}" y="${y + 12}" class="bar-value end">${esc(pp(b.atLow <= b.atHigh ? b.atLow : b.atHigh))}</text>`;
  });
  const h = bars.length * row + 26;
  return `<svg class="chart tornado" viewBox="0 0 ${W} ${h}" role="img" aria-label="${esc(title)}">
    <line x1="${x(0)}" x2="${x(0)}" y1="0" y2="${h - 20}" class="axis"/>${body.join('')}
    <rect x="${left}" y="${h - 14}" width="10" height="9" class="low"/><text x="${left + 14}" y="${h - 6}" class="legend">${esc(loc.t('sensitivity.atLow'))}</text>
    <rect x="${mid + 10}" y="${h - 14}" width="10" height="9" class="high"/><text x="${mid + 24}" y="${h - 6}" class="legend">${esc(loc.t('sensitivity.atHigh'))}</text></svg>`;
}
