// The effective orchestration policy: flow and task rules in the order they decide, with where each comes from.
import { get } from '../api.js';
import { h, table, section } from '../format.js';

export async function render(root) {
  const policy = await get('/policy');
  const rules = (list) => table(['#', 'Rule', 'From', 'To', 'What it does', 'Source'], list.map((r, i) => h('tr', { 'data-rule': r.name },
    h('td', { class: 'num' }, i + 1),
    h('td', {}, h('code', {}, r.name)),
    h('td', {}, r.from.join(', ')),
    h('td', {}, r.to.join(', ')),
    h('td', {}, r.description || ''),
    h('td', {}, h('span', { class: `pill ${r.source === 'core' ? 'on' : 'plugin'}` }, r.source)))), { class: 'rules' });
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Policy')),
    h('p', { class: 'muted' }, 'Every proposed state passes these rules in order; the first that rejects, delays or aborts decides, and its reason is logged with the run.'),
    ...failedToLoad(policy.failed || []),
    section('Flow run rules', rules(policy.flow || [])),
    section('Task run rules', rules(policy.task || [])));
}

// Rule files, policy.json edits and plugins that did not load: shown first, since the policy in force is not the one written.
function failedToLoad(failed) {
  if (failed.length === 0) return [];
  return [section('Failed to load', table(['Source', 'Why'], failed.map((f) => h('tr', { 'data-failed': f.source },
    h('td', {}, h('code', {}, f.source)),
    h('td', {}, f.reason))), { class: 'failed' }))];
}
