import { getJson, query } from '../api.js';
import { h, section } from '../dom.js';
import { interval, litres, pct } from '../format.js';

export async function reportsPage(main) {
  const fleet = await getJson('/api/vessels');
  const trips = (await Promise.all(fleet.map((v) => getJson(`/api/vessels/${v.id}/trips`).catch(() => ({ trips: [] }))))).flatMap((l) => l.trips);
  const form = h('form.report-form');
  const preview = h('div.preview');
  const scope = h('select', { name: 'scope' }, ['trip', 'metier', 'period'].map((s) => h('option', { value: s }, { trip: 'one trip', metier: 'one métier', period: 'a period' }[s])));
  const vessel = h('select', { name: 'vessel' }, h('option', { value: '' }, 'all vessels'), fleet.map((v) => h('option', { value: v.id }, v.name)));
  const trip = h('select', { name: 'trip' }, trips.slice().reverse().map((t) => h('option', { value: t.id }, `${t.id} (${t.status}${t.metier ? `, ${t.metier}` : ''})`)));
  // The métiers the analytics recognised in the trips: the only ones a report can say anything about.
  const metiers = [...new Set(trips.map((t) => t.metier).filter(Boolean))].sort();
  const metier = h('select', { name: 'metier' }, metiers.length ? metiers.map((m) => h('option', null, m)) : h('option', { value: '' }, 'no métier recognised yet'));
  const period = h('select', { name: 'period' }, h('option', { value: 'month' }, 'a month'), h('option', { value: 'range' }, 'a season (from – to)'), h('option', { value: 'trial' }, 'the whole trial'));
  const month = h('input', { type: 'month', name: 'month', value: new Date().toISOString().slice(0, 7) });
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const label = h('input', { name: 'label', placeholder: 'e.g. 2024 winter season' });
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
    links.replaceChildren(...['html', 'csv', 'json'].map((f) => h('a.button', { href: `/api/reports?${query({ ...p, format: f })}`, target: f === 'csv' ? null : '_blank', dataset: { format: f } }, f.toUpperCase())));
    try {
      const r = await getJson(`/api/reports?${query({ ...p, format: 'json' })}`);
      const s = r.savings;
      preview.replaceChildren(h('h3', null, r.title), h('div.kv', null,
        h('div', null, h('span.k', null, 'Trips included'), h('span.v', null, `${s.included} / ${s.trips}`)),
        h('div', null, h('span.k', null, 'Fuel saved'), h('span.v', { dataset: { key: 'savedL' } }, s.included ? litres(s.fuel.savedL.value) : '—'), h('span.sub', null, s.included ? interval(s.fuel.savedL, litres) : '')),
        h('div', null, h('span.k', null, 'Saved'), h('span.v', { dataset: { key: 'fraction' } }, s.included ? pct(s.fuel.fraction.value) : '—'), h('span.sub', null, s.included ? interval(s.fuel.fraction, pct) : '')),
        h('div', null, h('span.k', null, 'Status'), h('span.v', null, r.status))),
      ...r.claims.map((c) => h('p.verdict', { dataset: { metier: c.metier } }, `${c.metier}: ${c.text}`)), h('p.sub', null, `input SHA-256 ${r.reproducibility.input.sha256}`));
    } catch (err) {
      preview.replaceChildren(h('p.error', null, err.message));
    }
  }
  const links = h('div.links');
  form.append(field('scope', 'Report on ', scope), field('trip', 'Trip ', trip), field('vessel', 'Vessel ', vessel), field('metier', 'Métier ', metier),
    field('period', 'Period ', period), field('month', 'Month ', month), field('range', 'From ', from, ' to ', to), field('label', 'Name ', label),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('change', () => { sync(); });
  form.addEventListener('submit', (e) => { e.preventDefault(); show(); });
  main.replaceChildren(section('Evidence reports', h('p.sub', null, 'Per trip, per métier or per period, from the savings engine. Each report prints on A4, exports to CSV and JSON, and carries a reproducibility block that `sillage report --verify FILE` checks.'), form, links, preview));
  sync();
  if (trips.length) await show();
}
