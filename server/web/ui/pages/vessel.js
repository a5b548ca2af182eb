import { getJson, query } from '../api.js';
import { timeChart, phaseTimeline, trackPlot } from '../charts.js';
import { h, section } from '../dom.js';
import { ago, displayOf, duration, interval, litres, pct, signalFor, utc } from '../format.js';
import { lang, t as tr } from '../i18n.js';
import { onLive, watchVessel } from '../live.js';

const RANGES = [['ui.range.15min', 900e3], ['ui.range.1h', 3600e3], ['ui.range.6h', 6 * 3600e3], ['ui.quality.24h', 86400e3], ['ui.quality.7d', 7 * 86400e3], ['ui.quality.30d', 30 * 86400e3], ['ui.range.season', 180 * 86400e3]];
const DEFAULT_PATTERNS = [/capacity\.stateOfCharge$/, /^electrical\.batteries\.[^.]+\.power$/, /^electrical\.generators\.[^.]+\.power$/, /^propulsion\.[^.]+\.power$/, /^navigation\.speedThroughWater$/];
const LAT = 'navigation.position.latitude';
const LON = 'navigation.position.longitude';
const LIVE_REFRESH_MS = 5000;

function parseHashQuery() {
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  return { paths: q.get('paths')?.split(',').filter(Boolean), from: Number(q.get('from')) || undefined, to: Number(q.get('to')) || undefined, span: Number(q.get('span')) || undefined };
}

