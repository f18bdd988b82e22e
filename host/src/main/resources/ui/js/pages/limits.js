// Concurrency limits: per tag, the slots in use and the task runs holding them.
import { post } from '../api.js';
import { h, badge, table, section } from '../format.js';

export async function render(root) {
  const limits = await post('/concurrency_limits/filter', { limit: 200 });
  const holders = [...new Set(limits.flatMap((l) => l.active_slots || []))];
  const runs = holders.length ? await post('/task_runs/filter', { task_runs: { id: { any_: holders.slice(0, 200) } }, limit: 200 }) : [];
  const byId = new Map(runs.map((r) => [r.id, r]));
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Concurrency limits')),
    section('Limits by tag', table(['Tag', 'Slots in use', 'Held by'], limits.map((l) => {
      const used = (l.active_slots || []).length;
      const pct = l.concurrency_limit ? Math.min(100, (100 * used) / l.concurrency_limit) : 100;
      return h('tr', { 'data-tag': l.tag },
        h('td', {}, h('span', { class: 'tag' }, l.tag)),
        h('td', {}, h('div', { class: 'meter' }, h('div', { style: `width:${pct}%` })), ` ${used} of ${l.concurrency_limit}`),
        h('td', {}, used ? (l.active_slots || []).map((id) => {
          const r = byId.get(id);
          return h('div', {}, h('a', { href: `#/task-runs/${id}` }, r ? r.name : id), ' ', r ? badge(r.state_type, r.state_name) : null);
        }) : h('span', { class: 'muted' }, 'free')));
    }), { class: 'limits' })));
}
