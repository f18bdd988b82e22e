// DOM building and formatting shared by the pages. Text always goes in as text nodes, never as HTML.

export const STATE_TYPES = ['SCHEDULED', 'PENDING', 'RUNNING', 'PAUSED', 'CANCELLING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'];
export const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED']);

export const STATE_COLOURS = {
  SCHEDULED: '#d4a72c',
  PENDING: '#9198a1',
  RUNNING: '#2f6fde',
  PAUSED: '#8957e5',
  CANCELLING: '#7d8590',
  COMPLETED: '#2da44e',
  FAILED: '#cf222e',
  CANCELLED: '#57606a',
  CRASHED: '#e16f24',
  NONE: '#c9ccd1',
};

export function stateColour(type) {
  return STATE_COLOURS[type] || STATE_COLOURS.NONE;
}

/** h('a', {href: '#/', class: 'x'}, 'text', child...) */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

export function badge(type, name) {
  const label = name || (type ? type[0] + type.slice(1).toLowerCase() : 'No state');
  return h('span', { class: 'badge', style: `background:${stateColour(type || 'NONE')}`, 'data-state': type || 'NONE' }, label);
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function timeMs(ms) {
  return ms == null ? '—' : time(new Date(ms).toISOString());
}

export function duration(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return '—';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} m ${Math.round(seconds % 60)} s`;
  const hours = Math.floor(m / 60);
  return `${hours} h ${m % 60} m`;
}

/** A run's duration in seconds: its total run time, or start to now while it runs. */
export function runDuration(run) {
  if (run.total_run_time) return run.total_run_time;
  if (run.start_time && !TERMINAL.has(run.state_type)) return (Date.now() - Date.parse(run.start_time)) / 1000;
  if (run.start_time && run.end_time) return (Date.parse(run.end_time) - Date.parse(run.start_time)) / 1000;
  return null;
}

export function json(value) {
  return h('pre', { class: 'json' }, value === undefined ? '—' : JSON.stringify(value, null, 2));
}

export function tags(list) {
  return h('span', { class: 'tags' }, (list || []).map((t) => h('span', { class: 'tag' }, t)));
}

export function table(headers, rows, attrs) {
  return h('table', attrs || {},
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.length ? rows : [h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, 'Nothing here yet.'))]));
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

export function errorBox(e) {
  return h('div', { class: 'error-box' }, e && e.detail ? String(e.detail) : String(e));
}

/** A schedule from a deployment as a short sentence. */
export function schedule(s) {
  if (!s) return 'none';
  if (s.cron) return `cron ${s.cron}${s.timezone ? ` (${s.timezone})` : ''}`;
  if (s.interval != null) {
    const secs = typeof s.interval === 'number' ? s.interval : Number(s.interval);
    return Number.isNaN(secs) ? `every ${s.interval}` : `every ${duration(secs)}`;
  }
  if (s.rrule) return `rrule ${s.rrule}`;
  return JSON.stringify(s);
}

/** Replaces a node's children; arrays are flattened and null, undefined and false left out. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}
