import { getJson } from '../api.js';
import { h, section, table } from '../dom.js';
import { ago, interval, litres, pct } from '../format.js';
import { onLive } from '../live.js';

function row(v, now) {
  const soc = v.stateOfCharge;
  return h('tr', { dataset: { vessel: v.id } },
    h('td', null, h('a', { href: `#/vessel/${v.id}` }, h('strong', null, v.name)), h('div.sub', null, v.id)),
    h('td', null, h(`span.pill.${v.online ? 'on' : 'off'}`, null, v.online ? 'online' : 'offline')),
    h('td', null, ago(v.lastSeen, now), h('div.sub', null, v.lastSample ? `newest sample ${ago(v.lastSample, now)}` : '')),
    h('td.num', { dataset: { key: 'soc' } }, soc === null ? '—' : h('div.soc', null, h('div.soc-bar', { style: { width: `${Math.round(soc * 100)}%` }, class: `soc-bar ${soc < 0.25 ? 'low' : ''}` }), h('span', null, pct(soc, 0)))),
    h('td', null, v.mode ? h(`span.mode.${v.mode}`, null, v.mode) : '—', h('div.sub', null, v.phase ?? '')),
    h('td.num', null, v.backlog === null ? '—' : v.backlog.toLocaleString('en-GB')),
    h('td.num', { dataset: { key: 'saved-today' } }, v.fuelSavedToday ? litres(v.fuelSavedToday.value) : '—',
      h('div.sub', null, v.fuelSavedToday ? `${interval(v.fuelSavedToday, litres)} · ${v.fuelSavedToday.trips} trip(s)` : 'no trip today')),
    h('td', null, v.openAlarms.length === 0 ? h('span.sub', null, 'none')
      : h('ul.alarms', null, v.openAlarms.map((a) => h(`li.${a.severity}`, null, `${a.alarm} ${a.subject}`, h('span.sub', null, ` ${a.state}, ${ago(a.since, now)}`))))));
}

export async function fleetPage(main) {
  const body = h('div');
  const stamp = h('p.sub');
  main.replaceChildren(section('Fleet', stamp, body));
  const render = (answer) => {
    const now = Date.now();
    body.replaceChildren(table(['Vessel', 'Link', 'Last seen', { label: 'State of charge', num: true }, 'Mode / phase',
      { label: 'Backlog on board', num: true }, { label: 'Fuel saved today', num: true }, 'Open alarms'],
    answer.vessels.map((v) => row(v, now)), { cls: 'fleet', empty: 'No vessel has reported yet.' }));
    stamp.textContent = `Updated ${new Date(answer.time).toISOString().slice(11, 19)} UTC · fuel saved with its 95 % interval, by the savings engine`;
  };
  render(await getJson('/api/fleet'));
  return onLive('fleet', render);
}
