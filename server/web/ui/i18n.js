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

/** A message of the catalogue with its `{name}` placeholders filled; a missing key shows itself rather than nothing. */
export function t(key, params = {}) {
  const text = messages[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** The Intl locale numbers and dates are written in: decimal comma and narrow no-break spaces in French. */
export const intlLocale = () => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** Every element with a data-i18n attribute gets its text from the catalogue (the static parts of index.html). */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}
