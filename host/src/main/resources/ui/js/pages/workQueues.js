// Work queues: paused or not, their limits, the runs due now, and the workers seen with their last
// poll and last heartbeat.
import { get, post } from '../api.js';
import { h, badge, time, table, section, tags } from '../format.js';

export async function render(root) {
  const queues = await post('/work_queues/filter', { limit: 200 });
  const now = new Date().toISOString();
  const due = await Promise.all(queues.map((q) => post('/flow_runs/filter', {
    flow_runs: { work_queue_name: { any_: [q.name] }, state: { type: { any_: ['SCHEDULED'] } }, next_scheduled_start_time: { before_: now } },
    sort: 'NEXT_SCHEDULED_START_TIME_ASC', limit: 5,
  })));
  const dueCounts = await Promise.all(queues.map((q) => post('/flow_runs/count', {
    flow_runs: { work_queue_name: { any_: [q.name] }, state: { type: { any_: ['SCHEDULED'] } }, next_scheduled_start_time: { before_: now } },
  })));
  const workers = await Promise.all(queues.map((q) => get(`/work_queues/${q.id}/workers`)));
  const seen = (q, i) => workers[i].length === 0
    ? (q.last_polled ? `last poll ${time(q.last_polled)}` : h('span', { class: 'muted' }, 'never polled'))
    : workers[i].map((w) => h('div', { class: 'worker', 'data-worker': w.name }, h('strong', {}, w.name),
      ` polled ${time(w.last_polled)}`,
      w.last_heartbeat ? `, heartbeat ${time(w.last_heartbeat)}` : h('span', { class: 'muted' }, ', no heartbeat yet')));
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Work queues')),
    section('Work queues', table(['Queue', 'Status', 'Concurrency', 'Priority', 'Due runs', 'Workers (last poll, last heartbeat)', 'Tags'], queues.map((q, i) => h('tr', { 'data-queue': q.name },
      h('td', {}, h('strong', {}, q.name), q.description ? h('div', { class: 'muted' }, q.description) : null),
      h('td', {}, h('span', { class: `pill ${q.is_paused ? 'off' : 'on'}` }, q.is_paused ? 'paused' : 'ready')),
      h('td', {}, q.concurrency_limit == null ? 'no limit' : String(q.concurrency_limit)),
      h('td', {}, String(q.priority)),
      h('td', {}, h('div', {}, `${dueCounts[i]} due`), due[i].map((r) => h('div', {}, h('a', { href: `#/flow-runs/${r.id}` }, r.name), ' ', badge(r.state_type, r.state_name)))),
      h('td', {}, seen(q, i)),
      h('td', {}, tags(q.tags)))), { class: 'queues' })));
}
