import { getJson } from '../api.js';
import { h, section, table } from '../dom.js';
import { ago, count, interval, litres, pct } from '../format.js';
import { named, t } from '../i18n.js';
import { onLive } from '../live.js';

function row(v, now) {
  const soc = v.stateOfCharge;
  return h('tr', { dataset: { vessel: v.id } },
    h('td', null, h('a', { href: `#/vessel/${v.id}` }, h('strong', null, v.name)), h('div.sub', null, v.id)),
    h('td', null, h(`span.pill.${v.online ? 'on' : 'off'}`, null, v.online ? t('ui.online') : t('ui.offline'))),
    h('td', null, ago(v.lastSeen, now), h('div.sub', null, v.lastSample ? t('ui.fleet.newest', { ago: ago(v.lastSample, now) }) : '')),
    h('td.num', { dataset: { key: 'soc' } }, soc === null ? '—' : h('div.soc', null, h('div.soc-bar', { style: { width: `${Math.round(soc * 100)}%` }, class: `soc-bar ${soc < 0.25 ? 'low' : ''}` }), h('span', null, pct(soc, 0)))),
    h('td', null, v.mode ? h(`span.mode.${v.mode}`, null, named('mode', v.mode)) : '—', h('div.sub', null, v.phase ? named('phase', v.phase) : '')),
    h('td.num', null, v.backlog === null ? '—' : count(v.backlog)),
    h('td.num', { dataset: { key: 'saved-today' } }, v.fuelSavedToday ? litres(v.fuelSavedToday.value) : '—',
      h('div.sub', null, v.fuelSavedToday ? t('ui.fleet.savedTrips', { interval: interval(v.fuelSavedToday, litres), trips: v.fuelSavedToday.trips }) : t('ui.fleet.noTripToday'))),
    h('td', null, v.openAlarms.length === 0 ? h('span.sub', null, t('ui.none'))
      : h('ul.alarms', null, v.openAlarms.map((a) => h(`li.${a.severity}`, null, `${named('alarm', a.alarm)} ${a.subject}`, h('span.sub', null, ` ${named('alarmState', a.state)}, ${ago(a.since, now)}`))))));
}

export async function fleetPage(main) {
  const body = h('div');
  const stamp = h('p.sub');
  main.replaceChildren(section(t('ui.fleet.title'), stamp, body));
  const render = (answer) => {
    const now = Date.now();
    body.replaceChildren(table([t('ui.col.vessel'), t('ui.col.link'), t('ui.col.lastSeen'), { label: t('ui.col.soc'), num: true }, t('ui.col.modePhase'),
      { label: t('ui.col.backlog'), num: true }, { label: t('ui.col.savedToday'), num: true }, t('ui.col.alarms')],
    answer.vessels.map((v) => row(v, now)), { cls: 'fleet', empty: t('ui.fleet.empty') }));
    stamp.textContent = t('ui.fleet.stamp', { time: new Date(answer.time).toISOString().slice(11, 19) });
  };
  render(await getJson('/api/fleet'));
  return onLive('fleet', render);
}
