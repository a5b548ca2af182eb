/** The reader's language: chosen here and remembered by this browser, else the one its Accept-Language prefers (the shore decides), else French. */
const STORED = 'sillage.lang';
let messages = {};
export let lang = 'fr';
export let langs = ['fr', 'en'];

export async function loadLanguage() {
  const chosen = localStorage.getItem(STORED);
  const res = await fetch(`/api/i18n${chosen ? `?lang=${encodeURIComponent(chosen)}` : ''}`);
  const body = await res.json();
  ({ lang, langs, messages } = body);
  document.documentElement.lang = lang;
}

export function setLanguage(next) {
  localStorage.setItem(STORED, next);
  location.reload();
}

/**
 * A message of the catalogue with its placeholders filled — `{name}` as it is, `{name:2}` a number with 2 decimals,
 * `{name:term}` a term of the catalogue (`term.<value>`); a missing key shows itself rather than nothing.
 */
export function t(key, params = {}) {
  const text = messages[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)(?::(\w+))?\}/g, (whole, name, format) => {
    if (!(name in params)) return whole;
    const value = params[name];
    if (format === 'term') return named('term', value);
    if (format !== undefined && typeof value === 'number') return value.toLocaleString(intlLocale(), { minimumFractionDigits: Number(format), maximumFractionDigits: Number(format) });
    return String(value);
  });
}

/** A code the domain sends (a phase, an event kind, an alarm) by its name in the catalogue, or as it is when it has none. */
export const named = (family, code) => messages[`${family}.${code}`] ?? code;

/** A trip's or a fit's reasons in the reader's language; the English as sent when they came without codes (savings stored before them). */
export const reasons = (codes, text) => (codes ? codes.map((r) => t(`reason.${r.code}`, r.params)) : text);

/** The Intl locale numbers and dates are written in: decimal comma and narrow no-break spaces in French. */
export const intlLocale = () => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** Every element with a data-i18n attribute gets its text from the catalogue (the static parts of index.html). */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}
