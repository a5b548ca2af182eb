import { getJson, query } from '../api.js';
import { h, section, table } from '../dom.js';
import { intlLocale, named, t } from '../i18n.js';
import { ago, utc } from '../format.js';
import { onLive } from '../live.js';

/** Three significant figures, with the reader's decimal mark. */
const precise = (x) => Number(x).toLocaleString(intlLocale(), { maximumSignificantDigits: 3 });

function describe(e) {
  const d = e.detail || {};
  if (e.kind.startsWith('alarm.')) {
    const value = d.value !== undefined ? t('ui.events.value', { value: precise(d.value), threshold: precise(d.threshold) }) : '';
    return `${d.alarm ? named('alarm', d.alarm) : ''} ${d.subject ?? ''}${value}${d.reason ? ` · ${named('alarmReason', d.reason)}` : ''}`;
  }
  return Object.entries(d).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');
}

function eventRow(e) {
  return h(`tr.${(e.detail && e.detail.severity) || 'info'}`, { dataset: { kind: e.kind } },
    h('td', null, utc(e.t)), h('td', null, e.vessel), h('td', null, named('event', e.kind)), h('td', null, describe(e)));
}

export async function eventsPage(main) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const filter = { vessel: params.get('vessel') || undefined, kind: params.get('kind') || undefined };
  const [fleet, history] = await Promise.all([getJson('/api/fleet'), getJson(`/api/events?${query({ ...filter, limit: 500 })}`)]);
  const now = Date.now();
  const open = fleet.vessels.flatMap((v) => v.openAlarms.map((a) => ({ ...a, vessel: v.id })));
  const tbody = h('tbody', null, history.events.map(eventRow));
  // Filters by the families of kinds the history holds (alarm., trip., …).
  const families = [...new Set(history.events.map((e) => `${e.kind.split('.')[0]}.`))].sort();
  const kindLinks = ['', ...new Set([...families, ...(filter.kind ? [filter.kind] : [])])].map((k) => h(`a.button${(filter.kind ?? '') === k ? '.active' : ''}`, { href: `#/events?${query({ ...filter, kind: k })}` }, k ? named('event', k.replace(/\.$/, '')) : t('ui.events.allKinds')));
  main.replaceChildren(
    section(t('ui.events.open'), table(['vessel', 'alarm', 'severity', 'state', 'since'].map((k) => t(`ui.col.${k}`)),
      open.map((a) => h(`tr.${a.severity}`, null, h('td', null, a.vessel), h('td', null, `${named('alarm', a.alarm)} ${a.subject}`), h('td', null, named('severity', a.severity)), h('td', null, named('alarmState', a.state)), h('td', null, ago(a.since, now)))),
      { empty: t('ui.events.noOpen') })),
    section(t('ui.events.history'), h('div.range-bar', null, kindLinks),
      h('table.events', null, h('thead', null, h('tr', null, ['timeUtc', 'vessel', 'kind', 'detail'].map((x) => h('th', null, t(`ui.col.${x}`))))), tbody),
      history.events.length ? null : h('p.empty', null, t('ui.events.none'))),
  );
  return onLive('event', (m) => {
    const e = { ...m.event, vessel: m.vessel };
    if ((filter.vessel && filter.vessel !== e.vessel) || (filter.kind && !e.kind.startsWith(filter.kind))) return;
    tbody.prepend(eventRow(e));
  });
}
