// Artifacts: the latest of each key (#/artifacts), and a key's versions, newest first (#/artifacts/KEY).
import { get } from '../api.js';
import { h, table, section, time } from '../format.js';
import { artifactView } from '../artifacts.js';

export async function render(root, { id }) {
  if (id) {
    const key = decodeURIComponent(id);
    const versions = await get(`/ui/artifacts/${encodeURIComponent(key)}`);
    root.append(
      h('div', { class: 'page-head' }, h('div', {},
        h('div', { class: 'crumbs' }, h('a', { href: '#/artifacts' }, 'Artifacts'), ' / ', key),
        h('h1', {}, key))),
      section(`History: ${versions.length} ${versions.length === 1 ? 'version' : 'versions'}, newest first`,
        h('div', { id: 'artifact-versions' }, versions.length
          ? versions.map((a) => artifactView(a, { showRun: true }))
          : h('p', { class: 'muted' }, 'No artifact has this key.'))));
    return;
  }
  const latest = await get('/ui/artifacts');
  root.append(h('div', { class: 'page-head' }, h('h1', {}, 'Artifacts')),
    section('Latest of each key', table(['Key', 'Type', 'Description', 'Flow run', 'Updated'], latest.map((a) => h('tr', { 'data-key': a.key },
      h('td', {}, h('a', { href: `#/artifacts/${encodeURIComponent(a.key)}` }, a.key)),
      h('td', {}, a.type || '—'),
      h('td', {}, a.description || ''),
      h('td', {}, a.flow_run_id ? h('a', { href: `#/flow-runs/${a.flow_run_id}` }, a.flow_run_id.slice(0, 8)) : '—'),
      h('td', { class: 'nowrap' }, time(a.updated)))), { class: 'artifacts' }),
    h('p', { class: 'muted' }, 'Artifacts without a key show on their run\'s page only.')));
}