export async function vesselPage(main, id) {
  const [{ signals }, latest] = await Promise.all([getJson('/api/signals'), getJson(`/api/vessels/${encodeURIComponent(id)}/latest`)]);
  const available = Object.keys(latest.values).sort();
  const initial = parseHashQuery();
  const state = {
    paths: (initial.paths || available.filter((p) => DEFAULT_PATTERNS.some((r) => r.test(p)))).filter((p) => available.includes(p)),
    span: initial.span ?? (initial.from ? undefined : 6 * 3600e3),
    from: initial.from, to: initial.to,
    zoomStack: [],
  };
  const live = () => state.span !== undefined;
  const range = () => (live() ? { from: Date.now() - state.span, to: Date.now() } : { from: state.from, to: state.to });

  const header = h('div.vessel-head');
  const rangeBar = h('div.range-bar');
  const charts = h('div.charts');
  const picker = h('details.picker', null, h('summary', null, tr('ui.vessel.signals')));
  const tripBox = h('div');
  const trackBox = h('div.track-box');
  main.replaceChildren(
    section(tr('ui.vessel.title', { id }), header),
    section(tr('ui.vessel.series'), rangeBar, picker, charts, h('p.sub', null, tr('ui.vessel.help'))),
    h('div.two', null, section(tr('ui.vessel.currentTrip'), tripBox), section(tr('ui.vessel.track'), trackBox)),
  );

  const unitOf = (p) => signalFor(signals, p)?.unit ?? '';
  const groups = {};
  for (const p of available) (groups[p.split('.')[0]] ??= []).push(p);
  picker.append(h('div.picker-groups', null, Object.entries(groups).map(([g, paths]) => h('fieldset', null, h('legend', null, g), paths.map((p) => h('label', null,
    h('input', { type: 'checkbox', value: p, checked: state.paths.includes(p), onchange: (e) => {
      state.paths = e.target.checked ? [...state.paths, p] : state.paths.filter((x) => x !== p);
      load();
    } }), ` ${p.slice(g.length + 1)} `, h('span.sub', null, displayOf(unitOf(p)).unit)))))));

  function renderRangeBar() {
    const r = range();
    rangeBar.replaceChildren(
      ...RANGES.map(([label, span]) => h(`button${state.span === span ? '.active' : ''}`, { type: 'button', onclick: () => { state.span = span; state.zoomStack = []; load(); } }, tr('ui.quality.last', { span: tr(label) }))),
      h('span.sub', null, `${utc(r.from).slice(0, -3)} → ${utc(r.to).slice(0, -3)} UTC · ${live() ? tr('ui.vessel.live') : tr('ui.vessel.zoomed')}`),
    );
  }

  function renderHeader() {
    const v = latest.values;
    const soc = Object.entries(v).find(([p]) => /capacity\.stateOfCharge$/.test(p))?.[1];
    const newest = Math.max(0, ...Object.values(v).map((x) => x.t));
    header.replaceChildren(h('div.kv', null,
      h('div', null, h('span.k', null, tr('ui.col.soc')), h('span.v', { dataset: { key: 'soc' } }, soc ? pct(soc.v, 0) : '—')),
      h('div', null, h('span.k', null, tr('ui.col.newest')), h('span.v', null, newest ? ago(newest) : '—')),
      h('div', null, h('span.k', null, tr('ui.vessel.signals')), h('span.v', null, String(available.length))),
      h('div', null, h('span.k', null, tr('ui.trips.title')), h('span.v', null, h('a', { href: `#/trips?vessel=${id}` }, tr('ui.vessel.list'))))));
  }

  let loading = false;
  async function load() {
    if (loading) return;
    loading = true;
    try {
      renderRangeBar();
      const r = range();
      history.replaceState(null, '', `#/vessel/${id}?${query({ paths: state.paths.join(','), ...(live() ? { span: state.span } : { from: r.from, to: r.to }) })}`);
      const byUnit = {};
      for (const p of state.paths) (byUnit[unitOf(p)] ??= []).push(p);
      const answer = state.paths.length ? await getJson(`/api/vessels/${id}/series?${query({ paths: state.paths.join(','), from: r.from, to: r.to })}`) : null;
      charts.replaceChildren();
      for (const [unit, paths] of Object.entries(byUnit)) {
        const d = displayOf(unit);
        const box = h('div.chart-box', { dataset: { unit } });
        const csv = `/api/vessels/${id}/series.csv?${query({ paths: paths.join(','), from: answer.from, to: answer.to, step: answer.step, lang })}`;
        charts.append(h('div.chart-head', null, h('strong', null, d.unit || unit), h('span.sub', null, tr('ui.vessel.bucket', { step: duration(answer.step) })), h('a.csv', { href: csv, download: '' }, 'CSV')), box);
        const t = answer.series[paths[0]].t;
        // One x axis per chart: every series is aligned on the first one's bucket times.
        const times = [...new Set(paths.flatMap((p) => answer.series[p].t))].sort((a, b) => a - b);
        const series = paths.map((p) => {
          const byT = new Map(answer.series[p].t.map((x, k) => [x, answer.series[p].mean[k]]));
          return { label: p, digits: d.digits, t: times, values: times.map((x) => (byT.has(x) ? d.f(byT.get(x)) : null)) };
        });
        if (t.length === 0 && times.length === 0) box.append(h('p.empty', null, tr('ui.noData')));
        // The uPlot instance stays reachable from its element, for the devtools console and the browser tests.
        else box.uplot = timeChart(box, { title: '', unit: d.unit, series, syncKey: `vessel-${id}`, onZoom: (from, to) => {
          state.zoomStack.push({ span: state.span, from: state.from, to: state.to });
          Object.assign(state, { span: undefined, from, to });
          load();
        }, onReset: () => {
          const previous = state.zoomStack.pop();
          if (previous) { Object.assign(state, previous); load(); }
        } });
      }
      if (available.includes(LAT) && available.includes(LON)) {
        const track = await getJson(`/api/vessels/${id}/series?${query({ paths: `${LAT},${LON}`, from: r.from, to: r.to })}`);
        trackBox.replaceChildren(trackPlot(track.series[LAT].mean, track.series[LON].mean));
      } else trackBox.replaceChildren(h('p.empty', null, tr('ui.vessel.noPosition')));
    } finally {
      loading = false;
    }
  }

  async function loadTrip() {
    const { trips } = await getJson(`/api/vessels/${id}/trips`).catch(() => ({ trips: [] }));
    const last = trips.at(-1);
    if (!last) return tripBox.replaceChildren(h('p.empty', null, tr('ui.vessel.noTrip')));
    const trip = await getJson(`/api/trips/${last.id}`);
    const s = trip.savings;
    tripBox.replaceChildren(
      h('p', null, h('a', { href: `#/trip/${trip.id}` }, trip.id), tr('ui.vessel.tripLine', { status: tr(`status.${trip.status}`), metier: trip.metier ?? '—' })),
      phaseTimeline(trip.phases, Date.parse(trip.start), Date.parse(trip.end)),
      h('div.kv', null,
        h('div', null, h('span.k', null, tr('ui.trip.fuelAtSea')), h('span.v', null, s ? litres(s.fuel.actualL) : '—')),
        h('div', null, h('span.k', null, tr('ui.col.baseline')), h('span.v', null, s ? litres(s.fuel.baselineL) : '—')),
        h('div', null, h('span.k', null, tr('ui.trip.saved')), h('span.v', null, s ? pct(s.fuel.fraction.value) : '—'), h('span.sub', null, s ? interval(s.fuel.fraction, pct) : '')),
        h('div', null, h('span.k', null, tr('ui.col.coverage')), h('span.v', null, s ? pct(s.coverage) : '—'))));
  }

  renderHeader();
  await Promise.all([load(), loadTrip()]);
  watchVessel(id);
  let lastRefresh = Date.now();
  const off = onLive('latest', (m) => {
    if (m.vessel !== id) return;
    latest.values = m.values;
    renderHeader();
    if (live() && Date.now() - lastRefresh > LIVE_REFRESH_MS) {
      lastRefresh = Date.now();
      load();
      loadTrip();
    }
  });
  return () => { off(); watchVessel(null); };
}
