import { getJson } from '../api.js';
import { phaseTimeline } from '../charts.js';
import { h, section, table } from '../dom.js';
import { interval, litres, num, pct, utc } from '../format.js';
import { lang, named, reasons, t as tr } from '../i18n.js';

const kwh = (j) => `${num(j / 3.6e6, 1)} kWh`;

export async function tripsPage(main) {
  const vessel = new URLSearchParams(location.hash.split('?')[1] || '').get('vessel');
  const fleet = await getJson('/api/vessels');
  const ids = vessel ? [vessel] : fleet.map((v) => v.id);
  const lists = await Promise.all(ids.map((id) => getJson(`/api/vessels/${id}/trips`).catch(() => ({ vessel: id, trips: [] }))));
  const rows = lists.flatMap((l) => l.trips).sort((a, b) => Date.parse(b.start) - Date.parse(a.start)).map((t) => h('tr', { dataset: { trip: t.id } },
    h('td', null, h('a', { href: `#/trip/${t.id}` }, t.id)),
    h('td', null, t.vessel),
    h('td', null, utc(Date.parse(t.start))),
    h('td', null, tr(`status.${t.status}`)),
    h('td', null, t.metier ?? '—'),
    h('td.num', null, pct(t.coverage)),
    h('td.num', null, t.fuel ? litres(t.fuel.actualL) : '—'),
    h('td.num', null, t.fuel ? litres(t.fuel.baselineL) : '—'),
    h('td.num', { dataset: { key: 'fraction' } }, t.fuel ? pct(t.fuel.fraction.value) : '—', h('div.sub', null, t.fuel ? interval(t.fuel.fraction, pct) : '')),
    h('td', null, t.included ? tr('ui.yes') : h('span.sub', { title: reasons(t.reasonCodes, t.reasons).join('\n') }, tr('ui.no', { reason: reasons(t.reasonCodes, t.reasons)[0] ?? '' })))));
  main.replaceChildren(section(vessel ? tr('ui.trips.of', { vessel }) : tr('ui.trips.title'), table([tr('ui.col.trip'), tr('ui.col.vessel'), tr('ui.col.startUtc'), tr('ui.col.status'), tr('ui.col.metier'),
    { label: tr('ui.col.coverage'), num: true }, { label: tr('ui.col.fuel'), num: true }, { label: tr('ui.col.baseline'), num: true }, { label: tr('ui.col.savedInterval'), num: true }, tr('ui.col.included')],
  rows, { cls: 'trips', empty: tr('ui.trips.empty') })));
}

