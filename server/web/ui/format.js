import { intlLocale, lang, t } from './i18n.js';

/** SI on the wire and in storage; these are the display units, converted only here. */
const DISPLAY = {
  W: { unit: 'kW', f: (v) => v / 1000, digits: 1 },
  'm3/s': { unit: 'L/h', f: (v) => v * 3.6e6, digits: 1 },
  'm/s': { unit: 'kn', f: (v) => (v * 3600) / 1852, digits: 1 },
  K: { unit: '°C', f: (v) => v - 273.15, digits: 1 },
  ratio: { unit: '%', f: (v) => v * 100, digits: 1 },
  Hz: { unit: 'rpm', f: (v) => v * 60, digits: 0 },
  s: { unit: 'h', f: (v) => v / 3600, digits: 2 },
  rad: { unit: '°', f: (v) => (v * 180) / Math.PI, digits: 0 },
  deg: { unit: '°', f: (v) => v, digits: 5 },
  dBA: { unit: 'dB(A)', f: (v) => v, digits: 1 },
  V: { unit: 'V', f: (v) => v, digits: 1 },
  A: { unit: 'A', f: (v) => v, digits: 1 },
  m: { unit: 'm', f: (v) => v, digits: 2 },
  Pa: { unit: 'hPa', f: (v) => v / 100, digits: 1 },
  enum: { unit: '', f: (v) => v, digits: 0 },
};

export function displayOf(siUnit) {
  return DISPLAY[siUnit] || { unit: siUnit, f: (v) => v, digits: 2 };
}

export function num(v, digits = 1) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString(intlLocale(), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A count with the reader's thousands separator. */
export const count = (n) => (n === null || n === undefined ? '—' : n.toLocaleString(intlLocale()));
export const pct = (ratio, digits = 1) => (ratio === null || ratio === undefined ? '—' : `${num(ratio * 100, digits)}${lang === 'fr' ? '\u202f' : ' '}%`);
export const litres = (l) => `${num(l, 0)} L`;
export const interval = (i, f) => (i ? t('interval.range', { low: f(i.low), high: f(i.high) }) : '—');

/** An instant to the second, UTC: dd/mm/yyyy in French, ISO 8601 in English. */
export function utc(time) {
  if (time === null || time === undefined) return '—';
  const d = new Date(time);
  if (lang !== 'fr') return d.toISOString().slice(0, 19).replace('T', ' ');
  return d.toLocaleString('fr-FR', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
}

export function ago(time, now = Date.now()) {
  if (time === null || time === undefined) return t('ui.ago.never');
  const s = Math.round((now - time) / 1000);
  if (s < 0) return t('ui.ago.in', { n: Math.abs(s) });
  if (s < 90) return t('ui.ago.s', { n: s });
  if (s < 5400) return t('ui.ago.min', { n: Math.round(s / 60) });
  if (s < 172800) return t('ui.ago.h', { n: Math.round(s / 3600) });
  return t('ui.ago.d', { n: Math.round(s / 86400) });
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${num(s / 3600, 1)} h`;
  return `${num(s / 86400, 1)} ${t('ui.unit.day')}`;
}

/** The registry entry for a concrete path (`electrical.batteries.main.voltage` matches `electrical.batteries.<id>.voltage`). */
export function signalFor(signals, path) {
  return signals.find((s) => new RegExp(`^${s.pattern.replace(/\./g, '\\.').replace('<id>', '[^.]+')}$`).test(path));
}

export const PHASE_COLOURS = {
  port: '#8a99a8', steaming: '#2a7ab0', shooting: '#e0b000', towing: '#1d9a6c', hauling: '#d9622b', drifting: '#9a6fc0',
};
