import { AuthRequired, getJson, postJson } from './api.js';
import { h } from './dom.js';
import { lang, langs, loadLanguage, named, setLanguage, t, translateStatic } from './i18n.js';
import { startLive } from './live.js';
import { eventsPage } from './pages/events.js';
import { fleetPage } from './pages/fleet.js';
import { qualityPage } from './pages/quality.js';
import { reportsPage } from './pages/reports.js';
import { tripPage, tripsPage } from './pages/trips.js';
import { vesselPage } from './pages/vessel.js';

const ROUTES = [
  [/^#?\/?$/, 'fleet', () => fleetPage],
  [/^#\/vessel\/([a-z0-9-]+)/, 'fleet', () => vesselPage],
  [/^#\/trips/, 'trips', () => tripsPage],
  [/^#\/trip\/([a-z0-9-]+)/, 'trips', () => tripPage],
  [/^#\/quality/, 'quality', () => qualityPage],
  [/^#\/events/, 'events', () => eventsPage],
  [/^#\/reports/, 'reports', () => reportsPage],
];

const main = document.getElementById('main');
let leave = null;

function showLogin() {
  const form = document.getElementById('login-template').content.cloneNode(true);
  translateStatic(form);
  main.replaceChildren(form);
  document.getElementById('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(e.target));
    try {
      await postJson('/api/auth/login', data);
      await loadLanguage();
translateStatic();
showLanguages();
start();
    } catch (err) {
      document.getElementById('login-error').textContent = err.message;
    }
  });
}

async function route() {
  if (leave) { leave(); leave = null; }
  const hash = location.hash.split('?')[0] || '#/';
  const found = ROUTES.find(([re]) => re.test(hash));
  if (!found) { main.replaceChildren(h('p.error', null, t('ui.noPage', { hash }))); return; }
  const [re, nav, page] = found;
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === nav);
  main.dataset.page = nav;
  main.dataset.ready = 'false';
  main.replaceChildren(h('p.sub', null, t('ui.loading')));
  try {
    const off = await page()(main, ...(re.exec(hash) || []).slice(1));
    leave = typeof off === 'function' ? off : null;
    main.dataset.ready = 'true';
  } catch (err) {
    if (err instanceof AuthRequired) return showLogin();
    main.replaceChildren(h('p.error', null, err.message));
    main.dataset.ready = 'error';
  }
}

function showLanguages() {
  const select = document.getElementById('lang');
  select.replaceChildren(...langs.map((l) => h('option', { value: l, selected: l === lang }, l.toUpperCase())));
  select.addEventListener('change', () => setLanguage(select.value));
}

async function start() {
  try {
    const me = await getJson('/api/auth/me');
    document.getElementById('who').textContent = `${me.user} · ${named('role', me.role)}`;
    // Reviewers read evidence, not the engineers' live pages: they land on the reports.
    if (me.role === 'reviewer' && (location.hash === '' || location.hash === '#/')) location.hash = '#/reports';
  } catch (err) {
    if (err instanceof AuthRequired) return showLogin();
  }
  startLive();
  window.addEventListener('hashchange', route);
  await route();
}

await loadLanguage();
translateStatic();
showLanguages();
start();
