import { z } from 'zod';
import { fillTemplate, type Reason } from '../../shared/savings/index.ts';
import { en, type Catalogue, type MessageKey } from './en.ts';
import { fr } from './fr.ts';

export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];
/** French first: the trial's owners, skippers and working group read French. */
export const DEFAULT_LANG: Lang = 'fr';
export const langSchema = z.enum(LANGS);

/** One catalogue per language, the only place a word shown to a reader is written. */
export const CATALOGUES: Record<Lang, Catalogue> = { fr, en };

const INTL_LOCALE: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/**
 * The language an `Accept-Language` header prefers among ours, by its q-values; French when it names none of them
 * (or is absent, or `*`).
 */
export function negotiateLang(accept: string | undefined): Lang {
  if (!accept) return DEFAULT_LANG;
  const ranked = accept.split(',').map((part, order) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = Number(params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean) ?? 1);
    return { lang: tag.trim().toLowerCase().split('-')[0]!, q: Number.isFinite(q) ? q : 0, order };
  }).filter((x) => x.q > 0).sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked.map((x) => x.lang).find((l): l is Lang => (LANGS as readonly string[]).includes(l)) ?? DEFAULT_LANG;
}

/** A reader's language: its messages, and numbers and dates as that language writes them. */
export interface Locale {
  lang: Lang;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A reason the domain gave as a code and its figures, in this language. */
  reason(r: Reason): string;
  /** Several reasons in this language; the English `text` as written when there are no codes (savings stored before them). */
  reasons(codes: readonly Reason[] | null, text: readonly string[]): string[];
  /** A term the domain names in English (a logbook's resolution), in this language; as it is when the catalogue has no word for it. */
  term(value: string): string;
  /** Reasons that make one sentence (a fit's verdict and what it was fitted on), in this language. */
  because(codes: readonly Reason[]): string;
  /** Rounded for reading; a value that rounds to zero shows as 0, never as −0. fr-FR: decimal comma, narrow no-break space between thousands. */
  num(x: number, digits: number): string;
  /** A ratio as a percentage: `12,3 %` with a narrow no-break space in French, `12.3 %` in English. */
  pct(ratio: number, digits?: number): string;
  /** Date and minute, UTC, named so: dd/mm/yyyy in French, ISO 8601 (unambiguous to any English reader) in English. */
  dateTime(t: number | string): string;
  date(t: number | string): string;
  /** A month and its year in words (`mars 2025`, `March 2025`). */
  month(t: number | string): string;
}

export function localeOf(lang: Lang): Locale {
  const tag = INTL_LOCALE[lang];
  const catalogue = CATALOGUES[lang];
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let f = numbers.get(digits);
    if (!f) numbers.set(digits, f = new Intl.NumberFormat(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
    return f;
  };
  const dateTime = new Intl.DateTimeFormat(tag, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
  const date = new Intl.DateTimeFormat(tag, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'long', timeZone: 'UTC' });
  const num = (x: number, digits: number) => numberFormat(digits).format(Math.abs(x) < 0.5 * 10 ** -digits ? 0 : x);
  const at = (t: number | string) => new Date(t);
  const term = (v: string) => (`term.${v}` in catalogue ? catalogue[`term.${v}` as MessageKey] : v);
  // `{name}` as it is, `{name:2}` with the reader's decimals, `{name:term}` in the reader's words; a missing one stays visible.
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => fillTemplate(catalogue[key], params, num, term);
  const reason = (r: Reason) => t(`reason.${r.code}`, r.params);
  return {
    lang,
    t,
    term,
    reason,
    reasons: (codes, text) => (codes ? codes.map(reason) : [...text]),
    because: (codes) => codes.map(reason).join(t('reason.join')),
    num,
    pct: (ratio, digits = 1) => `${num(100 * ratio, digits)}${lang === 'fr' ? '\u202f' : ' '}%`,
    dateTime: (t) => `${lang === 'fr' ? dateTime.format(at(t)) : at(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    date: (t) => (lang === 'fr' ? date.format(at(t)) : at(t).toISOString().slice(0, 10)),
    month: (t) => month.format(at(t)),
  };
}

export { en, fr, type Catalogue, type MessageKey };
