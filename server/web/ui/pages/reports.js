import { getJson, query } from '../api.js';
import { h, section } from '../dom.js';
import { interval, litres, pct, utc } from '../format.js';
import { intlLocale, lang, t } from '../i18n.js';

/** What a report covers in the reader's words, as the dossier names it (scopeLabel in server/reports/render-html.ts). */
function scopeLabel(r) {
  const q = r.request;
  if (q.scope === 'trip') return t('scope.trip', { date: `${utc(Date.parse(r.trips[0]?.start ?? r.scope.from)).slice(0, -3)} UTC` });
  if (q.label) return q.label;
  const date = (x) => utc(x).slice(0, -9);
  const range = q.from === undefined && q.to === undefined
    ? q.scope === 'period' && q.month ? new Date(r.scope.from).toLocaleDateString(intlLocale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }) : t('scope.wholeTrial')
    : t('scope.range', { from: q.from === undefined ? t('scope.start') : date(Date.parse(r.scope.from)), to: date(Date.parse(r.scope.to) - 1) });
  return q.scope === 'metier' ? t('scope.metier', { metier: q.metier, range }) : range;
}

export async function reportsPage(main) {
  const fleet = await getJson('/api/vessels');
  const trips = (await Promise.all(fleet.map((v) => getJson(`/api/vessels/${v.id}/trips`).catch(() => ({ trips: [] }))))).flatMap((l) => l.trips);
  const form = h('form.report-form');
  const preview = h('div.preview');
  const scope = h('select', { name: 'scope' }, ['trip', 'metier', 'period'].map((s) => h('option', { value: s }, t({ trip: 'ui.reports.oneTrip', metier: 'ui.reports.oneMetier', period: 'ui.reports.period' }[s]))));
  const vessel = h('select', { name: 'vessel' }, h('option', { value: '' }, t('ui.reports.allVessels')), fleet.map((v) => h('option', { value: v.id }, v.name)));
  const trip = h('select', { name: 'trip' }, trips.slice().reverse().map((x) => h('option', { value: x.id }, t('ui.reports.tripOption', { id: x.id, status: t(`status.${x.status}`), metier: x.metier ? `, ${x.metier}` : '' }))));
  // The métiers the analytics recognised in the trips: the only ones a report can say anything about.
  const metiers = [...new Set(trips.map((t) => t.metier).filter(Boolean))].sort();
  const metier = h('select', { name: 'metier' }, metiers.length ? metiers.map((m) => h('option', null, m)) : h('option', { value: '' }, t('ui.reports.noMetier')));
  const period = h('select', { name: 'period' }, h('option', { value: 'month' }, t('ui.reports.month')), h('option', { value: 'range' }, t('ui.reports.season')), h('option', { value: 'trial' }, t('ui.reports.trial')));
  const month = h('input', { type: 'month', name: 'month', value: new Date().toISOString().slice(0, 7) });
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const label = h('input', { name: 'label', placeholder: t('ui.reports.labelHint') });
  const field = (name, ...c) => h('label', { dataset: { field: name } }, ...c);

  function params() {
    const p = { scope: scope.value };
    if (p.scope === 'trip') p.trip = trip.value;
    else {
      if (vessel.value) p.vessel = vessel.value;
      if (p.scope === 'metier') p.metier = metier.value;
      if (p.scope === 'period' && period.value === 'month') p.month = month.value;
      if ((p.scope === 'period' && period.value === 'range') || p.scope === 'metier') { if (from.value) p.from = from.value; if (to.value) p.to = to.value; }
      if (label.value && p.scope !== 'trip') p.label = label.value;
    }
    return p;
  }
  function sync() {
    const s = scope.value;
    for (const el of form.querySelectorAll('[data-field]')) {
      const f = el.dataset.field;
      const show = f === 'scope' || (s === 'trip' ? f === 'trip' : f === 'vessel' || f === 'label' || (s === 'metier' && (f === 'metier' || f === 'range'))
        || (s === 'period' && (f === 'period' || (f === 'month' && period.value === 'month') || (f === 'range' && period.value === 'range'))));
      el.hidden = !show;
    }
  }
  async function show() {
    const p = params();
    links.replaceChildren(...['html', 'csv', 'json'].map((f) => h('a.button', { href: `/api/reports?${query({ ...p, format: f, ...(f === 'json' ? {} : { lang }) })}`, target: f === 'csv' ? null : '_blank', dataset: { format: f } }, f.toUpperCase())));
    try {
      const r = await getJson(`/api/reports?${query({ ...p, format: 'json' })}`);
      const s = r.savings;
      preview.replaceChildren(h('h3', null, t('report.title', { vessel: r.scope.vessel ?? t('scope.allVessels'), scope: scopeLabel(r) })), h('div.kv', null,
        h('div', null, h('span.k', null, t('ui.reports.included')), h('span.v', null, `${s.included} / ${s.trips}`)),
        h('div', null, h('span.k', null, t('ui.trip.savedL')), h('span.v', { dataset: { key: 'savedL' } }, s.included ? litres(s.fuel.savedL.value) : '—'), h('span.sub', null, s.included ? interval(s.fuel.savedL, litres) : '')),
        h('div', null, h('span.k', null, t('ui.trip.saved')), h('span.v', { dataset: { key: 'fraction' } }, s.included ? pct(s.fuel.fraction.value) : '—'), h('span.sub', null, s.included ? interval(s.fuel.fraction, pct) : '')),
        h('div', null, h('span.k', null, t('ui.reports.status')), h('span.v', null, t(`status.report.${r.status}`)))),
      ...r.claims.map((c) => h('p.verdict', { dataset: { metier: c.metier } }, `${c.metier} (${t('baseline.model.short')}) : ${c.verdict === 'no-data'
        ? t('claim.noTrip') : `${pct(r.byMetier[c.metier].fuel.fraction.value)} — ${t(`claim.verdict.${c.verdict}`, { range: `${pct(c.low, 0)}–${pct(c.high, 0)}` })}`}`)),
      h('p.sub', null, `${t('repro.input')} ${r.reproducibility.input.sha256}`));
    } catch (err) {
      preview.replaceChildren(h('p.error', null, err.message));
    }
  }
  const links = h('div.links');
  form.append(field('scope', t('ui.reports.reportOn'), scope), field('trip', t('ui.reports.trip'), trip), field('vessel', t('ui.reports.vessel'), vessel), field('metier', t('ui.reports.metier'), metier),
    field('period', t('ui.reports.periodLabel'), period), field('month', t('ui.reports.monthLabel'), month), field('range', t('ui.reports.from'), from, t('ui.reports.to'), to), field('label', t('ui.reports.name'), label),
    h('button', { type: 'submit' }, t('ui.reports.show')));
  form.addEventListener('change', () => { sync(); });
  form.addEventListener('submit', (e) => { e.preventDefault(); show(); });
  main.replaceChildren(section(t('ui.reports.title'), h('p.sub', null, t('ui.reports.intro')), form, links, preview));
  sync();
  if (trips.length) await show();
}