export async function tripPage(main, id) {
  const t = await getJson(`/api/trips/${encodeURIComponent(id)}`);
  const s = t.savings;
  const c = t.measuredSavings;
  const phases = Object.entries(t.energyByPhase);
  const sources = (e) => Object.values(e.generators).reduce((a, b) => a + b, 0);
  const report = (format) => `/api/reports?scope=trip&trip=${encodeURIComponent(t.id)}&format=${format}&lang=${lang}`;
  main.replaceChildren(
    section(tr('ui.trip.title', { id: t.id }),
      h('p', null, tr('ui.trip.line', { vessel: t.vessel, from: utc(Date.parse(t.start)), to: utc(Date.parse(t.end)), status: tr(`status.${t.status}`), metier: t.metier ?? '—' })),
      h('p', null, tr('ui.trip.report'), h('a', { href: report('html'), target: '_blank' }, tr('ui.trip.html')), ' · ', h('a', { href: report('csv') }, 'CSV'), ' · ', h('a', { href: report('json'), target: '_blank' }, 'JSON')),
      phaseTimeline(t.phases, Date.parse(t.start), Date.parse(t.end)),
      h('div.kv', null,
        h('div', null, h('span.k', null, tr('ui.trip.fuelAtSea')), h('span.v', { dataset: { key: 'actualL' } }, s ? litres(s.fuel.actualL) : '—')),
        h('div', null, h('span.k', null, tr('ui.col.baseline')), h('span.v', { dataset: { key: 'baselineL' } }, s ? litres(s.fuel.baselineL) : '—')),
        h('div', null, h('span.k', null, tr('ui.trip.battery')), h('span.v', { dataset: { key: 'batteryL' } }, s ? litres(s.battery.fuelEquivalentL) : '—'),
          h('span.sub', null, s ? tr('ui.trip.batteryLine', { kwh: num(s.battery.energyChangeKWh, 1), sfoc: num(s.battery.marginalSfoc, 0) }) : '')),
        h('div', null, h('span.k', null, tr('ui.trip.savedL')), h('span.v', null, s ? litres(s.fuel.savedL.value) : '—'), h('span.sub', null, s ? interval(s.fuel.savedL, litres) : '')),
        h('div', null, h('span.k', null, tr('ui.trip.saved')), h('span.v', { dataset: { key: 'fraction' } }, s ? pct(s.fuel.fraction.value) : '—'), h('span.sub', null, s ? interval(s.fuel.fraction, pct) : '')),
        h('div', null, h('span.k', null, tr('ui.trip.fuelOnly')), h('span.v', { dataset: { key: 'fuelOnlyFraction' } }, s ? pct(s.fuel.fuelOnly.fraction.value) : '—'), h('span.sub', null, s ? interval(s.fuel.fuelOnly.fraction, pct) : '')),
        h('div', null, h('span.k', null, tr('ui.trip.co2')), h('span.v', null, s ? `${num(s.co2e.savedKg.value, 0)} kg` : '—')),
        h('div', null, h('span.k', null, tr('ui.trip.coverageAtSea')), h('span.v', null, s ? pct(s.coverage) : '—'))),
      s && s.portStay ? h('div.kv', { dataset: { section: 'port-stay' } },
        h('div', null, h('span.k', null, tr('ui.trip.alongside')), h('span.v', null, `${num(s.portStay.hours, 1)} h`)),
        h('div', null, h('span.k', null, tr('ui.trip.shore')), h('span.v', null, kwh(s.portStay.shoreKWh * 3.6e6))),
        h('div', null, h('span.k', null, tr('ui.trip.fuelAlongside')), h('span.v', null, litres(s.portStay.hybridFuelL))),
        h('div', null, h('span.k', null, tr('ui.trip.conventionalAux')), h('span.v', null, litres(s.portStay.conventionalFuelL.value)), h('span.sub', null, interval(s.portStay.conventionalFuelL, litres)))) : null,
      c ? h('div.kv', { dataset: { baseline: 'measured' } },
        h('div', null, h('span.k', null, tr('ui.trip.savedC')), h('span.v', { dataset: { key: 'measuredSavedL' } }, c.savedL ? litres(c.savedL.value) : '—'), h('span.sub', null, c.savedL ? interval(c.savedL, litres) : '')),
        h('div', null, h('span.k', null, tr('ui.trip.savedShareC')), h('span.v', { dataset: { key: 'measuredFraction' } }, pct(c.fraction.value)), h('span.sub', null, interval(c.fraction, pct)))) : null,
      s && s.reasons.length ? h('ul.reasons', null, reasons(t.reasonCodes, s.reasons).map((r) => h('li', null, r))) : null),
    section(tr('ui.trip.energy'),
      table([tr('ui.col.phase'), ...['time', 'generators', 'batteryOut', 'batteryIn', 'renewables', 'shore', 'propulsion', 'winch', 'hotel', 'fuel', 'baselineFuel']
        .map((k) => ({ label: tr(`ui.col.${k}`), num: true }))],
      phases.map(([phase, p]) => h('tr', null, h('td', { dataset: { phase } }, named('phase', phase)), h('td.num', null, `${num(p.seconds / 3600, 2)} h`), h('td.num', null, kwh(sources(p.energy))),
        h('td.num', null, kwh(p.energy.batteryDischarge)), h('td.num', null, kwh(p.energy.batteryCharge)),
        h('td.num', null, kwh(p.energy.solar + p.energy.wind + p.energy.hydro + p.energy.wave)), h('td.num', null, kwh(p.energy.shore)),
        h('td.num', null, kwh(p.energy.propulsion)), h('td.num', null, kwh(p.energy.winch)), h('td.num', null, kwh(p.energy.hotel)),
        h('td.num', null, `${num(p.fuelMetered + p.fuelEstimated, 1)} kg`), h('td.num', null, `${num(p.baselineFuel, 1)} kg`))))),
    section(tr('ui.trip.comfort'), table([tr('ui.col.mode'), { label: tr('ui.col.hours'), num: true }, { label: tr('ui.col.noise'), num: true }],
      Object.entries(t.comfort.wheelhouseNoise).map(([mode, n]) => h('tr', null, h('td', null, tr(`noise.${mode}`)), h('td.num', null, num(n.hours, 2)), h('td.num', null, n.leqDbA === null ? '—' : `${num(n.leqDbA, 1)} dB(A)`)))),
    h('p', null, tr('ui.trip.silent', { hours: num(t.comfort.silentHoursAtSea, 2) }))),
  );
}
