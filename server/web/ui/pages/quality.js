import { getJson, query } from '../api.js';
import { h, section, table } from '../dom.js';
import { named, t } from '../i18n.js';
import { ago, count, duration, num, pct, utc } from '../format.js';

const RANGES = [['ui.quality.24h', 86400e3], ['ui.quality.7d', 7 * 86400e3], ['ui.quality.30d', 30 * 86400e3]];

export async function qualityPage(main) {
  const span = Number(new URLSearchParams(location.hash.split('?')[1] || '').get('span')) || RANGES[0][1];
  const now = Date.now();
  const q = await getJson(`/api/quality?${query({ from: now - span, to: now })}`);
  const rejected = Object.entries(q.rejectedSinceStart).sort((a, b) => b[1] - a[1]);
  main.replaceChildren(
    section(t('ui.quality.title'),
      h('div.range-bar', null, RANGES.map(([label, s]) => h(`a.button${s === span ? '.active' : ''}`, { href: `#/quality?span=${s}` }, t('ui.quality.last', { span: t(label) }))),
        h('span.sub', null, `${utc(q.from)} → ${utc(q.to)} UTC`)),
      table([t('ui.col.vessel'), t('ui.col.link'), t('ui.col.lastIngest'), ...['newest', 'backlog', 'skew', 'gappy'].map((k) => ({ label: t(`ui.col.${k}`), num: true }))],
        q.vessels.map((v) => h('tr', { dataset: { vessel: v.id } }, h('td', null, v.name), h('td', null, h(`span.pill.${v.online ? 'on' : 'off'}`, null, v.online ? t('ui.online') : t('ui.offline'))),
          h('td', null, ago(v.lastIngest, now)), h('td.num', null, utc(v.lastSample)), h('td.num', null, v.backlog ?? '—'),
          h('td.num', { title: t('ui.quality.skewTitle') }, v.clockSkewMs === null ? '—' : `${num(v.clockSkewMs / 1000, 1)} s`),
          h('td.num', null, `${v.signals.filter((s) => s.gapCount > 0).length} / ${v.signals.length}`))),
        { empty: t('ui.quality.empty') })),
    h('div.two', null,
      section(t('ui.quality.rejected'), table([t('ui.col.reason'), { label: t('ui.col.count'), num: true }], rejected.map(([r, n]) => h(`tr${n > 0 ? '.warn' : ''}`, { dataset: { reason: r } }, h('td', null, named('reject', r)), h('td.num', null, count(n))))),
        h('p.sub', null, t('ui.quality.duplicates', { n: count(q.duplicateBatchesDropped) }))),
      section(t('ui.quality.dead'), table([t('ui.col.vessel'), t('ui.col.reason'), { label: t('ui.col.count'), num: true }, t('ui.col.last')],
        q.deadLetters.kept.map((d) => h('tr', null, h('td', null, d.vessel ?? '—'), h('td', null, named('reject', d.reason)), h('td.num', null, count(d.count)), h('td', null, ago(d.last, now)))),
        { empty: t('ui.quality.nothing') }),
      q.deadLetters.recent.length ? h('details', null, h('summary', null, t('ui.quality.recent')), table([{ label: t('ui.col.id'), num: true }, t('ui.col.received'), t('ui.col.vessel'), t('ui.col.reason'), { label: t('ui.col.seq'), num: true }, t('ui.col.replayed'), t('ui.col.detail')],
        q.deadLetters.recent.map((d) => h('tr', null, h('td.num', null, d.id), h('td', null, utc(d.received)), h('td', null, d.vessel ?? '—'), h('td', null, named('reject', d.reason)),
          h('td.num', null, d.seq ?? '—'), h('td', null, d.replayedAt !== null ? utc(d.replayedAt) : d.payloadBytes !== null ? t('ui.quality.kept') : '—'),
          h('td.detail', null, h('code', null, d.detail)))))) : null)),
    ...q.vessels.map((v) => section(t('ui.quality.gapsOf', { vessel: v.name }),
      h('p.sub', null, v.span ? t('ui.quality.span', { from: utc(v.span.from), to: utc(v.span.to), step: duration(v.step) }) : t('ui.noData')),
      table([t('ui.col.signal'), { label: t('ui.col.values'), num: true }, t('ui.col.coverage'), ...['gaps', 'missing', 'longestGap'].map((k) => ({ label: t(`ui.col.${k}`), num: true }))],
        v.signals.map((s) => h(`tr${s.gapCount > 0 ? '.warn' : ''}`, { dataset: { path: s.path } }, h('td', null, s.path), h('td.num', null, count(s.values)),
          h('td', null, h('div.meter', { title: pct(s.coverage) }, h('div', { style: { width: `${(s.coverage * 100).toFixed(1)}%` } })), ` ${pct(s.coverage)}`),
          h('td.num', null, s.gapCount), h('td.num', null, duration(s.missingMs)), h('td.num', null, s.longestGapMs ? duration(s.longestGapMs) : '—'))),
        { cls: 'signals' }))),
  );
}
