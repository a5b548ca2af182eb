import { t } from './i18n.js';

/** h('div.card', {onclick}, child, …): a small element builder; strings become text, never HTML. */
export function h(tag, attrs, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export const svgNs = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function table(headers, rows, opts = {}) {
  return h(`table${opts.cls ? `.${opts.cls}` : ''}`, null,
    h('thead', null, h('tr', null, headers.map((x) => h(typeof x === 'object' && x.num ? 'th.num' : 'th', null, typeof x === 'object' ? x.label : x)))),
    h('tbody', null, rows.length ? rows : h('tr', null, h('td.empty', { colspan: headers.length }, opts.empty || t('ui.empty')))));
}

export function section(title, ...children) {
  return h('section.card', null, h('h2', null, title), ...children);
}
