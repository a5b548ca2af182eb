import { getJson, query } from '../api.js';
import { h, section, table } from '../dom.js';
import { ago, duration, pct, utc } from '../format.js';

const RANGES = [['24 h', 86400e3], ['7 d', 7 * 86400e3], ['30 d', 30 * 86400e3]];

export async function qualityPage(main) {
  const span = Number(new URLSearchParams(location.hash.split('?')[1] || '').get('span')) || RANGES[0][1];
  const now = Date.now();
  const q = await getJson(`/api/quality?${query({ from: now - span, to: now })}`);
  const rejected = Object.entries(q.rejectedSinceStart).sort((a, b) => b[1] - a[1]);
  main.replaceChildren(
    section('Data quality',
      h('div.range-bar', null, RANGES.map(([label, s]) => h(`a.button${s === span ? '.active' : ''}`, { href: `#/quality?span=${s}` }, `last ${label}`)),
        h('span.sub', null, `${utc(q.from)} → ${utc(q.to)} UTC`)),
      table(['Vessel', 'Link', 'Last ingest', { label: 'Newest sample', num: true }, { label: 'Backlog on board', num: true }, { label: 'Clock skew', num: true }, { label: 'Signals with gaps', num: true }],
        q.vessels.map((v) => h('tr', { dataset: { vessel: v.id } }, h('td', null, v.name), h('td', null, h(`span.pill.${v.online ? 'on' : 'off'}`, null, v.online ? 'online' : 'offline')),
          h('td', null, ago(v.lastIngest, now)), h('td.num', null, utc(v.lastSample)), h('td.num', null, v.backlog ?? '—'),
          h('td.num', { title: 'status received minus status sent (includes transit time)' }, v.clockSkewMs === null ? '—' : `${(v.clockSkewMs / 1000).toFixed(1)} s`),
          h('td.num', null, `${v.signals.filter((s) => s.gapCount > 0).length} / ${v.signals.length}`))),
        { empty: 'No vessel yet.' })),
    h('div.two', null,
      section('Rejected since start, by reason', table(['Reason', { label: 'Count', num: true }], rejected.map(([r, n]) => h(`tr${n > 0 ? '.warn' : ''}`, null, h('td', null, r), h('td.num', null, n)))),
        h('p.sub', null, `Duplicate batches dropped (re-acknowledged, not re-written): ${q.duplicateBatchesDropped}`)),
      section('Dead letters kept', table(['Vessel', 'Reason', { label: 'Count', num: true }, 'Last'],
        q.deadLetters.kept.map((d) => h('tr', null, h('td', null, d.vessel ?? '—'), h('td', null, d.reason), h('td.num', null, d.count), h('td', null, ago(d.last, now)))),
        { empty: 'Nothing refused.' }),
      q.deadLetters.recent.length ? h('details', null, h('summary', null, 'Most recent'), table([{ label: 'Id', num: true }, 'Received', 'Vessel', 'Reason', { label: 'Seq', num: true }, 'Replayed', 'Detail'],
        q.deadLetters.recent.map((d) => h('tr', null, h('td.num', null, d.id), h('td', null, utc(d.received)), h('td', null, d.vessel ?? '—'), h('td', null, d.reason),
          h('td.num', null, d.seq ?? '—'), h('td', null, d.replayedAt !== null ? utc(d.replayedAt) : d.payloadBytes !== null ? 'kept' : '—'),
          h('td.detail', null, d.detail))))) : null)),
    ...q.vessels.map((v) => section(`Gaps per signal — ${v.name}`,
      h('p.sub', null, v.span ? `Within the vessel's data span ${utc(v.span.from)} → ${utc(v.span.to)} UTC, at a resolution of ${duration(v.step)} (shorter silences do not show).` : 'No data in this range.'),
      table(['Signal', { label: 'Values', num: true }, 'Coverage', { label: 'Gaps', num: true }, { label: 'Missing', num: true }, { label: 'Longest gap', num: true }],
        v.signals.map((s) => h(`tr${s.gapCount > 0 ? '.warn' : ''}`, { dataset: { path: s.path } }, h('td', null, s.path), h('td.num', null, s.values.toLocaleString('en-GB')),
          h('td', null, h('div.meter', { title: pct(s.coverage) }, h('div', { style: { width: `${(s.coverage * 100).toFixed(1)}%` } })), ` ${pct(s.coverage)}`),
          h('td.num', null, s.gapCount), h('td.num', null, duration(s.missingMs)), h('td.num', null, s.longestGapMs ? duration(s.longestGapMs) : '—'))),
        { cls: 'signals' }))),
  );
}
