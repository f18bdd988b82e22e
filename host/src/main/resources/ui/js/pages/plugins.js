// Plugins: those loaded (with what they contribute) and those that failed, with the reason.
import { get } from '../api.js';
import { h, table, section } from '../format.js';

export async function render(root) {
  const answer = await get('/plugins');
  const list = Array.isArray(answer) ? answer : [...(answer.loaded || []), ...(answer.failed || [])];
  const failed = (p) => p.error || p.reason || (p.state && /fail|disabled|error/i.test(p.state));
  const row = (p) => h('tr', { 'data-plugin': p.id || p.name || '' },
    h('td', {}, h('code', {}, p.id || p.name || '?')),
    h('td', {}, p.version || '—'),
    h('td', {}, h('span', { class: `pill ${failed(p) ? 'off' : 'on'}` }, p.state || (failed(p) ? 'failed' : 'loaded'))),
    h('td', {}, describe(p.extensions || p.contributions)),
    h('td', {}, p.error || p.reason || (p.path ? h('code', {}, p.path) : '')));
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Plugins')),
    section('Loaded', table(['Plugin', 'Version', 'State', 'Contributes', 'Where'], list.filter((p) => !failed(p)).map(row), { class: 'plugins-loaded' })),
    section('Failed', table(['Plugin', 'Version', 'State', 'Contributes', 'Reason'], list.filter(failed).map(row), { class: 'plugins-failed' })));
}

function describe(x) {
  if (!x) return '—';
  if (Array.isArray(x)) return x.map((e) => (typeof e === 'string' ? e : e.name || e.type || JSON.stringify(e))).join(', ');
  return JSON.stringify(x);
}
