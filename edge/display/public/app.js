// The skipper display in the browser: receives the view from the edge agent and writes it into a fixed page.
// Every element is created once; updates only change text and attributes, so the page can run for weeks.
import { deviceName, word } from './i18n.js';

const SOURCES = ['solar', 'wind', 'hydro', 'wave', 'generators', 'shore'];
const LOADS = ['propulsion', 'winch', 'hotel', 'stabiliser', 'other'];
/** Without a view for this long the agent is unreachable: every figure is blanked, never left frozen. */
const NO_DATA_MS = 4000;
/** Alarm rows on screen at most; the rest are counted below them and move up as these are acknowledged. */
const ALARM_ROWS = 3;
const SVG = 'http://www.w3.org/2000/svg';

const $ = (id) => document.getElementById(id);
const store = { get: (k) => { try { return localStorage.getItem(k); } catch { return null; } },
  set: (k, v) => { try { localStorage.setItem(k, v); } catch { /* private mode: the choice lasts the session */ } } };

const state = {
  lang: store.get('sillage.lang') === 'en' ? 'en' : 'fr',
  night: store.get('sillage.theme') === 'night',
  view: null,
  lastMessageAt: 0,
  alarmsKey: '',
};

const formats = new Map();
function fmt(value, decimals) {
  const key = `${state.lang}:${decimals}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(state.lang === 'fr' ? 'fr-FR' : 'en-GB',
      { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formats.set(key, f);
  }
  return f.format(value);
}

const setText = (el, text) => { if (el.textContent !== text) el.textContent = text; };
const t = (key, vars) => word(state.lang, key, vars);

/**
 * Every figure element and its decimals (or 'h:min' for minutes shown as a skipper reads a duration), so that all
 * can be blanked at once when the agent is unreachable.
 */
const figures = [];
function figureEl(el, decimals) {
  figures.push(el);
  el.dataset.decimals = String(decimals);
  return el;
}

function showFigure(el, figure) {
  if (!figure || figure.value === null) {
    setText(el, '—');
    el.dataset.stale = String(Boolean(figure?.stale));
    el.title = figure?.stale ? t('stale') : '';
    return;
  }
  if (el.dataset.decimals === 'h:min') {
    setText(el, hoursMinutes(figure.value));
  } else {
    // Four-digit figures lose their decimal: "1 237" fits a cell and reads faster than "1 237,3".
    setText(el, fmt(figure.value, Math.abs(figure.value) >= 1000 ? 0 : Number(el.dataset.decimals)));
  }
  el.dataset.stale = 'false';
  el.title = '';
}

function hoursMinutes(minutes) {
  const h = Math.floor(minutes / 60);
  return `${h} h ${String(minutes % 60).padStart(2, '0')}`;
}

function duration(seconds) {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return hoursMinutes(Math.floor(seconds / 60));
}

// ---- the fixed page -------------------------------------------------------------------------------------

const el = {
  soc: figureEl($('soc'), 0), batPower: figureEl($('bat-power'), 1), batTemp: figureEl($('bat-temp'), 1),
  speed: figureEl($('speed'), 1), fuelRate: figureEl($('fuel-rate'), 1),
  socFill: $('soc-fill'), socReserve: $('soc-reserve'), batPowerLabel: $('bat-power-label'),
  autonomyNow: $('autonomy-now'), autonomyTrip: $('autonomy-trip'), reserveNote: $('reserve-note'),
  mode: $('mode'), phase: $('phase'), vessel: $('vessel'), clock: $('clock'),
  alarms: $('alarms'), alarmList: $('alarm-list'), noAlarm: $('no-alarm'), nodata: $('nodata'),
  savingsNote: $('savings-note'),
  linkDot: $('link-dot'), linkState: $('link-state'), linkSync: $('link-sync'), linkBacklog: $('link-backlog'),
};

function svg(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent.appendChild(node);
  return node;
}

/** The power-flow diagram: sources on the left, the battery in the middle, loads on the right. */
const flow = (() => {
  const lines = $('flow-lines');
  const nodes = $('flow-nodes');
  const boxes = {};
  const node = (group, x, y, w, h) => {
    const g = svg('g', { class: 'node', 'data-group': group }, nodes);
    svg('rect', { x, y, width: w, height: h, rx: 10 }, g);
    const label = svg('text', { x: x + 12, y: y + 21, class: 'label' }, g);
    const value = figureEl(svg('text', { x: x + w - 12, y: y + h - 12, class: 'value num', 'text-anchor': 'end' }, g), 1);
    return { g, label, value };
  };
  const line = (x1, y1, x2, y2) => {
    const mid = (x1 + x2) / 2;
    return svg('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, class: 'line' }, lines);
  };
  // Taller than wide, as the panel between the battery and the totals is: the diagram is drawn as large as it fits.
  const MIDDLE = 258;
  SOURCES.forEach((group, i) => {
    const y = 6 + i * 84;
    boxes[group] = { ...node(group, 0, y, 160, 72), line: line(160, y + 36, 190, MIDDLE) };
  });
  const battery = node('battery', 190, MIDDLE - 52, 160, 104);
  // Charging or discharging on a line of its own: beside the name it would not fit at a readable size.
  battery.state = svg('text', { x: 202, y: MIDDLE - 6, class: 'label' }, battery.g);
  LOADS.forEach((group, i) => {
    const y = 6 + i * 100;
    boxes[group] = { ...node(group, 380, y, 160, 80), line: line(350, MIDDLE, 380, y + 40) };
  });
  return { boxes, battery };
})();

/** Totals table: one row per figure, one column for today and one for the trip. */
const totals = (() => {
  const body = $('totals-body');
  const rows = {};
  const row = (key, unit, decimals) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    const unitCell = document.createElement('td');
    unitCell.className = 'unit';
    unitCell.textContent = unit;
    const today = figureEl(document.createElement('td'), decimals);
    const trip = figureEl(document.createElement('td'), decimals);
    today.className = trip.className = 'num';
    tr.append(th, unitCell, today, trip);
    body.appendChild(tr);
    rows[key] = { th, today, trip, tr };
  };
  for (const g of SOURCES) row(g, 'kWh', 1);
  row('fuelUsed', 'L', 1);
  row('fuelSaved', 'L', 1);
  row('fuelSavedPct', '%', 1);
  row('generatorHours', '', 'h:min');
  return rows;
})();

// ---- writing a view into the page -----------------------------------------------------------------------

function autonomyText(a) {
  if (a.minutes !== null) return hoursMinutes(a.minutes);
  if (a.note === 'not-discharging') return t('notDischarging');
  if (a.note === 'no-capacity') return t('noCapacity');
  return '—';
}

function showFlows(view) {
  for (const group of [...SOURCES, ...LOADS]) {
    const box = flow.boxes[group];
    const f = view.flows[group];
    setText(box.label, t(group));
    showFigure(box.value, f);
    const kw = f.value ?? 0;
    const active = f.value !== null && Math.abs(kw) >= 0.1;
    box.line.setAttribute('class', `line${active ? ' active' : ''}${f.stale ? ' stale' : ''}`);
    box.line.style.strokeWidth = active ? String(3 + Math.min(12, Math.sqrt(Math.abs(kw)))) : '';
    box.g.dataset.stale = String(f.stale);
    box.g.dataset.active = String(active);
    if (group === 'other') box.g.style.display = box.line.style.display = f.value === null && !f.stale ? 'none' : '';
  }
  const power = view.battery.power;
  setText(flow.battery.label, t('batteryNode'));
  setText(flow.battery.state, power.value ? t(power.value > 0 ? 'charging' : 'discharging') : '');
  showFigure(flow.battery.value, power.value === null ? power : { value: Math.abs(power.value), stale: false });
}

function showTotals(view) {
  const cells = (key, pick) => {
    const r = totals[key];
    setText(r.th, t(key));
    for (const [col, period] of [['today', view.today], ['trip', view.trip]]) {
      const v = period ? pick(period) : null;
      showFigure(r[col], { value: v, stale: false });
      r[col].title = v === null && period ? t(period.savedWhyNot ? `saved.${period.savedWhyNot}` : 'notYet') : '';
    }
  };
  for (const g of SOURCES) {
    const r = totals[g];
    setText(r.th, t(g));
    for (const [col, period] of [['today', view.today], ['trip', view.trip]]) {
      showFigure(r[col], { value: period ? period.energyKWh[g] : null, stale: false });
    }
  }
  cells('fuelUsed', (p) => p.fuelL);
  cells('fuelSaved', (p) => p.savedL);
  cells('fuelSavedPct', (p) => p.savedPct);
  cells('generatorHours', (p) => p.generatorMinutes);
  // Said in words under the table, not only on hover: a tablet has no mouse.
  const why = view.trip?.savedWhyNot;
  el.savingsNote.hidden = !why;
  setText(el.savingsNote, why ? t(`saved.${why}`) : '');
}

function alarmText(a) {
  const key = a.kind === 'generator-fault' ? `generator-fault.${a.reason ?? 'no-output'}` : a.kind;
  const decimals = a.unit === '°C' || a.unit === 'kW' ? 1 : 0;
  const subject = a.kind === 'device-silent' ? deviceName(state.lang, a.subject) : a.subject;
  return t(key, { subject, value: fmt(a.value, decimals), threshold: fmt(a.threshold, decimals) });
}

function showAlarms(view) {
  const key = `${state.lang}|${JSON.stringify(view.alarms)}`;
  if (key === state.alarmsKey) return;
  state.alarmsKey = key;
  const items = view.alarms.slice(0, ALARM_ROWS).map((a) => {
    const li = document.createElement('li');
    li.className = `alarm ${a.severity} ${a.state}`;
    li.dataset.id = a.id;
    li.dataset.kind = a.kind;
    li.dataset.state = a.state;
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = alarmText(a);
    li.appendChild(text);
    if (a.state === 'acknowledged') {
      const note = document.createElement('span');
      note.className = 'note';
      note.textContent = t('acknowledged');
      li.appendChild(note);
    } else {
      if (a.state === 'rectified') {
        const note = document.createElement('span');
        note.className = 'note';
        note.textContent = t('rectified');
        li.appendChild(note);
      }
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'ack';
      button.dataset.ack = a.id;
      button.textContent = t('acknowledge');
      li.appendChild(button);
    }
    return li;
  });
  if (view.alarms.length > ALARM_ROWS) {
    const more = document.createElement('li');
    more.className = 'more';
    const hidden = view.alarms.length - ALARM_ROWS;
    more.textContent = t(hidden === 1 ? 'moreAlarm' : 'moreAlarms', { n: hidden });
    items.push(more);
  }
  el.alarmList.replaceChildren(...items);
  el.noAlarm.hidden = items.length > 0;
  el.alarms.dataset.level = view.alarms.some((a) => a.state !== 'acknowledged' && a.severity === 'alarm') ? 'alarm'
    : view.alarms.some((a) => a.state !== 'acknowledged') ? 'warning' : 'calm';
}

function showLink(link) {
  el.linkDot.dataset.up = String(link.connected);
  setText(el.linkState, t(link.connected ? 'connected' : 'disconnected'));
  setText(el.linkSync, link.lastSyncAgoS === null ? t('never') : t('ago', { d: duration(link.lastSyncAgoS) }));
  setText(el.linkBacklog, fmt(link.backlog, 0));
}

function render() {
  const view = state.view;
  if (!view) return;
  const { battery } = view;
  setText(el.vessel, view.vessel);
  const d = new Date(view.t);
  setText(el.clock, `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`);
  setText(el.mode, view.mode ? t(view.mode) : '—');
  el.mode.dataset.mode = view.mode ?? '';
  setText(el.phase, view.phase ? t(view.phase) : '—');
  showFigure(el.soc, battery.soc);
  el.socFill.style.width = `${battery.soc.value ?? 0}%`;
  el.socReserve.style.left = `${battery.reservePct}%`;
  el.soc.dataset.low = String(battery.soc.value !== null && battery.soc.value <= battery.reservePct + 10);
  const power = battery.power;
  showFigure(el.batPower, power.value === null ? power : { value: Math.abs(power.value), stale: false });
  setText(el.batPowerLabel, power.value === null || power.value === 0 ? t('batteryPower')
    : t(power.value > 0 ? 'charging' : 'discharging'));
  showFigure(el.batTemp, battery.temperature);
  setText(el.reserveNote, t('reserve', { pct: battery.reservePct }));
  setText(el.autonomyNow, autonomyText(view.autonomy.current));
  setText(el.autonomyTrip, autonomyText(view.autonomy.tripAverage));
  showFigure(el.speed, view.speedKn);
  showFigure(el.fuelRate, view.fuelRateLh);
  showFlows(view);
  showTotals(view);
  showAlarms(view);
  showLink(view.link);
}

function applyLanguageAndTheme() {
  document.documentElement.lang = state.lang;
  document.body.classList.toggle('night', state.night);
  document.body.classList.toggle('day', !state.night);
  for (const node of document.querySelectorAll('[data-i18n]')) setText(node, t(node.dataset.i18n));
  setText($('theme-toggle'), t(state.night ? 'themeToggleNight' : 'themeToggle'));
  state.alarmsKey = '';
  render();
}

// ---- the live connection --------------------------------------------------------------------------------

function blankEverything() {
  if (!el.nodata.hidden) return;
  el.nodata.hidden = false;
  document.body.classList.add('nodata');
  for (const f of figures) showFigure(f, { value: null, stale: true });
  for (const a of [el.autonomyNow, el.autonomyTrip, el.mode, el.phase]) setText(a, '—');
}

function connect() {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live`);
  ws.onmessage = (event) => {
    state.view = JSON.parse(event.data);
    state.lastMessageAt = Date.now();
    if (!el.nodata.hidden) {
      el.nodata.hidden = true;
      document.body.classList.remove('nodata');
    }
    render();
  };
  ws.onclose = () => setTimeout(connect, 2000);
}

document.addEventListener('click', async (event) => {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return;
  if (target.id === 'theme-toggle') {
    state.night = !state.night;
    store.set('sillage.theme', state.night ? 'night' : 'day');
    applyLanguageAndTheme();
  } else if (target.id === 'lang-toggle') {
    state.lang = state.lang === 'fr' ? 'en' : 'fr';
    store.set('sillage.lang', state.lang);
    applyLanguageAndTheme();
  } else if (target.dataset.ack) {
    target.disabled = true;
    await fetch(`/api/alarms/${encodeURIComponent(target.dataset.ack)}/ack`, { method: 'POST' }).catch(() => undefined);
    target.disabled = false;
  }
});

setInterval(() => { if (Date.now() - state.lastMessageAt > NO_DATA_MS) blankEverything(); }, 1000);
applyLanguageAndTheme();
connect();
