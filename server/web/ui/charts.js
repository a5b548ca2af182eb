import { h, s } from './dom.js';
import { num, PHASE_COLOURS, utc } from './format.js';
import { lang, named, t } from './i18n.js';

/** Axis labels in UTC (the times of the API and the reports), with the day and month (dd/mm in French) once a range spans days. */
function utcTick(seconds, spanSeconds) {
  const iso = new Date(seconds * 1000).toISOString();
  const day = lang === 'fr' ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}` : iso.slice(5, 10);
  return spanSeconds > 2 * 86400 ? `${day} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

/** An instant to the minute, UTC, as the reader's language writes dates. */
const utcMinute = (time) => utc(time).slice(0, -3);

const PALETTE = ['#2a7ab0', '#d9622b', '#1d9a6c', '#9a6fc0', '#c23b5a', '#e0b000', '#3bb0c9', '#6b7b8c'];

/**
 * A zoomable uPlot time-series chart. Dragging a span asks the page for that range (the server downsamples
 * again, so zooming in shows detail instead of stretching buckets); double-click asks to go back.
 */
export function timeChart(container, { title, unit, series, onZoom, onReset, syncKey }) {
  const width = Math.max(320, container.clientWidth || 800);
  const xs = series.length ? series[0].t.map((t) => t / 1000) : [];
  const opts = {
    title, width, height: 240,
    cursor: { sync: { key: syncKey }, drag: { x: true, y: false, setScale: false } },
    scales: { x: { time: true } },
    axes: [
      { stroke: '#4a5b6b', grid: { stroke: '#e6ecf1' }, values: (u, splits) => splits.map((t) => utcTick(t, u.scales.x.max - u.scales.x.min)) },
      { label: unit, stroke: '#4a5b6b', grid: { stroke: '#e6ecf1' }, size: 64 },
    ],
    series: [{ value: (_u, t) => (t === null || t === undefined ? '—' : `${utc(t * 1000)} UTC`) }, ...series.map((x, k) => ({
      label: x.label, stroke: PALETTE[k % PALETTE.length], width: 1.6, spanGaps: false,
      value: (_u, v) => (v === null || v === undefined ? '—' : `${num(v, x.digits ?? 2)} ${unit}`),
    }))],
    hooks: {
      setSelect: [(u) => {
        if (u.select.width < 5) return;
        const from = u.posToVal(u.select.left, 'x') * 1000;
        const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
        u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
        onZoom(Math.round(from), Math.round(to));
      }],
    },
  };
  const data = [xs, ...series.map((x) => x.values)];
  const plot = new uPlot(opts, data, container);
  container.addEventListener('dblclick', () => onReset());
  return plot;
}

/** A trip's phases as coloured spans along its time, with a legend: where the time went at a glance. */
export function phaseTimeline(phases, from, to) {
  const W = 1000; const H = 28;
  const x = (t) => ((t - from) / (to - from)) * W;
  const spans = phases.map((p) => {
    const a = Date.parse(p.start); const b = Date.parse(p.end);
    return s('rect', { x: x(a), y: 0, width: Math.max(0.5, x(b) - x(a)), height: H, fill: PHASE_COLOURS[p.phase] || '#999', 'data-phase': p.phase },
      s('title', null, `${named('phase', p.phase)} : ${p.start.slice(11, 16)}–${p.end.slice(11, 16)} UTC`));
  });
  const seen = [...new Set(phases.map((p) => p.phase))];
  return h('div.timeline', null,
    s('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', class: 'timeline-bar' }, spans),
    h('div.timeline-axis', null, h('span', null, utcMinute(from)), h('span', null, `${utcMinute(to)} UTC`)),
    h('div.legend', null, seen.map((p) => h('span', { dataset: { phase: p } }, h('i', { style: { background: PHASE_COLOURS[p] } }), named('phase', p)))));
}

/**
 * The track as positions on an equirectangular plot, longitude scaled by cos(latitude) so shapes are true;
 * no map tiles needed. Start and newest position are marked.
 */
export function trackPlot(lat, lon) {
  const points = [];
  for (let k = 0; k < lat.length; k++) if (Number.isFinite(lat[k]) && Number.isFinite(lon[k])) points.push([lon[k], lat[k]]);
  if (points.length < 2) return h('p.empty', null, t('ui.chart.noPositions'));
  const lats = points.map((p) => p[1]); const lons = points.map((p) => p[0]);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  const W = 600; const H = 360; const pad = 24;
  const spanX = Math.max(1e-4, (Math.max(...lons) - Math.min(...lons)) * kx);
  const spanY = Math.max(1e-4, Math.max(...lats) - Math.min(...lats));
  const scale = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
  const ox = (W - spanX * scale) / 2; const oy = (H - spanY * scale) / 2;
  const X = (lo) => ox + (lo - Math.min(...lons)) * kx * scale;
  const Y = (la) => H - oy - (la - Math.min(...lats)) * scale;
  const d = points.map((p, k) => `${k ? 'L' : 'M'}${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join('');
  const [first, last] = [points[0], points[points.length - 1]];
  const km = spanY * 111.195;
  return s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'track', role: 'img', 'aria-label': t('ui.track.label') },
    s('rect', { x: 0, y: 0, width: W, height: H, class: 'sea' }),
    s('path', { d, class: 'route' }),
    s('circle', { cx: X(first[0]), cy: Y(first[1]), r: 5, class: 'start' }, s('title', null, t('ui.track.first'))),
    s('circle', { cx: X(last[0]), cy: Y(last[1]), r: 6, class: 'here' }, s('title', null, t('ui.track.newest'))),
    s('text', { x: 8, y: H - 8, class: 'track-note' }, t('ui.track.note', { lat: first[1], lon: first[0], km })));
}
