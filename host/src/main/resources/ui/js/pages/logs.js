// A run's logs with a level filter, newest lines appended while the run is live.
import { post } from '../api.js';
import { h, time, table, fill } from '../format.js';

const LEVELS = [[10, 'DEBUG'], [20, 'INFO'], [30, 'WARNING'], [40, 'ERROR']];
const LEVEL_CLASS = { 10: 'debug', 20: 'info', 30: 'warning', 40: 'error', 50: 'error' };

/** Returns {node, refresh()}; `field` is flow_run_id or task_run_id. */
export function logView(field, id, taskNames) {
  let level = 0;
  let lines = [];
  const seen = new Set();
  const body = h('div', { id: 'logs' });
  const select = h('select', { id: 'log-level', onchange: (e) => { level = Number(e.target.value); reload(); } },
    h('option', { value: '0' }, 'All levels'),
    LEVELS.map(([n, name]) => h('option', { value: String(n) }, `${name} and above`)));
  const more = h('button', { class: 'light', hidden: true, onclick: () => fetchPage(lines.length) }, 'Load more');

  function filter(extra) {
    const logs = { [field]: { any_: [id] }, ...extra };
    if (level) logs.level = { ge_: level };
    return logs;
  }

  async function fetchPage(offset) {
    const page = await post('/logs/filter', { logs: filter({}), sort: 'TIMESTAMP_ASC', limit: 200, offset });
    add(page);
    more.hidden = page.length < 200;
  }

  function add(page) {
    for (const l of page) {
      if (seen.has(l.id)) continue;
      seen.add(l.id);
      lines.push(l);
    }
    draw();
  }

  function draw() {
    fill(body, table(['Time', 'Level', 'Task', 'Message'], lines.map((l) => h('tr', { class: `log ${LEVEL_CLASS[l.level] || ''}` },
      h('td', { class: 'nowrap' }, time(l.timestamp)),
      h('td', {}, levelName(l.level)),
      h('td', {}, l.task_run_id ? h('a', { href: `#/task-runs/${l.task_run_id}` }, (taskNames && taskNames.get(l.task_run_id)) || 'task') : ''),
      h('td', { class: 'message' }, l.message))), { class: 'logs' }));
  }

  async function reload() {
    lines = [];
    seen.clear();
    await fetchPage(0);
  }

  /** Appends lines newer than the last one shown. */
  async function refresh() {
    if (!more.hidden) return;
    const last = lines.length ? lines[lines.length - 1].timestamp : null;
    const page = await post('/logs/filter', { logs: filter(last ? { timestamp: { after_: last } } : {}), sort: 'TIMESTAMP_ASC', limit: 200 });
    add(page);
    more.hidden = page.length < 200;
  }

  return { node: h('div', {}, h('div', { class: 'toolbar' }, select), body, more), reload, refresh, draw };
}

export function levelName(n) {
  if (n >= 40) return n >= 50 ? 'CRITICAL' : 'ERROR';
  if (n >= 30) return 'WARNING';
  if (n >= 20) return 'INFO';
  return 'DEBUG';
}
