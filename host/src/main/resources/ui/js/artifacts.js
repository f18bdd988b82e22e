// Artifacts as the run page and the Artifacts page show them: markdown as the HTML the server
// rendered (raw HTML in the markdown was escaped there and unsafe links dropped, so it goes in
// as is), tables built from their JSON as text nodes, anything else as JSON.
import { h, time, json } from './format.js';

export function artifactView(a, { showRun } = {}) {
  const body = h('div', { class: 'artifact-body' });
  if (a.type === 'markdown' && typeof a.html === 'string') {
    body.classList.add('markdown');
    body.innerHTML = a.html;
  } else if (a.type === 'table') {
    body.append(tableOf(a.data));
  } else {
    body.append(json(a.data));
  }
  return h('article', { class: 'artifact', 'data-artifact-id': a.id, 'data-type': a.type || '' },
    h('header', {},
      a.key ? h('a', { class: 'artifact-key', href: `#/artifacts/${encodeURIComponent(a.key)}` }, a.key) : h('span', { class: 'muted' }, 'no key'),
      ' ', h('span', { class: 'tag' }, a.type || 'artifact'), ' ', h('span', { class: 'muted' }, time(a.created)),
      showRun && a.flow_run_id ? [' · ', h('a', { href: `#/flow-runs/${a.flow_run_id}` }, 'flow run')] : null,
      a.task_run_id ? [' · ', h('a', { href: `#/task-runs/${a.task_run_id}` }, 'task run')] : null),
    a.description ? h('p', { class: 'muted' }, a.description) : null,
    body);
}

/** A table artifact's data (JSON text, as Prefect stores it): rows of objects or of arrays, or an object of columns. */
function tableOf(data) {
  let t = data;
  if (typeof t === 'string') {
    try { t = JSON.parse(t); } catch (e) { return h('pre', {}, data); }
  }
  let headers;
  let rows;
  if (Array.isArray(t) && t.every((r) => Array.isArray(r))) {
    headers = [...Array(Math.max(0, ...t.map((r) => r.length))).keys()].map(String);
    rows = t;
  } else if (Array.isArray(t)) {
    headers = [...new Set(t.flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : [])))];
    rows = t.map((r) => headers.map((k) => (r ? r[k] : null)));
  } else if (t && typeof t === 'object') {
    headers = Object.keys(t);
    const n = Math.max(0, ...headers.map((k) => (Array.isArray(t[k]) ? t[k].length : 0)));
    rows = [...Array(n).keys()].map((i) => headers.map((k) => (Array.isArray(t[k]) ? t[k][i] : null)));
  } else {
    return json(t);
  }
  return h('table', { class: 'artifact-table' },
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, cell(c)))))));
}

function cell(v) {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
